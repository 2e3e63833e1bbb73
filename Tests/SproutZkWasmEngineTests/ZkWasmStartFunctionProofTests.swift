import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// A start function (with a local, a global, memory and a call) runs before zkmain, which
/// outputs what it left behind plus a public input.
let provableStartWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (memory 1)
  (global $g (mut i64) (i64.const 1))
  (func $twice (param i64) (result i64) local.get 0 local.get 0 i64.add)
  (func $init (local $t i64)
    i64.const 20 call $twice local.set $t
    local.get $t global.get $g i64.add global.set $g
    i32.const 16 local.get $t i64.store)
  (start $init)
  (func (export "zkmain") (local $x i64)
    i32.const 1 call $in local.set $x
    global.get $g local.get $x i64.add call $out
    i32.const 16 i64.load call $out)
)
"""

@Suite("zkwasm start function proofs")
struct ZkWasmStartFunctionProofTests {
    @Test func startFunctionRunsBeforeZkmainInTheProof() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableStartWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [100])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[141,40]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[0] = 100  // what zkmain would output had the start function not run
        #expect(rejects(program, lie.encoded()))
    }
}
