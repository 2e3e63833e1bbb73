import SproutZkWasmEngine
import Testing

/// Integer semantics and traps of our interpreter against WasmKit, on edge values.
@Suite struct InterpreterSemanticsTests {
    static let i32Binary = [
        "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
        "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
    ]
    static let i32Unary = ["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s"]
    static let i64Unary = ["clz", "ctz", "popcnt", "extend8_s", "extend16_s", "extend32_s"]

    static let i32Edges: [UInt64] = [0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0x7F, 0x80, 0xFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFE, 0x1234_5678]
    static let i64Edges: [UInt64] = [
        0, 1, 2, 5, 63, 64, 65, 0x80, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, UInt64.max,
        UInt64.max - 1, 0x8000_0000, 0xDEAD_BEEF_0BAD_F00D,
    ]

    static func arithmeticModule() -> String {
        var functions: [String] = []
        for op in i32Binary {
            functions.append("(func (export \"i32.\(op)\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.\(op))")
            let result = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"].contains(op) ? "i32" : "i64"
            functions.append("(func (export \"i64.\(op)\") (param i64 i64) (result \(result)) local.get 0 local.get 1 i64.\(op))")
        }
        for op in i32Unary { functions.append("(func (export \"i32.\(op)\") (param i32) (result i32) local.get 0 i32.\(op))") }
        for op in i64Unary { functions.append("(func (export \"i64.\(op)\") (param i64) (result i64) local.get 0 i64.\(op))") }
        functions.append("(func (export \"i64.eqz\") (param i64) (result i32) local.get 0 i64.eqz)")
        functions.append("(func (export \"i32.wrap_i64\") (param i64) (result i32) local.get 0 i32.wrap_i64)")
        functions.append("(func (export \"i64.extend_i32_s\") (param i32) (result i64) local.get 0 i64.extend_i32_s)")
        functions.append("(func (export \"i64.extend_i32_u\") (param i32) (result i64) local.get 0 i64.extend_i32_u)")
        functions.append("(func (export \"select\") (param i64 i64 i32) (result i64) local.get 0 local.get 1 local.get 2 select)")
        return "(module " + functions.joined(separator: "\n") + ")"
    }

