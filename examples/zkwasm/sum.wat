;; Sums private sensor readings and proves each is at most a public limit.
;; Inputs: public [limit]; private [n, reading 1, …, reading n].
;; Output (public): the sum of the readings.
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "require" (func $require (param i32)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func (export "zkmain") (local $limit i64) (local $n i64) (local $reading i64) (local $sum i64)
    i32.const 1 call $wasm_input local.set $limit   ;; 1 = next public input
    i32.const 0 call $wasm_input local.set $n       ;; 0 = next private input
    (block $done
      (loop $next
        local.get $n i64.eqz br_if $done
        i32.const 0 call $wasm_input local.tee $reading
        local.get $limit i64.le_u call $require      ;; fails the run (no proof) if reading > limit
        local.get $sum local.get $reading i64.add local.set $sum
        local.get $n i64.const 1 i64.sub local.set $n
        br $next))
    local.get $sum call $wasm_output))
