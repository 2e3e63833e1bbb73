import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// A cheating prover's tables for runs of small modules, each wrong in one value that the run
/// did not produce but consistent everywhere else (the trace builder's forgery hooks); the
/// verifier must reject each one.
@Suite("zkwasm forged values")
struct ZkWasmForgedValueTests {
    static let host = """
        (import "env" "wasm_input" (func $in (param i32) (result i64)))
        (import "env" "wasm_output" (func $out (param i64)))
        """

    /// The row of the first `opcode` in `trace`.
    static func row(_ opcode: WasmOpcode, _ program: ZkWasmProgram, _ trace: WasmExecutionTrace) throws -> Int {
        try #require((0..<trace.count).first { program.module.code[Int(trace.pc[$0])].opcode == opcode })
    }

    @Test func selectKeepingTheRejectedOperandIsRejected() throws {
        let wat = "(module \(Self.host) (func (export \"zkmain\")"
            + " (call $out (select (call $in (i32.const 1)) (i64.const 99) (i32.wrap_i64 (call $in (i32.const 1)))))))"
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [5, 1], privateInputs: []))
        #expect(run.outputs == [5])
        // The select writes 99 (its second operand) though the condition is 1; the output follows.
        let select = try Self.row(.select, program, trace)
        trace.v0[select + 1] = 99
        run.outputs = [99]
        #expect(cheatingProofOutcome(program, run, trace, forgeries: .select) == "rejected")
    }

    @Test func shiftWithTheWrongPowerOfTwoIsRejected() throws {
        let wat = "(module \(Self.host) (func (export \"zkmain\")"
            + " (call $out (i64.extend_i32_u (i32.shl (i32.wrap_i64 (call $in (i32.const 1))) (i32.const 3))))))"
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [5], privateInputs: []))
        #expect(run.outputs == [40])
        // 5 << 3 claimed as 80 = 5·2⁴, carried through i64.extend_i32_u into the output.
        let shift = try Self.row(.i32Shl, program, trace)
        trace.v2[shift] = 80
        trace.v0[shift + 1] = 80
        trace.v2[shift + 1] = 80
        trace.v0[shift + 2] = 80
        run.outputs = [80]
        #expect(cheatingProofOutcome(program, run, trace, forgeries: .shiftPower) == "rejected")
    }

    @Test func startFunctionCannotEndTheRun() throws {
        // The run claimed to halt at the start function's return, never entering zkmain (which
        // reads the input and writes both outputs).
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableStartWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [100], privateInputs: []))
        let code = program.module.code
        var depth = 0
        var end: Int?
        for i in 0..<trace.count where end == nil {
            let instruction = code[Int(trace.pc[i])]
            if instruction.opcode == .call && program.module.functions[Int(instruction.a)].host == nil { depth += 1 }
            if instruction.opcode == .return {
                if depth == 0 { end = i } else { depth -= 1 }
            }
        }
        let last = try #require(end) + 1
        trace.pc.removeSubrange(last...); trace.fp.removeSubrange(last...); trace.sp.removeSubrange(last...)
        trace.v0.removeSubrange(last...); trace.v1.removeSubrange(last...); trace.v2.removeSubrange(last...)
        run.publicInputs = []
        run.outputs = []
        #expect(cheatingProofOutcome(program, run, trace, forgeries: .startHalts) == "rejected")
    }
}
