import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// Shifts, rotations, division, remainder, signed comparisons, sign extensions, `select`,
/// sign-extending loads, `popcnt`, `clz` and `ctz` on public inputs `a, b` (i64) and their low halves `x, y` (i32); every
/// result is output as i64 (i32 results zero-extended).
let provableArithmeticWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain") (local $a i64) (local $b i64) (local $x i32) (local $y i32)
    i32.const 1 call $in local.set $a
    i32.const 1 call $in local.set $b
    local.get $a i32.wrap_i64 local.set $x
    local.get $b i32.wrap_i64 local.set $y
    \(["shl", "shr_s", "shr_u", "rotl", "rotr", "div_s", "div_u", "rem_s", "rem_u", "lt_s", "gt_s", "le_s", "ge_s"].map { op in
        let widen = op.hasSuffix("_s") && op.count == 4 ? " i64.extend_i32_u" : ""
        return "local.get $a local.get $b i64.\(op)\(widen) call $out\n    local.get $x local.get $y i32.\(op) i64.extend_i32_u call $out"
    }.joined(separator: "\n    "))
    local.get $a i64.extend8_s call $out
    local.get $a i64.extend16_s call $out
    local.get $a i64.extend32_s call $out
    local.get $x i64.extend_i32_s call $out
    local.get $x i32.extend8_s i64.extend_i32_u call $out
    local.get $x i32.extend16_s i64.extend_i32_u call $out
    local.get $a local.get $b local.get $x select call $out
    local.get $a local.get $b local.get $x i32.const 0 i32.and select call $out
    i32.const 8 local.get $a i64.store
    i32.const 8 i32.load8_s i64.extend_i32_u call $out
    i32.const 15 i32.load8_s i64.extend_i32_u call $out
    i32.const 14 i32.load16_s i64.extend_i32_u call $out
    i32.const 8 i64.load8_s call $out
    i32.const 14 i64.load16_s call $out
    i32.const 12 i64.load32_s call $out
    i32.const 8 i64.load32_s call $out
    local.get $a i64.popcnt call $out
    local.get $x i32.popcnt i64.extend_i32_u call $out
    local.get $a i64.clz call $out
    local.get $b i64.ctz call $out
    local.get $y i64.extend_i32_u i64.clz call $out
    local.get $a i64.const 0xFFFF_FFFF_0000_0000 i64.and i64.ctz call $out
    local.get $a i64.const 0 i64.and i64.clz call $out
    local.get $a i64.const 0 i64.and i64.ctz call $out
    local.get $x i32.clz i64.extend_i32_u call $out
    local.get $y i32.clz i64.extend_i32_u call $out
    local.get $x i32.ctz i64.extend_i32_u call $out
    local.get $y i32.const 0 i32.and i32.clz i64.extend_i32_u call $out
    local.get $y i32.const 0 i32.and i32.ctz i64.extend_i32_u call $out)
  (memory 1)
)
"""

@Suite("zkwasm arithmetic proofs")
struct ZkWasmArithmeticProofTests {
    /// Negative and positive dividends, negative divisors, shift counts above the width and
    /// multiples of it, INT_MIN operands (never INT_MIN / −1, which traps).
    static let cases: [(UInt64, UInt64)] = [
        (0xF234_5678_9ABC_DEF0, 0xFFFF_FFFF_0000_0040), (0x8000_0000_8000_0000, 0xFFFF_FFFF_FFFF_FFF9),
    ]

    @Test(arguments: cases)
    func operationsProveAndVerify(a: UInt64, b: UInt64) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableArithmeticWAT))
        let input = message(private: [], public: [a, b])
        let executed = String(decoding: try program.execute(inputs: [input], call: .none), as: UTF8.self)
        let receipt = try program.prove(inputs: [input], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        let outputs = try #require(executed.range(of: "\"outputs\":[^]]*]", options: .regularExpression).map { executed[$0] })
        #expect(json.contains(outputs), "\(json)\nexecuted: \(executed)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[5] ^= 1
        #expect(rejects(program, lie.encoded()))
    }

    /// Spot checks of the interpreter's results that the proofs above reproduce.
    @Test func knownResults() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableArithmeticWAT))
        var recorder = WasmNoTrace()
        let run = try program.run(ZkWasmInputs(publicInputs: [0xFFFF_FFFF_FFFF_FFF9, 2], privateInputs: []), recorder: &recorder)
        // a = −7, b = 2: shl, shr_s, shr_u, rotl, rotr, div_s, div_u, rem_s, rem_u (i64 then i32 each).
        let expected: [UInt64] = [
            0xFFFF_FFFF_FFFF_FFE4, 0xFFFF_FFE4, 0xFFFF_FFFF_FFFF_FFFE, 0xFFFF_FFFE, 0x3FFF_FFFF_FFFF_FFFE, 0x3FFF_FFFE,
            0xFFFF_FFFF_FFFF_FFE7, 0xFFFF_FFE7, 0x7FFF_FFFF_FFFF_FFFE, 0x7FFF_FFFE, 0xFFFF_FFFF_FFFF_FFFD, 0xFFFF_FFFD,
            0x7FFF_FFFF_FFFF_FFFC, 0x7FFF_FFFC, 0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF, 1, 1,
            1, 1, 0, 0, 1, 1, 0, 0,
        ]
        #expect(Array(run.outputs.prefix(expected.count)) == expected)
    }

    /// A forged result of each new kind of row, carried consistently into the output, so only
    /// the arithmetic table or the CPU's comparison and sign-extension constraints can catch it.
    /// (`i64.rotr` and the other shifts share the division's identity in the arithmetic table.)
    @Test(arguments: [WasmOpcode.i32DivS, .i64LtS, .i64Extend8S, .i32Load16S, .i64Popcnt, .i64Clz, .i32Ctz])
    func forgedResultIsRejected(opcode: WasmOpcode) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableArithmeticWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [0xF234_5678_9ABC_DEF0, 67], privateInputs: []))
        let code = program.module.code
        let row = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == opcode })
        // Loads change the sign fill, not the bytes read (those are memory's to check).
        let forged = trace.v2[row] ^ (opcode == .i32Load16S ? 0x8000_0000 : 1)
        trace.v2[row] = forged
        // Carry the value through an i64.extend_i32_u and into the wasm_output call.
        var next = row + 1
        if code[Int(trace.pc[next])].opcode == .i64ExtendI32U {
            trace.v0[next] = forged
            trace.v2[next] = forged
            next += 1
        }
        trace.v0[next] = forged
        let output = (0..<next).filter { step in
            let instruction = code[Int(trace.pc[step])]
            return instruction.opcode == .call && program.module.functions[Int(instruction.a)].host == .wasmOutput
        }.count
        run.outputs[output] = forged
        // Without the prover's own checks, so that the verifier has to catch it.
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }
}
