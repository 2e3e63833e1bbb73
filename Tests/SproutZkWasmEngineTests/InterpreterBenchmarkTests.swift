import Foundation
import SproutZkWasmEngine
import Testing

/// Interpreter speed with tracing on (and off, for comparison). Runs only with SPROUT_BENCH=1 and
/// prints one JSON line.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1", "benchmark: set SPROUT_BENCH=1 to run"))
struct InterpreterBenchmarkTests {
    /// A loop of mixed arithmetic, locals, memory and a call: about 2^22 instructions.
    /// `tracedInstructionsPerSecond` times `trace()` (counting pass + tracing pass);
    /// `tracingPassInstructionsPerSecond` the tracing pass alone into reserved columns.
    static let wat = """
        (module
          (import "env" "wasm_input" (func $input (param i32) (result i64)))
          (import "env" "wasm_output" (func $output (param i64)))
          (memory 1)
          (func $step (param i64 i32) (result i64)
            (i64.xor (i64.rotl (local.get 0) (i64.const 7)) (i64.extend_i32_u (local.get 1))))
          (func (export "zkmain") (local $i i32) (local $h i64)
            (local.set $i (i32.wrap_i64 (call $input (i32.const 0))))
            (local.set $h (i64.const 0x1234))
            (loop $l
              (i64.store (i32.and (i32.shl (local.get $i) (i32.const 3)) (i32.const 0xFFF8)) (local.get $h))
              (local.set $h (call $step (local.get $h) (local.get $i)))
              (local.set $h (i64.add (local.get $h) (i64.load (i32.const 64))))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $l (local.get $i)))
            (call $output (local.get $h))))
        """

    @Test func instructionsPerSecond() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(Self.wat))
        let inputs = ZkWasmInputs(privateInputs: [150_000])
        let clock = ContinuousClock()
        var traced: (ZkWasmRun, WasmExecutionTrace)?
        let tracedTime = try clock.measure { traced = try program.trace(inputs) }
        var recorder = WasmNoTrace()
        var untraced: ZkWasmRun?
        let untracedTime = try clock.measure { untraced = try program.run(inputs, recorder: &recorder) }
        let (run, trace) = traced!
        var reserved = WasmExecutionTrace(reservingSteps: Int(run.instructions))
        let reservedTime = try clock.measure { _ = try program.run(inputs, recorder: &reserved) }
        #expect(run == untraced!)
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18 }
        let count = Double(run.instructions)
        let rowBytes = trace.count * 36 + trace.memoryStep.count * 17 + trace.frameStep.count * 16
        print(
            "{\"benchmark\":\"zkwasm-interpreter\",\"instructions\":\(run.instructions),\"memoryRows\":\(trace.memoryStep.count),"
                + "\"frameRows\":\(trace.frameStep.count),\"tracedSeconds\":\(seconds(tracedTime)),"
                + "\"tracingPassInstructionsPerSecond\":\(Int(count / seconds(reservedTime))),\"tracedInstructionsPerSecond\":\(Int(count / seconds(tracedTime))),\"untracedSeconds\":\(seconds(untracedTime)),"
                + "\"untracedInstructionsPerSecond\":\(Int(count / seconds(untracedTime))),\"traceBytes\":\(rowBytes)}")
    }
}
