import ArgumentParser
import Foundation
import SproutNode

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a program once over message data, without a proof, and print the result.",
        discussion: """
            --code takes the raw artifact (wasm, ELF, circuit) or a sprout project file, whose
            vmType, code and codeExpParam are then used. --data is repeatable: the task's message
            data in order. Example:
              sprout execute --code ../shared/fixtures/sprout/10003 --data '"wasm log example"'
            """)

    @Option(name: .customLong("vm"), help: "Engine vmType (wasm, risc0, zkwasm, halo2…); read from a project file when omitted.")
    var vmType: String?

    @Option(help: "Program file: a raw artifact or a sprout project file.") var code: String
    @Option(help: "The project's codeExpParam (JSON).") var expParam: String?
    @Option(help: "Which version of a project file to run (default: its first).") var projectVersion: String?
    @Option(help: "Message data, repeatable; each value is passed to the engine as given.") var data: [String] = []
    @Option(help: "Engine version range, e.g. ^1.2 (default: the project's pin, else the newest).") var engineVersion: String?
    @Flag(help: "Run the engine in a worker process (isolation mode).") var isolated = false
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var options: PluginOptions

    func run() throws {
        options.bootstrapLogging()
        let source: ProgramSource
        do {
            source = try ProgramSource.load(file: URL(fileURLWithPath: code), vmType: vmType, expParam: expParam, version: projectVersion)
        } catch {
            fail("\(error)")
            throw ExitStatus.invalidProgram
        }
        let registry = options.registry(isolated: isolated)
        registry.reload()
        let lease: EngineLease
        do {
            let range = try (engineVersion ?? source.engineVersion).map { text throws(VersionRange.ParseError) in try VersionRange(text) }
            lease = try registry.lease(vmType: source.vmType, range: range)
        } catch {
            fail("\(error)")
            throw ExitStatus.noEngine
        }
        defer { lease.release() }
        let info = lease.backend.info
        let program: any EngineProgram
        do {
            program = try lease.backend.createProgram(code: source.code, expParam: source.expParam)
        } catch {
            fail("\(info.name) \(info.version) refused the program: \(error)")
            throw ExitStatus.invalidProgram
        }
        let started = ContinuousClock.now
        let result: [UInt8]
        do {
            result = try program.execute(inputs: data.map { Array($0.utf8) }, control: CallControl())
        } catch {
            fail("execution failed on \(info.name) \(info.version): \(error)")
            throw ExitStatus.engineFailed
        }
        let elapsed = ContinuousClock.now - started
        let hex = result.map { String(format: "%02x", $0) }.joined()
        if json {
            let object: [String: Any] = [
                "vmType": source.vmType, "engine": info.name, "engineVersion": info.version.description, "resultHex": hex,
                "seconds": Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(source.vmType) program ran on \(info.name) \(info.version) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
            print("result (\(result.count) bytes): \(hex)")
            if result.count == 4 {
                let value = result.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                print("as little-endian i32: \(Int32(bitPattern: value))")
            }
        }
    }

    private func fail(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
