import Foundation
import Testing

@testable import SproutNode

/// Isolation mode: a crash or hang in an engine fails one call; the worker restarts.
@Suite struct IsolationTests {
    let shadow = ShadowStore.temporary()

    func isolated(_ name: String, deadline: Duration = .seconds(30)) throws -> IsolatedEngine {
        let copy = try shadow.copy(try BuildProducts.library(name))
        return try IsolatedEngine(pluginPath: copy.path, settings: IsolationSettings(workerExecutable: BuildProducts.sprout, callDeadline: deadline))
    }

    @Test func workerServesTheWholeLifecycle() throws {
        let engine = try isolated("sprout_fixture_minimal")
        #expect(engine.info.name == "fixture-minimal")
        let program = try engine.createProgram(code: Array("prog".utf8), expParam: "")
        #expect(try program.identity() == Array("prog".utf8))
        #expect(String(decoding: try program.execute(inputs: [Array("a".utf8)], control: CallControl()), as: UTF8.self) == "1.0.0:prog|a")
        let receipt = try program.prove(inputs: [], control: CallControl())
        #expect(try program.verify(receipt: receipt, control: CallControl()) == Array("1.0.0:prog".utf8))
        #expect(throws: EngineCallError.self) { try engine.createProgram(code: [], expParam: "") }
    }

    @Test func progressCrossesTheProcessBoundary() throws {
        let engine = try isolated("sprout_fixture_minimal")
        let program = try engine.createProgram(code: [1], expParam: "")
        let reports = ProgressLog()
        _ = try program.execute(inputs: [Array("slow".utf8)], control: CallControl { reports.append($0, $1) })
        #expect(reports.count > 10)
    }

    @Test(arguments: ["segv", "abort"])
    func aCrashFailsOneCallAndTheNextSucceeds(input: String) throws {
        let engine = try isolated("sprout_fixture_crash")
        let program = try engine.createProgram(code: Array("p".utf8), expParam: "")
        #expect(try program.execute(inputs: [Array("ok".utf8)], control: CallControl()).count > 0)
        do {
            _ = try program.execute(inputs: [Array(input.utf8)], control: CallControl())
            Issue.record("the crashing call succeeded")
        } catch {
            #expect(error.status == .workerFailed)
            #expect(error.message.contains(input == "segv" ? "SIGSEGV" : "SIGABRT"))
        }
        // The worker restarts and re-creates the program by itself.
        #expect(String(decoding: try program.execute(inputs: [Array("ok".utf8)], control: CallControl()), as: UTF8.self) == "1.0.0-crash:p|ok")
        #expect(engine.restarts == 1)
    }

    @Test func aHangIsKilledAtTheDeadline() throws {
        let engine = try isolated("sprout_fixture_hang", deadline: .seconds(1))
        let program = try engine.createProgram(code: Array("p".utf8), expParam: "")
        let started = ContinuousClock.now
        do {
            _ = try program.execute(inputs: [Array("hang".utf8)], control: CallControl())
            Issue.record("the hanging call returned")
        } catch {
            #expect(error.status == .workerFailed)
            #expect(error.message.contains("deadline"))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(try program.execute(inputs: [Array("ok".utf8)], control: CallControl()).count > 0)
    }

    @Test func cancellingAnIsolatedCallStopsIt() async throws {
        let engine = try isolated("sprout_fixture_hang")
        let program = try engine.createProgram(code: Array("p".utf8), expParam: "")
        let control = CallControl()
        let call = Task.detached { () throws(EngineCallError) -> [UInt8] in
            try program.execute(inputs: [Array("hang".utf8)], control: control)
        }
        try await Task.sleep(for: .milliseconds(200))
        control.cancel()
        await #expect(throws: EngineCallError.self) { try await call.value }
        #expect(try program.execute(inputs: [], control: CallControl()).count > 0)
    }

    @Test func aPluginThatFailsToLoadInTheWorkerIsRefused() throws {
        #expect(throws: PluginLoadError.self) { try isolated("sprout_fixture_wrong_abi") }
    }

    @Test func framesRejectTruncationAndGarbage() throws {
        let frame = WorkerFrame(.execute, program: 7, status: 0, fields: [[1, 2, 3], []])
        let encoded = frame.encoded()
        let body = Array(encoded.dropFirst(4))
        #expect(try WorkerFrame(body: body) == frame)
        for length in 0..<body.count {
            #expect(throws: WorkerFrame.Malformed.self) { try WorkerFrame(body: Array(body.prefix(length))) }
        }
        #expect(throws: WorkerFrame.Malformed.self) { try WorkerFrame(body: body + [0]) }
        var badOpcode = body
        badOpcode[0] = 0xEE
        #expect(throws: WorkerFrame.Malformed.self) { try WorkerFrame(body: badOpcode) }
    }
}
