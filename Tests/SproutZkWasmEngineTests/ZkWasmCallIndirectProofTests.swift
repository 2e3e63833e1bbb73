import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// `call_indirect` through a table of three `(i64) -> i64` functions and one of another type:
/// reads a count n (public), then n pairs (x, slot) (public) and outputs `table[slot](x)`.
let provableCallIndirectWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (type $unary (func (param i64) (result i64)))
  (table 4 funcref)
  (elem (i32.const 0) $double $square $negate $pair)
  (func $double (type $unary) (local $twice i64)
    local.get 0 local.get 0 i64.add local.set $twice local.get $twice)
  (func $square (type $unary) local.get 0 local.get 0 i64.mul)
  (func $negate (type $unary) i64.const 0 local.get 0 i64.sub)
  (func $pair (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "zkmain") (local $n i64)
    i32.const 1 call $in local.set $n
    (block $done
      (loop $next
        local.get $n i64.eqz br_if $done
        i32.const 1 call $in
        i32.const 1 call $in i32.wrap_i64
        call_indirect (type $unary)
        call $out
        local.get $n i64.const 1 i64.sub local.set $n
        br $next)))
)
"""

@Suite("zkwasm call_indirect proofs")
struct ZkWasmCallIndirectProofTests {
    @Test func indirectCallsProveAndVerify() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableCallIndirectWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [3, 7, 0, 7, 1, 7, 2])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[14,49,\(UInt64(bitPattern: -7))]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[0] = 7
        #expect(rejects(program, lie.encoded()))
    }

    @Test func typeMismatchAndMissingSlotsTrap() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableCallIndirectWAT))
        for (slot, trap) in [(UInt64(3), "indirect call type mismatch"), (9, "undefined element")] {
            #expect {
                try program.prove(inputs: [message(private: [], public: [1, 7, slot])], call: .none)
            } throws: { error in
                (error as? EngineError).map { $0.status == .executionFailed && $0.message.contains(trap) } ?? false
            }
        }
    }

    /// Host functions in the table: `call_indirect` enters the parser's wrapper, whose direct
    /// host call is proved (wasm_input and wasm_output here); a wrong type still traps.
    @Test func hostFunctionsInTheTableProve() throws {
        let wat = """
            (module
              (import "env" "wasm_input" (func $in (param i32) (result i64)))
              (import "env" "wasm_output" (func $out (param i64)))
              (type $read (func (param i32) (result i64)))
              (type $write (func (param i64)))
              (table 2 funcref)
              (elem (i32.const 0) $in $out)
              (func (export "zkmain")
                (call_indirect (type $write) (i64.add (call_indirect (type $read) (i32.const 1) (i32.const 0)) (i64.const 1)) (i32.const 1))
                (call_indirect (type $write) (i64.const 9) (i32.wrap_i64 (call $in (i32.const 1))))))
            """
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        let receipt = try program.prove(inputs: [message(private: [], public: [41, 1])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"publicInputs\":[41,1]") && json.contains("\"outputs\":[42,9]"), "\(json)")
        #expect {
            try program.execute(inputs: [message(private: [], public: [41, 0])], call: .none)
        } throws: { error in
            (error as? EngineError).map { $0.status == .executionFailed && $0.message.contains("indirect call type mismatch") } ?? false
        }
    }

    /// The run of slot 2 ($negate) relabelled as slot 0: the row claims slot 0 but calls
    /// $negate, which the function table does not allow.
    @Test func forgedCalleeIsRejected() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableCallIndirectWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [1, 7, 2], privateInputs: []))
        let code = program.module.code
        // The only value 2 in the run is the slot (constants are fixed by the image).
        for row in 0..<trace.count where ![.i32Const, .i64Const].contains(code[Int(trace.pc[row])].opcode) {
            if trace.v0[row] == 2 { trace.v0[row] = 0 }
            if trace.v2[row] == 2 { trace.v2[row] = 0 }
        }
        run.publicInputs[2] = 0
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }
}
