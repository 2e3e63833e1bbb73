;; Fibonacci: reads n (public) and outputs F(n) mod 2^64 (F(0) = 0, F(1) = 1).
;; Build: wat2wasm examples/zkwasm/fibonacci.wat -o fibonacci.wasm
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func (export "zkmain") (local $n i64) (local $a i64) (local $b i64) (local $t i64)
    i32.const 1 call $wasm_input local.set $n   ;; 1 = next public input
    i64.const 1 local.set $b
    (block $done
      (loop $next
        local.get $n i64.eqz br_if $done
        local.get $a local.get $b i64.add local.set $t
        local.get $b local.set $a
        local.get $t local.set $b
        local.get $n i64.const 1 i64.sub local.set $n
        br $next))
    local.get $a call $wasm_output))
