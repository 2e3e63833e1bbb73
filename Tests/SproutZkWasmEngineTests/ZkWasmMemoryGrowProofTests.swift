import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// `memory.grow` by the public input (limit 2 pages), then `memory.size`; when the memory grew,
/// an i64 store and load in the new page's last bytes and a load of a byte it never wrote.
let provableGrowWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (memory 1 2)
  (func (export "zkmain") (local $old i32) (local $end i32)
    i32.const 1 call $in i32.wrap_i64 memory.grow local.tee $old i64.extend_i32_u call $out
    memory.size i64.extend_i32_u call $out
    (if (i32.ne (local.get $old) (i32.const -1)) (then
      memory.size i32.const 16 i32.shl local.set $end
      local.get $end i32.const 8 i32.sub i64.const 0x1122334455667788 i64.store
      local.get $end i32.const 8 i32.sub i64.load call $out
      local.get $end i32.const 100 i32.sub i64.load8_u call $out)))
)
"""

/// Grows by one page unless the public input is non-zero, then loads 4 bytes at 65534, which
/// cross into the second page: in bounds only after the grow. `pages` sets the initial size.
func boundsWAT(pages: Int) -> String {
    """
    (module
      (import "env" "wasm_input" (func $in (param i32) (result i64)))
      (import "env" "wasm_output" (func $out (param i64)))
      (memory \(pages) 2)
      (func (export "zkmain")
        (if (i64.eqz (call $in (i32.const 1))) (then (drop (memory.grow (i32.const 1)))))
        (call $out (i64.load32_u (i32.const 65534))))
    )
    """
}

@Suite("zkwasm memory.grow proofs")
struct ZkWasmMemoryGrowProofTests {
    /// δ = 1 reaches the limit exactly; δ = 2 misses it by one page; δ = 2¹⁶ fails on its upper
    /// limb. Every run is also compared with the interpreter's outcome.
    static let growCases: [(UInt64, [UInt64])] = [(1, [1, 2, 0x1122_3344_5566_7788, 0]), (2, [0xFFFF_FFFF, 1]), (0x1_0000, [0xFFFF_FFFF, 1])]

    @Test(arguments: growCases)
    func growProvesAndVerifies(delta: UInt64, outputs: [UInt64]) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableGrowWAT))
        let input = message(private: [], public: [delta])
        let executed = String(decoding: try program.execute(inputs: [input], call: .none), as: UTF8.self)
        let expected = "\"outputs\":[\(outputs.map(String.init).joined(separator: ","))]"
        #expect(executed.contains(expected), "\(executed)")
        let receipt = try program.prove(inputs: [input], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains(expected), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[1] ^= 3
        #expect(rejects(program, lie.encoded()))
    }

    /// The page count is part of the state one segment hands to the next: a run that grows in
    /// one segment and stores into the new page in a later one proves in segments of 15 rows,
    /// and a receipt whose first segment ends with another page count is rejected.
    @Test func pageCountCarriesAcrossSegments() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableGrowWAT), limits: try ZkWasmLimits(expParam: "{\"segmentLimitPo2\":4}"))
        let receipt = try program.prove(inputs: [message(private: [], public: [1])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[1,2,1234605616436508552,0]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        #expect(lie.segments.count >= 3)
        let grown = try #require(lie.segments.firstIndex { $0.end.values[8] == 2 })
        #expect(grown < lie.segments.count - 1)
        lie.segments[grown].end.values[8] = 1
        #expect(rejects(program, lie.encoded()))
    }

    /// The interpreter's limit is the proof's: a declared maximum above 16 pages, a growth of
    /// 0 and of 2³² − 1.
    @Test func interpreterUsesTheProvableLimit() throws {
        let wat = provableGrowWAT.replacingOccurrences(of: "(memory 1 2)", with: "(memory 1 100)")
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        #expect(program.limits.memoryLimit(of: program.module) == 16)
        for (delta, outputs) in [(UInt64(15), "[1,16,"), (16, "[4294967295,1]"), (0, "[1,1,"), (0xFFFF_FFFF, "[4294967295,1]")] {
            let executed = String(decoding: try program.execute(inputs: [message(private: [], public: [delta])], call: .none), as: UTF8.self)
            #expect(executed.contains("\"outputs\":\(outputs)"), "δ = \(delta): \(executed)")
        }
    }

    @Test func accessPastTheCurrentSizeTrapsAndHasNoProof() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(boundsWAT(pages: 1)))
        // After the grow the load is in bounds and proves.
        let receipt = try program.prove(inputs: [message(private: [], public: [0])], call: .none)
        #expect(String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self).contains("\"outputs\":[0]"))
        // Without it, the run traps.
        #expect {
            try program.prove(inputs: [message(private: [], public: [1])], call: .none)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.status == .executionFailed && error.message.contains("out of bounds memory access")
        }
        // A cheating prover replays the same code run with two initial pages (where the load is
        // in bounds) as a run of this module: the memory table holds the bytes (the module can
        // grow to two pages), so only the bounds check stands in the way.
        let twoPages = try ZkWasmProgram(wasm: try Oracle.wasm(boundsWAT(pages: 2)))
        let (run, trace) = try twoPages.trace(ZkWasmInputs(publicInputs: [1], privateInputs: []))
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }

    /// A forged `memory.grow` result and/or `memory.size` value, carried consistently into the
    /// outputs, so only the CPU's page-count constraints can catch it: a success beyond the limit,
    /// a failure within it (each with the size that follows from it), a wrong old size, and a
    /// size that ignores the growth.
    static let forgeries: [(UInt64, UInt64?, UInt64?)] = [(2, 1, 3), (1, 0xFFFF_FFFF, 1), (1, 0, nil), (1, nil, 1)]

    @Test(arguments: forgeries)
    func forgedPageCountIsRejected(delta: UInt64, grow: UInt64?, size: UInt64?) throws {
        let wat = """
            (module
              (import "env" "wasm_input" (func $in (param i32) (result i64)))
              (import "env" "wasm_output" (func $out (param i64)))
              (memory 1 2)
              (func (export "zkmain")
                i32.const 1 call $in i32.wrap_i64 memory.grow i64.extend_i32_u call $out
                memory.size i64.extend_i32_u call $out))
            """
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [delta], privateInputs: []))
        let code = program.module.code
        for (output, opcode, forged) in [(0, WasmOpcode.memoryGrow, grow), (1, .memorySize, size)] {
            guard let forged else { continue }
            let row = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == opcode })
            #expect(trace.v2[row] != forged)
            // The value, its i64.extend_i32_u and the wasm_output call.
            trace.v2[row] = forged
            trace.v0[row + 1] = forged
            trace.v2[row + 1] = forged
            trace.v0[row + 2] = forged
            run.outputs[output] = forged
        }
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }
}
