/// The WebAssembly instructions the zkwasm engine executes, numbered by their binary encoding.
///
/// Opcodes keep their byte (`i32.add` = `0x6A`); ``name(of:)`` also names `0xFC`-prefixed ones
/// (`0xFC00 | sub-opcode`), all refused. These numbers are the `opcode` column of the
/// committed module image and of the execution trace, so they never change meaning.
public enum WasmOpcode: UInt16, Sendable, CaseIterable {
    case unreachable = 0x00, nop = 0x01, block = 0x02, loop = 0x03, `if` = 0x04, `else` = 0x05
    case end = 0x0B, br = 0x0C, brIf = 0x0D, brTable = 0x0E, `return` = 0x0F
    case call = 0x10, callIndirect = 0x11
    case drop = 0x1A, select = 0x1B
    case localGet = 0x20, localSet = 0x21, localTee = 0x22, globalGet = 0x23, globalSet = 0x24
    case i32Load = 0x28, i64Load = 0x29
    case i32Load8S = 0x2C, i32Load8U = 0x2D, i32Load16S = 0x2E, i32Load16U = 0x2F
    case i64Load8S = 0x30, i64Load8U = 0x31, i64Load16S = 0x32, i64Load16U = 0x33, i64Load32S = 0x34, i64Load32U = 0x35
    case i32Store = 0x36, i64Store = 0x37
    case i32Store8 = 0x3A, i32Store16 = 0x3B, i64Store8 = 0x3C, i64Store16 = 0x3D, i64Store32 = 0x3E
    case memorySize = 0x3F, memoryGrow = 0x40
    case i32Const = 0x41, i64Const = 0x42
    case i32Eqz = 0x45, i32Eq, i32Ne, i32LtS, i32LtU, i32GtS, i32GtU, i32LeS, i32LeU, i32GeS, i32GeU
    case i64Eqz = 0x50, i64Eq, i64Ne, i64LtS, i64LtU, i64GtS, i64GtU, i64LeS, i64LeU, i64GeS, i64GeU
    case i32Clz = 0x67, i32Ctz, i32Popcnt, i32Add, i32Sub, i32Mul, i32DivS, i32DivU, i32RemS, i32RemU
    case i32And = 0x71, i32Or, i32Xor, i32Shl, i32ShrS, i32ShrU, i32Rotl, i32Rotr
    case i64Clz = 0x79, i64Ctz, i64Popcnt, i64Add, i64Sub, i64Mul, i64DivS, i64DivU, i64RemS, i64RemU
    case i64And = 0x83, i64Or, i64Xor, i64Shl, i64ShrS, i64ShrU, i64Rotl, i64Rotr
    case i32WrapI64 = 0xA7, i64ExtendI32S = 0xAC, i64ExtendI32U = 0xAD
    case i32Extend8S = 0xC0, i32Extend16S, i64Extend8S, i64Extend16S, i64Extend32S

    /// The text-format name, e.g. `i32.div_s`.
    public var name: String { WasmOpcode.name(of: rawValue) }

    /// The text-format name of any encoded opcode, supported or not (`f32.add`, `0xFC 0x00`…).
    public static func name(of code: UInt16) -> String {
        if code >> 8 == 0xFC {
            let sub = Int(code & 0xFF)
            let names = [
                "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
                "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
                "memory.init", "data.drop", "memory.copy", "memory.fill", "table.init", "elem.drop", "table.copy",
                "table.grow", "table.size", "table.fill",
            ]
            return sub < names.count ? names[sub] : "0xFC \(sub)"
        }
        if code >> 8 == 0xFD { return "SIMD instruction 0xFD \(code & 0xFF)" }
        if code >> 8 == 0xFE { return "atomic instruction 0xFE \(code & 0xFF)" }
        let byte = Int(code)
        if let name = singleByteNames[byte], !name.isEmpty { return name }
        return "opcode 0x" + String(byte, radix: 16)
    }

    private static let singleByteNames: [Int: String] = {
        var names: [Int: String] = [
            0x00: "unreachable", 0x01: "nop", 0x02: "block", 0x03: "loop", 0x04: "if", 0x05: "else",
            0x06: "try", 0x07: "catch", 0x08: "throw", 0x09: "rethrow", 0x0A: "throw_ref",
            0x0B: "end", 0x0C: "br", 0x0D: "br_if", 0x0E: "br_table", 0x0F: "return", 0x10: "call",
            0x11: "call_indirect", 0x12: "return_call", 0x13: "return_call_indirect", 0x1A: "drop", 0x1B: "select",
            0x1C: "select (typed)", 0x1F: "try_table", 0x20: "local.get", 0x21: "local.set", 0x22: "local.tee",
            0x23: "global.get", 0x24: "global.set", 0x25: "table.get", 0x26: "table.set",
            0x3F: "memory.size", 0x40: "memory.grow", 0x41: "i32.const", 0x42: "i64.const", 0x43: "f32.const",
            0x44: "f64.const", 0xD0: "ref.null", 0xD1: "ref.is_null", 0xD2: "ref.func",
        ]
        let loads = [
            "i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u",
            "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u",
            "i32.store", "i64.store", "f32.store", "f64.store", "i32.store8", "i32.store16", "i64.store8", "i64.store16",
            "i64.store32",
        ]
        for (index, name) in loads.enumerated() { names[0x28 + index] = name }
        let compare = ["eqz", "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
        for (index, name) in compare.enumerated() {
            names[0x45 + index] = "i32." + name
            names[0x50 + index] = "i64." + name
        }
        let floatCompare = ["eq", "ne", "lt", "gt", "le", "ge"]
        for (index, name) in floatCompare.enumerated() {
            names[0x5B + index] = "f32." + name
            names[0x61 + index] = "f64." + name
        }
        let integer = [
            "clz", "ctz", "popcnt", "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl",
            "shr_s", "shr_u", "rotl", "rotr",
        ]
        for (index, name) in integer.enumerated() {
            names[0x67 + index] = "i32." + name
            names[0x79 + index] = "i64." + name
        }
        let float = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt", "add", "sub", "mul", "div", "min", "max", "copysign"]
        for (index, name) in float.enumerated() {
            names[0x8B + index] = "f32." + name
            names[0x99 + index] = "f64." + name
        }
        let conversions = [
            "i32.wrap_i64", "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u", "i64.extend_i32_s",
            "i64.extend_i32_u", "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s", "i64.trunc_f64_u",
            "f32.convert_i32_s", "f32.convert_i32_u", "f32.convert_i64_s", "f32.convert_i64_u", "f32.demote_f64",
            "f64.convert_i32_s", "f64.convert_i32_u", "f64.convert_i64_s", "f64.convert_i64_u", "f64.promote_f32",
            "i32.reinterpret_f32", "i64.reinterpret_f64", "f32.reinterpret_i32", "f64.reinterpret_i64",
            "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s",
        ]
        for (index, name) in conversions.enumerated() { names[0xA7 + index] = name }
        return names
    }()
}
