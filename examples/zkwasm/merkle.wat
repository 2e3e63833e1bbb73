;; Merkle-path check with a hash written in wasm (no host hash function).
;; Inputs: public [root]; private [leaf, depth, then per level: sibling, side], where side 1
;; means the running node is the right child at that level.
;; Checks that hashing the leaf up the path gives the public root (`require`: no proof
;; otherwise) and outputs the depth.
;;
;; The hash is a 64-bit toy, NOT collision resistant: h(l, r) = mix(mix(l + K) xor rotl(r, 27)),
;; with mix the SplitMix64 finaliser. It shows shifts, rotations, xor, multiplication and
;; select being proved; a real application would use a cryptographic hash.
;; Build: wat2wasm examples/zkwasm/merkle.wat -o merkle.wasm
(module
  (import "env" "wasm_input" (func $wasm_input (param i32) (result i64)))
  (import "env" "require" (func $require (param i32)))
  (import "env" "wasm_output" (func $wasm_output (param i64)))
  (func $mix (param $z i64) (result i64)
    local.get $z local.get $z i64.const 30 i64.shr_u i64.xor
    i64.const 0xBF58476D1CE4E5B9 i64.mul local.set $z
    local.get $z local.get $z i64.const 27 i64.shr_u i64.xor
    i64.const 0x94D049BB133111EB i64.mul local.set $z
    local.get $z local.get $z i64.const 31 i64.shr_u i64.xor)
  (func $hash (param $left i64) (param $right i64) (result i64)
    local.get $left i64.const 0x9E3779B97F4A7C15 i64.add call $mix
    local.get $right i64.const 27 i64.rotl i64.xor
    call $mix)
  (func (export "zkmain") (local $root i64) (local $node i64) (local $depth i64) (local $level i64)
      (local $sibling i64) (local $right i32)
    i32.const 1 call $wasm_input local.set $root
    i32.const 0 call $wasm_input local.set $node
    i32.const 0 call $wasm_input local.set $depth
    (block $done
      (loop $up
        local.get $level local.get $depth i64.ge_u br_if $done
        i32.const 0 call $wasm_input local.set $sibling
        i32.const 0 call $wasm_input i32.wrap_i64 local.set $right
        ;; (left, right) = side ? (sibling, node) : (node, sibling)
        local.get $sibling local.get $node local.get $right select
        local.get $node local.get $sibling local.get $right select
        call $hash local.set $node
        local.get $level i64.const 1 i64.add local.set $level
        br $up))
    local.get $node local.get $root i64.eq call $require
    local.get $depth call $wasm_output))
