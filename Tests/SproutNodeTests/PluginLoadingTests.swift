import Foundation
import Testing

@testable import SproutNode

/// Every fixture plugin ends in its documented outcome: loaded, or refused with the reason.
@Suite struct PluginLoadingTests {
    let shadow = ShadowStore.temporary()

    func load(_ url: URL) throws -> PluginLibrary {
        let copy = try shadow.copy(url)
        return try PluginLibrary(path: copy.path)
    }

    func loadError(_ url: URL) throws -> PluginLoadError {
        do {
            _ = try load(url)
        } catch let error as PluginLoadError {
            return error
        }
        Issue.record("\(url.lastPathComponent) loaded but should have been refused")
        throw CancellationError()
    }

    @Test func minimalCFixtureLoadsWithItsDescriptor() throws {
        let library = try load(try BuildProducts.library("sprout_fixture_minimal"))
        #expect(library.info.name == "fixture-minimal")
        #expect(library.info.version == SemanticVersion(1, 0, 0))
        #expect(library.info.vmTypes == ["fixture"])
        #expect(library.info.programFormats == ["fixture-bytes"])
        #expect(library.info.capabilities.contains([.execute, .prove, .verify, .unloadable, .threadSafe]))
        #expect(library.info.abi == "1.0")
    }

    @Test func minimalFixtureRunsTheWholeLifecycle() throws {
        let library = try load(try BuildProducts.library("sprout_fixture_minimal"))
        let program = try library.createProgram(code: Array("prog".utf8), expParam: "")
        #expect(try program.identity() == Array("prog".utf8))
        let output = try program.execute(inputs: [Array("a".utf8), Array("b".utf8)], control: CallControl())
        #expect(String(decoding: output, as: UTF8.self) == "1.0.0:prog|a|b")
        let receipt = try program.prove(inputs: [Array("a".utf8)], control: CallControl())
        #expect(try program.verify(receipt: receipt, control: CallControl()) == Array("1.0.0:prog|a".utf8))
        #expect(throws: EngineCallError.self) { try program.verify(receipt: Array("forged".utf8), control: CallControl()) }
    }

    @Test func engineErrorsCarryStatusAndMessage() throws {
        let library = try load(try BuildProducts.library("sprout_fixture_minimal"))
        do {
            _ = try library.createProgram(code: [], expParam: "")
            Issue.record("an empty program was accepted")
        } catch {
            #expect(error.status == .invalidProgram)
            #expect(error.message.contains("empty program"))
        }
        let program = try library.createProgram(code: [1], expParam: "")
        do {
            _ = try program.execute(inputs: [Array("fail".utf8)], control: CallControl())
            Issue.record("the failing input succeeded")
        } catch {
            #expect(error.status == .executionFailed)
        }
    }

    @Test func progressAndCancellationReachTheEngine() throws {
        let library = try load(try BuildProducts.library("sprout_fixture_minimal"))
        let program = try library.createProgram(code: [1], expParam: "")
        let reports = ProgressLog()
        let control = CallControl { phase, fraction in reports.append(phase, fraction) }
        _ = try program.execute(inputs: [Array("slow".utf8)], control: control)
        #expect(reports.count > 10)
        #expect(reports.phases == ["sleep"])
        let cancelled = CallControl()
        cancelled.cancel()
        #expect(throws: EngineCallError(.cancelled, "cancelled")) {
            try program.execute(inputs: [Array("slow".utf8)], control: cancelled)
        }
    }

    @Test func wrongABIMajorIsRefusedNamingBothVersions() throws {
        let error = try loadError(try BuildProducts.library("sprout_fixture_wrong_abi"))
        guard case .abiMismatch(_, let plugin, let host) = error else {
            Issue.record("expected an ABI mismatch, got \(error)")
            return
        }
        #expect(plugin == "2.0")
        #expect(host == "1.0")
        #expect(error.description.contains("ABI 2.0") && error.description.contains("ABI 1.0"))
    }

    @Test func libraryWithoutEntrySymbolIsRefused() throws {
        let error = try loadError(try BuildProducts.library("sprout_fixture_no_entry"))
        #expect(error == .missingEntry(path: try shadow.copy(try BuildProducts.library("sprout_fixture_no_entry")).path))
        #expect(error.description.contains("sprout_plugin_entry"))
    }

    @Test func randomBytesAreRefusedAsNotASharedLibrary() throws {
        let scratch = try ScratchDirectory()
        var generator = SystemRandomNumberGenerator()
        let file = try scratch.write((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }, as: "corrupt.so")
        guard case .notSharedLibrary = try loadError(file) else {
            Issue.record("random bytes were not refused as a non-library")
            return
        }
    }

    @Test func libraryForAnotherArchitectureIsRefusedBeforeDlopen() throws {
        let scratch = try ScratchDirectory()
        var bytes = [UInt8](try Data(contentsOf: try BuildProducts.library("sprout_fixture_minimal")))
        // e_machine at offset 18: claim RISC-V (243) instead of this machine.
        bytes[18] = 243
        bytes[19] = 0
        let error = try loadError(try scratch.write(bytes, as: "riscv.so"))
        guard case .wrongArchitecture(_, let found, let expected) = error else {
            Issue.record("expected a wrong-architecture refusal, got \(error)")
            return
        }
        #expect(found == "riscv")
        #expect(expected == ELFHeader.host.name)
    }

    @Test func truncatedLibraryIsRefusedByDlopenWithItsReason() throws {
        let scratch = try ScratchDirectory()
        let bytes = [UInt8](try Data(contentsOf: try BuildProducts.library("sprout_fixture_minimal")))
        let error = try loadError(try scratch.write(Array(bytes.prefix(200)), as: "truncated.so"))
        guard case .dlopenFailed(_, let reason) = error else {
            Issue.record("expected dlopen to refuse, got \(error)")
            return
        }
        #expect(!reason.isEmpty)
    }

    /// Every buffer the plugin hands over is released with the plugin's own free_buffer.
    @Test func buffersCrossingTheBoundaryAreAllFreed() throws {
        let url = try BuildProducts.library("sprout_fixture_churn")
        let library = try load(url)
        let liveBuffers = try #require(dlsym(dlopen(library.path, RTLD_NOW | RTLD_NOLOAD), "fixture_churn_live_buffers"))
        let live = unsafeBitCast(liveBuffers, to: (@convention(c) () -> Int).self)
        let program = try library.createProgram(code: Array(repeating: 7, count: 4096), expParam: "")
        for round in 0..<20_000 {
            _ = try program.execute(inputs: [Array("x".utf8)], control: CallControl())
            _ = try program.identity()
            if round % 100 == 0 { _ = try? program.execute(inputs: [Array("fail".utf8)], control: CallControl()) }
        }
        #expect(live() == 0)
    }
}

/// Collects progress reports from an engine call.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(String, Double)] = []

    func append(_ phase: String, _ fraction: Double) {
        lock.lock()
        defer { lock.unlock() }
        entries.append((phase, fraction))
    }

    var count: Int { lock.withLock { entries.count } }
    var phases: Set<String> { lock.withLock { Set(entries.map(\.0)) } }
}
