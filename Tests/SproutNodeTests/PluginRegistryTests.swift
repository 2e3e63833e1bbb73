import Foundation
import Testing

@testable import SproutNode

@Suite struct PluginRegistryTests {
    func registry(_ scratch: ScratchDirectory) -> PluginRegistry {
        PluginRegistry(configuration: .init(directories: [scratch.url]))
    }

    @Test func listsLoadedAndRefusedPluginsSideBySide() throws {
        let scratch = try ScratchDirectory()
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "minimal.so")
        try scratch.place(try BuildProducts.library("sprout_fixture_wrong_abi"), as: "wrong.so")
        try scratch.place(try BuildProducts.library("sprout_fixture_no_entry"), as: "noentry.so")
        let plugins = registry(scratch)
        plugins.reload()
        let byFile = Dictionary(uniqueKeysWithValues: plugins.entries.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0) })
        #expect(byFile["minimal.so"]?.status == .active)
        guard case .failed(let abiReason) = byFile["wrong.so"]?.status, case .failed(let entryReason) = byFile["noentry.so"]?.status else {
            Issue.record("refused plugins are not listed as failed: \(byFile)")
            return
        }
        #expect(abiReason.contains("ABI 2.0"))
        #expect(entryReason.contains("sprout_plugin_entry"))
    }

    @Test func severalVersionsServeSideBySideAndProjectsPinThem() throws {
        let scratch = try ScratchDirectory()
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture-1.so")
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal_v2"), as: "fixture-2.so")
        let plugins = registry(scratch)
        plugins.reload()
        #expect(try plugins.lease(vmType: "fixture").backend.info.version == SemanticVersion(2, 0, 0))
        try plugins.pin(project: 42, vmType: "fixture", to: try VersionRange("^1.0"))
        #expect(try plugins.lease(vmType: "fixture", project: 42).backend.info.version == SemanticVersion(1, 0, 0))
        #expect(try plugins.lease(vmType: "fixture", project: 43).backend.info.version == SemanticVersion(2, 0, 0))
        #expect(throws: EngineSelectionError.self) { try plugins.pin(project: 42, vmType: "fixture", to: try VersionRange("^3")) }
        // The refused pin left the old one in place.
        #expect(plugins.pin(of: 42)?.description == "^1.0")
        try plugins.pin(project: 42, vmType: "fixture", to: nil)
        #expect(try plugins.lease(vmType: "fixture", project: 42).backend.info.version == SemanticVersion(2, 0, 0))
    }

    @Test func unknownVmTypeSaysWhatToDo() throws {
        let scratch = try ScratchDirectory()
        let plugins = registry(scratch)
        plugins.reload()
        #expect {
            try plugins.lease(vmType: "risc0")
        } throws: { error in
            "\(error)".contains("no engine for vmType \"risc0\"") && "\(error)".contains("plugins.d")
        }
    }

    /// The issue's acceptance test: a plugin file replaced in place while 50 calls are in
    /// flight; all 50 complete without error, later calls see the new version.
    @Test func replacingAPluginInPlaceDrainsCallsInFlight() throws {
        let scratch = try ScratchDirectory()
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture.so")
        let plugins = registry(scratch)
        plugins.reload()
        let started = Counter()
        let results = ResultLog()
        let done = DispatchGroup()
        // One thread per call: they block in the plugin, as prover threads do.
        for index in 0..<50 {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                do {
                    let lease = try plugins.lease(vmType: "fixture")
                    defer { lease.release() }
                    let program = try lease.backend.createProgram(code: Array("p\(index)".utf8), expParam: "")
                    started.increment()
                    // "slow" keeps the call busy for ~200 ms, long enough to overlap the reload.
                    let output = try program.execute(inputs: [Array("slow".utf8)], control: CallControl())
                    results.append(.success(String(decoding: output, as: UTF8.self)))
                } catch {
                    results.append(.failure(error))
                }
            }
        }
        let deadline = ContinuousClock.now + .seconds(30)
        while started.value < 50 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
        #expect(started.value == 50)
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal_v2"), as: "fixture.so")
        let changes = plugins.reload()
        #expect(changes.contains { $0.contains("loaded fixture-minimal 2.0.0") && $0.contains("retired 1.0.0") })
        let retired = plugins.entries.first { $0.status == .retired }
        #expect(retired?.inFlight ?? 0 > 0, "the old version should still be finishing calls")
        #expect(done.wait(timeout: .now() + 60) == .success)
        let outputs = results.all
        #expect(outputs.count == 50)
        for output in outputs {
            switch output {
            case .success(let text): #expect(text.hasPrefix("1.0.0:"))
            case .failure(let error): Issue.record("a call in flight failed: \(error)")
            }
        }
        let lease = try plugins.lease(vmType: "fixture")
        let program = try lease.backend.createProgram(code: Array("after".utf8), expParam: "")
        #expect(String(decoding: try program.execute(inputs: [], control: CallControl()), as: UTF8.self) == "2.0.0:after")
        // Drained: the retired version is gone once its last call finished.
        #expect(plugins.entries.map(\.status) == [.active])
    }

    @Test func aBrokenReplacementKeepsTheOldVersionServing() throws {
        let scratch = try ScratchDirectory()
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture.so")
        let plugins = registry(scratch)
        plugins.reload()
        _ = try scratch.write(Array("this is not a shared library".utf8), as: "fixture.so")
        let changes = plugins.reload()
        #expect(changes.count == 1)
        #expect(changes[0].contains("not a shared library") && changes[0].contains("keeps serving"))
        let lease = try plugins.lease(vmType: "fixture")
        #expect(lease.backend.info.version == SemanticVersion(1, 0, 0))
        let program = try lease.backend.createProgram(code: [1], expParam: "")
        #expect(try program.execute(inputs: [], control: CallControl()).count > 0)
        // The failure is listed next to the version that serves.
        #expect(plugins.entries.contains { if case .failed(let reason) = $0.status { reason.contains("not a shared library") } else { false } })
        // Fixing the file loads it.
        try scratch.place(try BuildProducts.library("sprout_fixture_minimal_v2"), as: "fixture.so")
        plugins.reload()
        #expect(try plugins.lease(vmType: "fixture").backend.info.version == SemanticVersion(2, 0, 0))
    }

    @Test func removingAPluginFileRetiresIt() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.place(try BuildProducts.library("sprout_fixture_minimal"), as: "fixture.so")
        let plugins = registry(scratch)
        plugins.reload()
        try FileManager.default.removeItem(at: file)
        let changes = plugins.reload()
        #expect(changes.first?.contains("is gone") == true)
        #expect(throws: EngineSelectionError.self) { try plugins.lease(vmType: "fixture") }
    }
}

final class ResultLog: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<String, any Error>] = []
    func append(_ result: Result<String, any Error>) { lock.withLock { results.append(result) } }
    var all: [Result<String, any Error>] { lock.withLock { results } }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
