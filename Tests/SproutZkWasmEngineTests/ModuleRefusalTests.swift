import Foundation
import SproutPluginKit
import SproutZkWasmEngine
import Testing

/// Modules the engine refuses: floats and other unsupported features by name, malformed and
/// truncated binaries, and thousands of mutated copies of a valid module — errors, never crashes.
@Suite struct ModuleRefusalTests {
    @Test func floatInstructionIsRefusedByNameWithItsLocation() throws {
        let wasm = try Oracle.wasm("""
            (module (func $first) (func (export "zkmain") (local i32) i32.const 1 drop f32.const 1.5 f32.const 2 f32.add drop))
            """)
        do {
            _ = try WasmModuleParser.parse(wasm)
            Issue.record("a float instruction was accepted")
        } catch {
            #expect(error.kind == .unsupported)
            #expect(error.function == 1)
            #expect(error.reason.contains("f32.const"))
            #expect(error.description.contains("function 1 at byte offset 0x"))
            #expect(error.description.contains("no floating point"))
        }
        let add = try Oracle.wasm("(module (func (export \"zkmain\") (param i32) local.get 0 f32.convert_i32_s f32.const 1 f32.add drop))")
        #expect(throws: WasmModuleError.self) { try WasmModuleParser.parse(add) }
        do { _ = try WasmModuleParser.parse(add) } catch { #expect(error.reason.contains("f32.convert_i32_s")) }
    }

    /// Instructions that run but have no proof (bulk memory) are refused when the program is
    /// created, for execution as for proving, by name and byte offset.
    @Test func unprovableInstructionsAreRefusedWhenTheProgramIsCreated() throws {
        let cases: [(String, String, String)] = [
            ("(memory 1) (func (export \"zkmain\") (memory.fill (i32.const 0) (i32.const 1) (i32.const 2)))", "memory.fill", "bulk memory"),
            ("(memory 1) (func (export \"zkmain\") nop (memory.copy (i32.const 0) (i32.const 1) (i32.const 2)))", "memory.copy", "bulk memory"),
            ("(memory 1) (data $d \"ab\") (func (export \"zkmain\") (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)))", "memory.init", "bulk memory"),
            ("(memory 1) (data $d \"ab\") (func (export \"zkmain\") (data.drop $d))", "data.drop", "bulk memory"),
        ]
        for (body, name, why) in cases {
            let wasm = try Oracle.wasm("(module \(body))")
            #expect {
                _ = try ZkWasmProgram(wasm: wasm)
            } throws: { error in
                guard let error = error as? EngineError else { return false }
                return error.status == .unsupported && error.message.contains("instruction \(name)") && error.message.contains(why)
                    && error.message.contains("at byte offset 0x")
            }
        }
    }

    @Test func floatTypesAndOtherFeaturesAreRefused() throws {
        let cases: [(String, String)] = [
            ("(module (func (param f64)))", "f64"),
            ("(module (func (result i32 i32) i32.const 1 i32.const 2))", "multi-value"),
            ("(module (memory 1) (func (export \"f\") (param i32) (result i32) local.get 0 i32.load (i32.const 0) drop drop (i32.const 0) i32.const 0 i32.const 0 i32.atomic.rmw.add))", "atomic"),
            ("(module (func (param i32) (result i32) local.get 0 i32.trunc_sat_f32_s))", "trunc_sat"),
        ]
        for (wat, expected) in cases {
            guard let wasm = try? Oracle.wasm(wat) else { continue }  // text the WAT parser itself rejects
            do {
                _ = try WasmModuleParser.parse(wasm)
                Issue.record("accepted: \(wat)")
            } catch {
                #expect(error.description.contains(expected), "\(error)")
            }
        }
    }

    @Test func invalidModulesAreRefusedWithReasons() throws {
        let cases: [(String, String)] = [
            ("(module (func (result i32) i64.const 1))", "type mismatch"),
            ("(module (func (local i32) local.get 0 i64.const 1 i64.add drop))", "type mismatch"),
            ("(module (global i32 (i32.const 1)) (func i32.const 1 global.set 0))", "immutable"),
            ("(module (func (result i32) i32.const 1 i32.const 2))", "values left on the stack"),
            ("(module (func i32.const 0 i32.load drop))", "without a memory"),
        ]
        for (wat, expected) in cases {
            let wasm = try Oracle.wasm(wat)
            do {
                _ = try WasmModuleParser.parse(wasm)
                Issue.record("accepted: \(wat)")
            } catch {
                #expect(error.kind == .invalid, "\(error)")
                #expect(error.reason.contains(expected), "\(error)")
            }
        }
    }

    /// The text format resolves indices, so out-of-range ones are patched into the binary.
    @Test func outOfRangeIndicesAreInvalid() throws {
        let cases: [(String, [UInt8], [UInt8], String)] = [
            ("(module (func call 0))", [0x10, 0x00, 0x0B], [0x10, 0x09, 0x0B], "unknown function 9"),
            ("(module (func (local i32) local.get 0 drop))", [0x20, 0x00, 0x1A], [0x20, 0x03, 0x1A], "unknown local 3"),
            ("(module (func (block br 0)))", [0x0C, 0x00], [0x0C, 0x05], "unknown label 5"),
        ]
        for (wat, pattern, replacement, expected) in cases {
            var wasm = try Oracle.wasm(wat)
            guard let at = (0...(wasm.count - pattern.count)).last(where: { Array(wasm[$0..<($0 + pattern.count)]) == pattern }) else {
                Issue.record("pattern not found in \(wat)")
                continue
            }
            wasm.replaceSubrange(at..<(at + pattern.count), with: replacement)
            do {
                _ = try WasmModuleParser.parse(wasm)
                Issue.record("accepted: \(wat) patched")
            } catch {
                #expect(error.kind == .invalid && error.reason.contains(expected), "\(error)")
            }
        }
    }

