import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// `br_table` with a carried value (four labels) and without one (dropping a slot): reads a
/// count n (public) and n indices (public); for each outputs `100 + label` and `9 + label`.
let provableBranchTableWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func $withValue (param $i i32) (result i64)
    (block $d (result i64)
      (block $c (result i64)
        (block $b (result i64)
          (block $a (result i64)
            i64.const 100
            local.get $i
            br_table $a $b $c $d)
          i64.const 1 i64.add return)
        i64.const 2 i64.add return)
      i64.const 3 i64.add return)
    i64.const 4 i64.add)
  (func $withoutValue (param $i i32) (result i64)
    (block $y
      (block $x
        i64.const 5
        local.get $i
        br_table $y $x $y)
      i64.const 10 return)
    i64.const 20)
  (func (export "zkmain") (local $n i64) (local $i i32)
    i32.const 1 call $in local.set $n
    (block $done
      (loop $next
        local.get $n i64.eqz br_if $done
        i32.const 1 call $in i32.wrap_i64 local.set $i
        local.get $i call $withValue call $out
        local.get $i call $withoutValue call $out
        local.get $n i64.const 1 i64.sub local.set $n
        br $next)))
)
"""

@Suite("zkwasm br_table proofs")
struct ZkWasmBranchTableProofTests {
    @Test func branchTablesProveAndVerify() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableBranchTableWAT))
        // Indices inside the list, the default entry itself, beyond it and 2³² − 1.
        let receipt = try program.prove(inputs: [message(private: [], public: [5, 0, 2, 3, 7, 0xFFFF_FFFF])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[101,20,103,20,104,20,104,20,104,20]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[1] = 10
        #expect(rejects(program, lie.encoded()))
    }

    @Test func branchTableIndexTwoJumpsToTheThirdLabel() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableBranchTableWAT))
        let json = String(decoding: try program.execute(inputs: [message(private: [], public: [2, 1, 2])], call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[102,10,103,20]"), "\(json)")
    }

    /// The run of index 2 (label $c, output 103) relabelled as index 0: the br_table row claims
    /// entry 0 but jumps to $c, which the branch table does not allow.
    @Test func forgedBranchIsRejected() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableBranchTableWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [1, 2], privateInputs: []))
        let code = program.module.code
        // Every value 2 in the run is the index (constants are fixed by the image); the second
        // br_table goes to its default label for index 0 and 2 alike.
        for row in 0..<trace.count where ![.i32Const, .i64Const].contains(code[Int(trace.pc[row])].opcode) {
            if trace.v0[row] == 2 { trace.v0[row] = 0 }
            if trace.v2[row] == 2 { trace.v2[row] = 0 }
        }
        run.publicInputs[1] = 0
        #expect(run.outputs[0] == 103)
        #expect(cheatingProofOutcome(program, run, trace) == "rejected")
    }
}
