import ArgumentParser
import Foundation
import SproutNode

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks; each prints JSON.",
        subcommands: [ABI.self, Applet.self]
    )

    /// Plugin load time and the cost of an empty call across the ABI, in process and through an
    /// isolation worker.
    struct ABI: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plugin load time and empty-call overhead, in process and isolated (JSON).")

        @Option(help: "A plugin whose execute does almost nothing (the C fixture libsprout_fixture_minimal.so).")
        var plugin: String
        @Option(help: "Empty calls to time in process.") var calls = 200_000
        @Option(help: "Empty calls to time through the isolation worker.") var isolatedCalls = 5_000
        @Option(help: "Loads to time.") var loads = 20

        func run() throws {
            let store = ShadowStore.temporary()
            defer { try? FileManager.default.removeItem(at: store.directory) }
            let original = try Data(contentsOf: URL(fileURLWithPath: plugin))
            // Each load gets its own copy, so dlopen cannot hand back a library it already mapped.
            var loadSeconds: [Double] = []
            for index in 0..<loads {
                let copy = store.directory.appendingPathComponent("load-\(index).so")
                try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
                try original.write(to: copy)
                let started = ContinuousClock.now
                _ = try PluginLibrary(path: copy.path)
                loadSeconds.append(seconds(ContinuousClock.now - started))
            }
            let shadow = try store.copy(URL(fileURLWithPath: plugin))
            let library = try PluginLibrary(path: shadow.path)
            let native = try library.createProgram(code: [0x61], expParam: "")
            let inProcess = try timePerCall(calls, native)
            let isolatedEngine = try IsolatedEngine(pluginPath: shadow.path, settings: IsolationSettings(workerExecutable: SelfExecutable.url))
            let isolated = try timePerCall(isolatedCalls, try isolatedEngine.createProgram(code: [0x61], expParam: ""))
            let report: [String: Any] = [
                "benchmark": "plugin-abi",
                "plugin": library.info.name,
                "loadMicrosecondsMedian": loadSeconds.sorted()[loadSeconds.count / 2] * 1e6,
                "emptyCallNanosecondsInProcess": inProcess * 1e9,
                "emptyCallMicrosecondsIsolated": isolated * 1e6,
                "callsPerSecondInProcess": 1 / inProcess,
                "callsPerSecondIsolated": 1 / isolated,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
        }

        private func timePerCall(_ count: Int, _ program: any EngineProgram) throws -> Double {
            let control = CallControl()
            for _ in 0..<min(count, 100) { _ = try program.execute(inputs: [], control: control) }
            let started = ContinuousClock.now
            for _ in 0..<count { _ = try program.execute(inputs: [], control: control) }
            return seconds(ContinuousClock.now - started) / Double(count)
        }
    }

    /// Applet throughput of the wasm engine: messages/s through execute.
    struct Applet: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "wasm engine throughput on a project's applet, in messages/s (JSON).")

        @Option(help: "A wasm project file or applet, e.g. ../shared/fixtures/sprout/10003.") var code: String
        @Option(help: "Tasks to run.") var tasks = 200
        @Option(help: "Message data of each task.") var data = "wasm log example"
        @OptionGroup var options: PluginOptions

        func run() throws {
            options.bootstrapLogging()
            let source = try ProgramSource.load(file: URL(fileURLWithPath: code), vmType: "wasm", expParam: nil)
            let registry = options.registry()
            registry.reload()
            let lease = try registry.lease(vmType: source.vmType)
            defer { lease.release() }
            let started = ContinuousClock.now
            let program = try lease.backend.createProgram(code: source.code, expParam: source.expParam)
            let created = seconds(ContinuousClock.now - started)
            let control = CallControl()
            let runStart = ContinuousClock.now
            for _ in 0..<tasks { _ = try program.execute(inputs: [Array(data.utf8)], control: control) }
            let perTask = seconds(ContinuousClock.now - runStart) / Double(tasks)
            let report: [String: Any] = [
                "benchmark": "wasm-applet",
                "engine": "\(lease.backend.info.name) \(lease.backend.info.version)",
                "artifactBytes": source.code.count,
                "createProgramMilliseconds": created * 1e3,
                "taskMilliseconds": perTask * 1e3,
                "messagesPerSecond": 1 / perTask,
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
        }
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
