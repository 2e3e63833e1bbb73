import SproutPluginKit
import SproutZkWasmEngine
import Testing

/// Sprout's zkwasm project 10002 (AssemblyScript `add`): zkmain reads a, b (private) and the
/// expected sum (public) and requires a + b == expected.
@Suite(.enabled(if: Project10002Fixture.wasm != nil, "sprout fixture ../shared/fixtures/sprout/10002 is absent; skipping project 10002 tests"))
struct Project10002Tests {
    let program: ZkWasmProgram

    init() throws {
        program = try ZkWasmProgram(wasm: Project10002Fixture.wasm!)
    }

    func message(private privateInput: [UInt64], public publicInput: [UInt64]) -> [UInt8] {
        Array("{\"private_input\":\(privateInput),\"public_input\":\(publicInput)}".utf8)
    }

    @Test func onePlusOneEqualsTwoSucceeds() throws {
        let result = try program.execute(inputs: [message(private: [1, 1], public: [2])], call: .none)
        let json = String(decoding: result, as: UTF8.self)
        #expect(json.contains("\"publicInputs\":[2]"))
        #expect(json.contains("\"outputs\":[]"))
        #expect(json.contains("\"imageCommitment\":\"\(program.imageCommitment.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())\""))
    }

    @Test func fortyPlusTwoEqualsFortyTwoSucceeds() throws {
        var recorder = WasmNoTrace()
        let run = try program.run(ZkWasmInputs(publicInputs: [42], privateInputs: [40, 2]), recorder: &recorder)
        #expect(run.publicInputs == [42])
        #expect(run.instructions > 0)
    }

    @Test func wrongSumFailsInRequire() throws {
        #expect {
            try program.execute(inputs: [message(private: [1, 1], public: [3])], call: .none)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.status == .executionFailed && error.message.contains("require is not satisfied") && error.message.contains("require call #1")
        }
    }

    @Test func missingPublicInputFailsOnExhaustion() throws {
        #expect {
            try program.execute(inputs: [message(private: [1, 1], public: [])], call: .none)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.status == .executionFailed && error.message.contains("failed to read public input, please checkout your input")
                && !error.message.contains("require")
        }
    }

    @Test func messagesAreConcatenatedInOrder() throws {
        let inputs = [Array(#"{"private_input":[40]}"#.utf8), Array(#"{"private_input":["0x2"],"public_input":["42"]}"#.utf8)]
        let json = String(decoding: try program.execute(inputs: inputs, call: .none), as: UTF8.self)
        #expect(json.contains("\"publicInputs\":[42]"))
    }

    @Test func tracedRunHasOneRowPerInstructionAndIsDeterministic() throws {
        let inputs = ZkWasmInputs(publicInputs: [2], privateInputs: [1, 1])
        let (run, trace) = try program.trace(inputs)
        #expect(trace.count == Int(run.instructions))
        #expect([trace.fp.count, trace.sp.count, trace.v0.count, trace.v1.count, trace.v2.count].allSatisfy { $0 == trace.count })
        #expect(trace.frameStep.first == 0)
        // Every pc is an instruction of the image, and the wasm_input calls read what was given.
        #expect(trace.pc.allSatisfy { Int($0) < program.module.code.count })
        let inputReads = (0..<trace.count).filter {
            let instruction = program.module.code[Int(trace.pc[$0])]
            return instruction.opcode == .call && program.module.functions[Int(instruction.a)].host == .wasmInput
        }
        #expect(inputReads.map { trace.v2[$0] } == [1, 1, 2])
        #expect(try program.trace(inputs).trace.fingerprint == trace.fingerprint)
    }

    @Test func engineCreatesTheProgramFromTheFixture() throws {
        let engine = ZkWasmEngine(host: .detached)
        let created = try engine.makeProgram(code: Project10002Fixture.wasm!, expParam: "")
        #expect(created.identity == program.imageCommitment)
        #expect(created.identity.count == 32)
    }
}
