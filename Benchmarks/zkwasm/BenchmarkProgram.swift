/// The benchmark's guest, in WebAssembly text: a loop mixing i64 arithmetic, rotations, locals,
/// an 8-byte store and load and a call per iteration, run for `wasm_input(0)` iterations (a
/// private input), then one `wasm_output` of the running hash so the result is checked.
enum BenchmarkProgram {
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

    /// The loop's result computed directly, so the benchmark fails instead of reporting the
    /// speed of a wrong run.
    static func expectedOutput(iterations: UInt64) -> UInt64 {
        var memory = [UInt64](repeating: 0, count: 8192)
        var h: UInt64 = 0x1234
        var i = UInt32(truncatingIfNeeded: iterations)
        repeat {
            memory[Int((i << 3) & 0xFFF8) / 8] = h
            let rotated = h << 7 | h >> 57
            h = rotated ^ UInt64(i)
            h = h &+ memory[8]
            i &-= 1
        } while i != 0
        return h
    }
}