    static let richModule = """
        (module
          (import "env" "wasm_input" (func $input (param i32) (result i64)))
          (import "env" "require" (func $require (param i32)))
          (type $t (func (param i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $sq $sq)
          (memory 1 2)
          (global $g (mut i64) (i64.const 7))
          (data (i32.const 16) "hello zkwasm")
          (data "passive")
          (func $sq (type $t) local.get 0 local.get 0 i32.mul)
          (func (export "zkmain") (local $i i32) (local $acc i64)
            (local.set $i (i32.wrap_i64 (call $input (i32.const 0))))
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $i)))
              (local.set $acc (i64.add (local.get $acc) (i64.load8_u offset=16 (local.get $i))))
              (global.set $g (i64.rotl (global.get $g) (local.get $acc)))
              (i32.store16 (i32.const 100) (call_indirect (type $t) (local.get $i) (i32.and (local.get $i) (i32.const 1))))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br $l)))
            (call $require (i64.ne (local.get $acc) (i64.const -1)))
            (drop (memory.grow (i32.const 1)))
            (drop (i32.extend8_s (memory.size)))
            (br_table 0 0 (i32.const 1)))
          (start $start)
          (func $start (global.set $g (i64.extend32_s (i64.const 0x80000000)))))
        """

    @Test func malformedAndTruncatedBinariesAreRefused() throws {
        let wasm = try Oracle.wasm(Self.richModule)
        _ = try WasmModuleParser.parse(wasm)
        // A prefix ending exactly at a section boundary is itself a valid module; every other prefix is refused.
        var accepted = 0
        for length in 0..<wasm.count where (try? WasmModuleParser.parse(Array(wasm[0..<length]))) != nil { accepted += 1 }
        #expect(accepted <= 13, "\(accepted) prefixes accepted")
        #expect(throws: WasmModuleError.self) { try WasmModuleParser.parse(Array("\0asm".utf8) + [2, 0, 0, 0]) }
        #expect(throws: WasmModuleError.self) { try WasmModuleParser.parse(wasm + [0x0B, 0x01]) }
    }

    @Test func thousandsOfMutatedModulesNeverCrash() throws {
        let wasm = try Oracle.wasm(Self.richModule)
        var generator = SplitMix64(seed: 0x5EED)
        var limits = ZkWasmLimits.default
        limits.maxInstructions = 20_000
        limits.maxStackSlots = 1 << 14
        var accepted = 0, refused = 0
        for _ in 0..<4000 {
            var mutant = wasm
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 8..<mutant.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mutant[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutant[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 2: mutant.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                default: mutant.remove(at: position)
                }
            }
            do {
                let module = try WasmModuleParser.parse(mutant, limits: limits)
                accepted += 1
                // Whatever was accepted must run to an outcome, traced, without crashing.
                guard let entry = module.exports["zkmain"], module.types[module.functions[entry].typeIndex].parameters.isEmpty,
                    module.functions[entry].host == nil
                else { continue }
                var machine = try? WasmMachine(module: module, limits: limits, publicInputs: [3], privateInputs: [3, 4, 5])
                var trace = WasmExecutionTrace()
                if let start = module.start, module.types[module.functions[start].typeIndex].parameters.isEmpty, module.functions[start].host == nil {
                    _ = try? machine?.invoke(start, recorder: &trace)
                }
                _ = try? machine?.invoke(entry, recorder: &trace)
            } catch {
                refused += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(refused > 1000)
        #expect(accepted + refused == 4000)
    }

    @Test func richModuleRunsIdenticallyOnWasmKit() throws {
        // The rich module without its host imports, for the oracle.
        let wat = Self.richModule
            .replacingOccurrences(of: "(import \"env\" \"wasm_input\" (func $input (param i32) (result i64)))", with: "(func $input (param i32) (result i64) i64.const 5)")
            .replacingOccurrences(of: "(import \"env\" \"require\" (func $require (param i32)))", with: "(func $require (param i32))")
            .replacingOccurrences(of: "(func (export \"zkmain\")", with: "(func (export \"zkmain\") (result i64)")
            .replacingOccurrences(of: "(br_table 0 0 (i32.const 1)))", with: "(i64.add (global.get $g) (i64.load (i32.const 16))) (i64.extend_i32_u (i32.load16_u (i32.const 100))) i64.add)")
        let wasm = try Oracle.wasm(wat)
        var ours = try Oracle.Ours(wasm)
        let theirs = try Oracle.Theirs(wasm)
        let result = ours.call("zkmain")
        #expect(result == theirs.call("zkmain"))
        if case .value(nil) = result { Issue.record("no result") }
    }
}