    @Test func integerOperatorsMatchWasmKitOnEdgeValues() throws {
        let wasm = try Oracle.wasm(Self.arithmeticModule())
        var ours = try Oracle.Ours(wasm)
        let theirs = try Oracle.Theirs(wasm)
        var compared = 0
        for op in Self.i32Binary {
            for l in Self.i32Edges {
                for r in Self.i32Edges {
                    let a = ours.call("i32.\(op)", [l, r]), b = theirs.call("i32.\(op)", [l, r])
                    #expect(a == b, "i32.\(op)(\(l), \(r))")
                    compared += 1
                }
            }
            for l in Self.i64Edges {
                for r in Self.i64Edges {
                    let a = ours.call("i64.\(op)", [l, r]), b = theirs.call("i64.\(op)", [l, r])
                    #expect(a == b, "i64.\(op)(\(l), \(r))")
                    compared += 1
                }
            }
        }
        for op in Self.i32Unary {
            for x in Self.i32Edges { #expect(ours.call("i32.\(op)", [x]) == theirs.call("i32.\(op)", [x]), "i32.\(op)(\(x))") }
        }
        for op in Self.i64Unary + ["eqz"] {
            for x in Self.i64Edges { #expect(ours.call("i64.\(op)", [x]) == theirs.call("i64.\(op)", [x]), "i64.\(op)(\(x))") }
        }
        for x in Self.i64Edges { #expect(ours.call("i32.wrap_i64", [x]) == theirs.call("i32.wrap_i64", [x])) }
        for x in Self.i32Edges {
            #expect(ours.call("i64.extend_i32_s", [x]) == theirs.call("i64.extend_i32_s", [x]))
            #expect(ours.call("i64.extend_i32_u", [x]) == theirs.call("i64.extend_i32_u", [x]))
            #expect(ours.call("select", [5, 9, x]) == theirs.call("select", [5, 9, x]))
        }
        #expect(compared > 10_000)
    }

    @Test func divisionTrapsFollowTheSpecification() throws {
        let wasm = try Oracle.wasm(Self.arithmeticModule())
        var ours = try Oracle.Ours(wasm)
        #expect(ours.call("i32.div_s", [1, 0]) == .trap("integer divide by zero"))
        #expect(ours.call("i32.rem_u", [1, 0]) == .trap("integer divide by zero"))
        #expect(ours.call("i32.div_s", [0x8000_0000, 0xFFFF_FFFF]) == .trap("integer overflow"))
        #expect(ours.call("i32.rem_s", [0x8000_0000, 0xFFFF_FFFF]) == .value(0))
        #expect(ours.call("i64.div_s", [0x8000_0000_0000_0000, UInt64.max]) == .trap("integer overflow"))
        #expect(ours.call("i64.rem_s", [0x8000_0000_0000_0000, UInt64.max]) == .value(0))
        #expect(ours.call("i64.div_u", [7, 0]) == .trap("integer divide by zero"))
    }

    static let memoryModule = """
        (module
          (memory (export "memory") 1 3)
          (func (export "i32.store") (param i32 i32) local.get 0 local.get 1 i32.store)
          (func (export "i32.store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
          (func (export "i32.store16") (param i32 i32) local.get 0 local.get 1 i32.store16)
          (func (export "i64.store") (param i32 i64) local.get 0 local.get 1 i64.store)
          (func (export "i64.store8") (param i32 i64) local.get 0 local.get 1 i64.store8)
          (func (export "i64.store16") (param i32 i64) local.get 0 local.get 1 i64.store16)
          (func (export "i64.store32") (param i32 i64) local.get 0 local.get 1 i64.store32 offset=3)
          (func (export "i32.load") (param i32) (result i32) local.get 0 i32.load)
          (func (export "i32.load8_s") (param i32) (result i32) local.get 0 i32.load8_s)
          (func (export "i32.load8_u") (param i32) (result i32) local.get 0 i32.load8_u)
          (func (export "i32.load16_s") (param i32) (result i32) local.get 0 i32.load16_s)
          (func (export "i32.load16_u") (param i32) (result i32) local.get 0 i32.load16_u offset=1)
          (func (export "i64.load") (param i32) (result i64) local.get 0 i64.load)
          (func (export "i64.load8_s") (param i32) (result i64) local.get 0 i64.load8_s)
          (func (export "i64.load8_u") (param i32) (result i64) local.get 0 i64.load8_u)
          (func (export "i64.load16_s") (param i32) (result i64) local.get 0 i64.load16_s)
          (func (export "i64.load16_u") (param i32) (result i64) local.get 0 i64.load16_u)
          (func (export "i64.load32_s") (param i32) (result i64) local.get 0 i64.load32_s)
          (func (export "i64.load32_u") (param i32) (result i64) local.get 0 i64.load32_u)
          (func (export "far") (param i32) (result i32) local.get 0 i32.load offset=4294967295)
          (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
          (func (export "size") (result i32) memory.size)
        )
        """

    @Test func memoryAccessesOfEveryWidthMatchWasmKit() throws {
        let wasm = try Oracle.wasm(Self.memoryModule)
        var ours = try Oracle.Ours(wasm)
        let theirs = try Oracle.Theirs(wasm)
        let stores = ["i32.store", "i32.store8", "i32.store16", "i64.store", "i64.store8", "i64.store16", "i64.store32"]
        let loads = [
            "i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u", "i64.load", "i64.load8_s", "i64.load8_u",
            "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u",
        ]
        let addresses: [UInt64] = [0, 1, 3, 100, 65528, 65529, 65532, 65533, 65534, 65535, 65536, 0xFFFF_FFFF, 0xFFFF_FFFC]
        let values: [UInt64] = [0x8899_AABB_CCDD_EEFF, 0x7F, 0x80, 0xFFFF_FFFF_FFFF_FFFF, 0x0102_0304_0506_0708]
        for (index, store) in stores.enumerated() {
            for address in addresses {
                let value = values[(index + Int(address % 5)) % values.count]
                #expect(ours.call(store, [address, value]) == theirs.call(store, [address, value]), "\(store) at \(address)")
                for load in loads {
                    for probe in [address, address &+ 1, address &- 1] where probe <= 0xFFFF_FFFF {
                        #expect(ours.call(load, [probe]) == theirs.call(load, [probe]), "\(load) at \(probe) after \(store)")
                    }
                }
            }
        }
        #expect(ours.call("far", [1]) == .trap("out of bounds memory access"))
        #expect(ours.call("far", [1]) == theirs.call("far", [1]))
        for delta: UInt64 in [0, 1, 1, 5, 0xFFFF_FFFF] {
            #expect(ours.call("grow", [delta]) == theirs.call("grow", [delta]), "memory.grow \(delta)")
            #expect(ours.call("size") == theirs.call("size"))
        }
    }

    static let controlModule = """
        (module
          (type $unary (func (param i32) (result i32)))
          (type $nullary (func (result i32)))
          (table 4 funcref)
          (elem (i32.const 0) $double $seven $double)
          (func $double (type $unary) local.get 0 i32.const 2 i32.mul)
          (func $seven (type $nullary) i32.const 7)
          (func (export "switch") (param i32) (result i32)
            (block $d (block $c (block $b (block $a
              (br_table $a $b $c $d (local.get 0)))
              (return (i32.const 100)))
              (return (i32.const 101)))
              (return (i32.const 102)))
            (i32.const 103))
          (func (export "carry") (param i32) (result i32)
            (block $out (result i32)
              (i32.const 1) (i32.const 2) drop drop
              (i32.const 55)
              (br_table $out $out (local.get 0))))
          (func (export "nested") (param i32) (result i32) (local $sum i32)
            (loop $again
              (local.set $sum (i32.add (local.get $sum) (local.get 0)))
              (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
              (br_if $again (i32.gt_s (local.get 0) (i32.const 0))))
            (if (result i32) (i32.gt_u (local.get $sum) (i32.const 50))
              (then (local.get $sum)) (else (i32.sub (i32.const 0) (local.get $sum)))))
          (func (export "indirect") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $unary))
          (func $rec (export "recurse") (param i32) (result i32) local.get 0 i32.const 1 i32.add call $rec)
          (func (export "trap") (result i32) unreachable)
        )
        """

    @Test func controlFlowAndCallsMatchWasmKit() throws {
        let wasm = try Oracle.wasm(Self.controlModule)
        var ours = try Oracle.Ours(wasm)
        let theirs = try Oracle.Theirs(wasm)
        for index: UInt64 in [0, 1, 2, 3, 4, 100, 0xFFFF_FFFF] {
            #expect(ours.call("switch", [index]) == theirs.call("switch", [index]), "br_table \(index)")
            #expect(ours.call("carry", [index]) == theirs.call("carry", [index]))
        }
        for n: UInt64 in [1, 3, 10, 20] { #expect(ours.call("nested", [n]) == theirs.call("nested", [n])) }
        #expect(ours.call("nested", [10]) == .value(55))
        for slot: UInt64 in [0, 1, 2, 3, 4, 0xFFFF_FFFF] {
            #expect(ours.call("indirect", [slot, 21]) == theirs.call("indirect", [slot, 21]), "call_indirect slot \(slot)")
        }
        #expect(ours.call("indirect", [0, 21]) == .value(42))
        #expect(ours.call("indirect", [1, 21]) == .trap("indirect call type mismatch"))
        #expect(ours.call("indirect", [3, 21]) == .trap("uninitialized element"))
        #expect(ours.call("indirect", [4, 21]) == .trap("undefined element"))
        #expect(ours.call("recurse", [0]) == .trap("call stack exhausted"))
        #expect(theirs.call("recurse", [0]) == .trap("call stack exhausted"))
        #expect(ours.call("trap") == theirs.call("trap"))
        // A trap leaves the instance usable, as in WasmKit.
        #expect(ours.call("nested", [3]) == theirs.call("nested", [3]))
    }

    @Test func instructionLimitStopsAnInfiniteLoop() throws {
        let wasm = try Oracle.wasm("(module (func (export \"zkmain\") (loop $l (br $l))))")
        var limits = ZkWasmLimits.default
        limits.maxInstructions = 10_000
        var ours = try Oracle.Ours(wasm, limits: limits)
        guard case .trap(let message) = ours.call("zkmain") else {
            Issue.record("an infinite loop finished")
            return
        }
        #expect(message.contains("limit of 10000 wasm instructions"))
        #expect(ours.machine.steps == 10_000)
    }

    @Test func longRunsPollCancellation() throws {
        let module = try WasmModuleParser.parse(try Oracle.wasm("(module (func (export \"zkmain\") (loop $l (br $l))))"))
        var machine = try WasmMachine(module: module, limits: .default, publicInputs: [], privateInputs: [])
        machine.shouldCancel = { true }
        var recorder = WasmNoTrace()
        #expect(throws: ZkWasmFailure.cancelled) { try machine.invoke(module.exports["zkmain"]!, recorder: &recorder) }
        #expect(machine.steps == 1 << 20)
    }

    @Test func instructionCountIsExact() throws {
        // loop, (local.get, i32.const, i32.sub, local.tee, br_if) × 3, end, return = 18... counted below.
        let wasm = try Oracle.wasm(
            "(module (func (export \"f\") (param i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)))")
        var ours = try Oracle.Ours(wasm)
        #expect(ours.call("f", [3]) == .value(nil))
        // 1 loop + 3 × 5 body + 1 end + 1 return
        #expect(ours.machine.steps == 18)
    }
}
