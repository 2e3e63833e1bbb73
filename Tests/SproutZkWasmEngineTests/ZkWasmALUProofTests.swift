import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// Bitwise operations: for public inputs `a, b` it outputs `a AND b`, `a OR b`, `a XOR b` as
/// i64, then the same on the low 32 bits as i32 (zero-extended).
let provableBitwiseWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain") (local $a i64) (local $b i64) (local $x i32) (local $y i32)
    i32.const 1 call $in local.set $a
    i32.const 1 call $in local.set $b
    local.get $a i32.wrap_i64 local.set $x
    local.get $b i32.wrap_i64 local.set $y
    local.get $a local.get $b i64.and call $out
    local.get $a local.get $b i64.or call $out
    local.get $a local.get $b i64.xor call $out
    local.get $x local.get $y i32.and i64.extend_i32_u call $out
    local.get $x local.get $y i32.or i64.extend_i32_u call $out
    local.get $x local.get $y i32.xor i64.extend_i32_u call $out)
)
"""

/// Wrapping multiplication: for public inputs `a, b` it outputs `a·b mod 2⁶⁴` (i64.mul) and
/// `a·b mod 2³²` of the low halves (i32.mul, zero-extended).
let provableMultiplyWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func (export "zkmain") (local $a i64) (local $b i64)
    i32.const 1 call $in local.set $a
    i32.const 1 call $in local.set $b
    local.get $a local.get $b i64.mul call $out
    local.get $a i32.wrap_i64 local.get $b i32.wrap_i64 i32.mul i64.extend_i32_u call $out)
)
"""

func bitwiseOutputs(_ a: UInt64, _ b: UInt64) -> [UInt64] {
    let x = a & 0xFFFF_FFFF, y = b & 0xFFFF_FFFF
    return [a & b, a | b, a ^ b, x & y, x | y, x ^ y]
}

@Suite("zkwasm ALU proofs")
struct ZkWasmALUProofTests {
    static let bitwiseCases: [(UInt64, UInt64)] = [(0xF0F0_1234_8000_00FF, 0x0FF0_FFFF_8001_0F0F), (UInt64.max, 0)]

    @Test(arguments: bitwiseCases)
    func bitwiseOperationsProveAndVerify(a: UInt64, b: UInt64) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableBitwiseWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [a, b])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        let expected = bitwiseOutputs(a, b)
        #expect(json.contains("\"outputs\":\(expected)".replacingOccurrences(of: " ", with: "")), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[2] ^= 1 << 40
        #expect(rejects(program, lie.encoded()))
    }

    @Test func forgedBitwiseResultIsRejected() throws {
        // The run claims a XOR b has its top bit flipped, carried consistently into the output,
        // so only the bitwise table can catch it.
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableBitwiseWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [0x1234, 0xFF00], privateInputs: []))
        let code = program.module.code
        let row = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == .i64Xor })
        let forged = trace.v2[row] ^ (1 << 63)
        trace.v2[row] = forged
        trace.v0[row + 1] = forged  // the wasm_output call that follows
        run.outputs[2] = forged
        #expect(throws: EngineError.self) { try ZkWasmProver.prove(program: program, run: run, trace: trace) }
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }

    static let multiplyCases: [(UInt64, UInt64)] = [(0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF), (0x1234_5678_9ABC_DEF0, 0x0FED_CBA9_8765_4321)]

    @Test(arguments: multiplyCases)
    func multiplicationProvesAndVerifies(a: UInt64, b: UInt64) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableMultiplyWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [a, b])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        let expected = [a &* b, UInt64(UInt32(truncatingIfNeeded: a) &* UInt32(truncatingIfNeeded: b))]
        #expect(json.contains("\"outputs\":[\(expected[0]),\(expected[1])]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[0] &+= 1
        #expect(rejects(program, lie.encoded()))
    }

    @Test func forgedProductIsRejected() throws {
        // The run claims 3 · 5 = 16 with i64.mul, carried consistently into the output, so only
        // the multiply table can catch it.
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableMultiplyWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [3, 5], privateInputs: []))
        let code = program.module.code
        let row = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == .i64Mul })
        trace.v2[row] += 1
        trace.v0[row + 1] += 1  // the wasm_output call that follows
        run.outputs[0] += 1
        #expect(throws: EngineError.self) { try ZkWasmProver.prove(program: program, run: run, trace: trace) }
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }
}
