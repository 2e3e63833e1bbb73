/// The instruction classes the zkwasm prover constrains, one selector column of ``ZkWasmCPUAIR``
/// each. Every instruction the parser accepts maps to one, except `unreachable`, which always
/// traps, so every successful run is provable.
///
/// The class id written into the instruction-fetch table is `rawValue + 1`; id 0 marks an
/// instruction no successful run executes (`unreachable`, a load or store with an offset beyond
/// any memory), which no CPU row can fetch.
/// ``zeroLocal`` is a prover-inserted row (not an instruction): after a call, one row per declared
/// local of the callee writes 0 into that local's slot.
public enum ZkWasmOperation: Int, CaseIterable, Sendable {
    case nop, const, add32, add64, sub32, sub64, eq32, eq64, ne32, ne64, eqz32, eqz64
    case localGet, localSet, localTee, globalGet, globalSet, pop, br, brIf, `if`, `else`, call, `return`
    case input, require, output
    case i32Load, i64Load, i32Load8U, i32Load16U, i64Load8U, i64Load16U, i64Load32U
    /// Sign-extending loads: the memory table returns the raw bytes, the CPU extends them.
    case i32Load8S, i32Load16S, i64Load8S, i64Load16S, i64Load32S
    case i32Store, i64Store, i32Store8, i32Store16, i64Store8, i64Store16, i64Store32
    /// `i32.wrap_i64` and `i64.extend_i32_u`: keep the low 32 bits.
    case lowHalf
    /// `memory.size`: pushes the CPU's page count.
    case memorySize
    /// `memory.grow`: adds its operand to the page count and pushes the old count when the sum
    /// stays within the limit (``ZkWasmLimits/memoryLimit(of:)``), else pushes −1.
    case memoryGrow
    /// Unsigned comparisons.
    case ltU32, ltU64, gtU32, gtU64, leU32, leU64, geU32, geU64
    /// Bitwise operations, proved by ``ZkWasmBitwiseAIR``.
    case and32, and64, or32, or64, xor32, xor64
    /// Wrapping multiplication, proved by ``ZkWasmMultiplyAIR``.
    case mul32, mul64
    /// Shifts, rotations, division and remainder, proved by ``ZkWasmArithmeticAIR``; the
    /// instruction's ``ZkWasmArithmeticKind`` is the fetched `a` operand.
    case arithmetic32, arithmetic64
    /// Signed comparisons: unsigned comparisons of the operands with their sign bits flipped.
    case ltS32, ltS64, gtS32, gtS64, leS32, leS64, geS32, geS64
    /// Sign extensions: `i32.extend8_s`, `i32.extend16_s`, `i64.extend8_s`, `i64.extend16_s`,
    /// and `i64.extend32_s` / `i64.extend_i32_s` (the same function of the low 32 bits).
    case extend8S32, extend16S32, extend8S64, extend16S64, extend32S64
    /// `select`: pops a condition and two values, keeps the first when the condition is non-zero.
    case select
    /// `popcnt`: the sum of the 16-bit limbs' bit counts, looked up in ``ZkWasmRangeAIR``.
    case popcnt32, popcnt64
    /// `clz` and `ctz`: per 16-bit limb, the leading or trailing zero count and whether the limb
    /// is zero, looked up in ``ZkWasmRangeAIR``; the result adds the counts from the top (clz)
    /// or bottom (ctz) limb down to the first non-zero limb.
    case clz32, clz64, ctz32, ctz64
    /// `br_table`: the entry `min(index, b)` of the label list, looked up in ``ZkWasmBranchTableAIR``.
    case brTable
    /// `call_indirect` of a function the module defines, looked up in ``ZkWasmFunctionTableAIR``.
    case callIndirect
    case zeroLocal

    /// The class id in the fetch table (`rawValue + 1`).
    public var classID: Int { rawValue + 1 }

    /// Operations reading two i32/i64 operands and writing one result in place (`sp' = sp − 1`).
    static let binary: [ZkWasmOperation] = [.add32, .add64, .sub32, .sub64, .eq32, .eq64, .ne32, .ne64] + unsignedComparisons + signedComparisons
        + bitwise + [.mul32, .mul64, .arithmetic32, .arithmetic64]
    /// Unsigned comparisons, proved with a range-checked difference.
    static let unsignedComparisons: [ZkWasmOperation] = [.ltU32, .ltU64, .gtU32, .gtU64, .leU32, .leU64, .geU32, .geU64]
    /// Signed comparisons, proved like unsigned ones on sign-flipped operands.
    static let signedComparisons: [ZkWasmOperation] = [.ltS32, .ltS64, .gtS32, .gtS64, .leS32, .leS64, .geS32, .geS64]
    /// Sign extensions: read one operand, write one result in place.
    static let signExtensions: [ZkWasmOperation] = [.extend8S32, .extend16S32, .extend8S64, .extend16S64, .extend32S64]
    /// Unary operations that read one operand and write the result in its slot.
    static let unaryInPlace: [ZkWasmOperation] = signExtensions + [.popcnt32, .popcnt64] + zeroCounts
    /// Leading and trailing zero counts.
    static let zeroCounts: [ZkWasmOperation] = [.clz32, .clz64, .ctz32, .ctz64]
    /// Bitwise operations, looked up in ``ZkWasmBitwiseAIR``.
    static let bitwise: [ZkWasmOperation] = [.and32, .and64, .or32, .or64, .xor32, .xor64]
    /// Operations whose result another table proves, sent on ``ZkWasmBus/alu``.
    static let alu: [ZkWasmOperation] = bitwise + [.mul32, .mul64, .arithmetic32, .arithmetic64]
    /// Operations whose operands and result are i32 (upper two 16-bit limbs zero).
    static let thirtyTwoBit: [ZkWasmOperation] = [
        .add32, .sub32, .eq32, .ne32, .eqz32, .ltU32, .gtU32, .leU32, .geU32, .and32, .or32, .xor32, .mul32, .arithmetic32,
        .ltS32, .gtS32, .leS32, .geS32, .extend8S32, .extend16S32, .i32Load8S, .i32Load16S, .popcnt32, .clz32, .ctz32, .memoryGrow,
    ]
    static let equality: [ZkWasmOperation] = [.eq32, .eq64, .ne32, .ne64, .eqz32, .eqz64]
    /// Loads: pop an i32 address, push the `memoryWidth` bytes there, zero- or sign-extended.
    static let loads: [ZkWasmOperation] = [.i32Load, .i64Load, .i32Load8U, .i32Load16U, .i64Load8U, .i64Load16U, .i64Load32U] + signedLoads
    static let signedLoads: [ZkWasmOperation] = [.i32Load8S, .i32Load16S, .i64Load8S, .i64Load16S, .i64Load32S]
    /// Stores: pop a value and an i32 address, write the value's low `memoryWidth` bytes.
    static let stores: [ZkWasmOperation] = [.i32Store, .i64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16, .i64Store32]

    /// The kind of an operation proved on ``ZkWasmBus/alu`` (1 = and, 2 = or, 3 = xor, 4 = i32.mul, 5 = i64.mul; 0 otherwise).
    var aluKind: Int {
        switch self {
        case .and32, .and64: 1
        case .or32, .or64: 2
        case .xor32, .xor64: 3
        case .mul32: 4
        case .mul64: 5
        default: 0
        }
    }

    /// The `a` operand the instruction-fetch table holds for `instruction`: its
    /// ``ZkWasmArithmeticKind`` code for shifts, rotations, division and remainder, else its own `a`.
    static func fetchedA(_ instruction: WasmInstruction) -> UInt32 {
        ZkWasmArithmeticKind(instruction.opcode).map { UInt32($0.code) } ?? instruction.a
    }

    /// The immediate the instruction-fetch table holds for `instruction`: the default entry `b`
    /// for `br_table` (so the CPU can compare the index with it), else its own immediate.
    static func fetchedImmediate(_ instruction: WasmInstruction) -> UInt64 {
        instruction.opcode == .brTable ? UInt64(instruction.b) : instruction.immediate
    }

    /// Bytes a load or store accesses (0 for other operations).
    var memoryWidth: Int {
        switch self {
        case .i32Load8U, .i64Load8U, .i32Load8S, .i64Load8S, .i32Store8, .i64Store8: 1
        case .i32Load16U, .i64Load16U, .i32Load16S, .i64Load16S, .i32Store16, .i64Store16: 2
        case .i32Load, .i64Load32U, .i64Load32S, .i32Store, .i64Store32: 4
        case .i64Load, .i64Store: 8
        default: 0
        }
    }

    /// The class of instruction `instruction` of `module`, or `nil` for `unreachable`.
    public static func of(_ instruction: WasmInstruction, in module: WasmModule) -> ZkWasmOperation? {
        switch instruction.opcode {
        case .nop, .block, .loop, .end: .nop
        case .i32Const, .i64Const: .const
        case .i32Add: .add32
        case .i64Add: .add64
        case .i32Sub: .sub32
        case .i64Sub: .sub64
        case .i32Eq: .eq32
        case .i64Eq: .eq64
        case .i32Ne: .ne32
        case .i64Ne: .ne64
        case .i32Eqz: .eqz32
        case .i64Eqz: .eqz64
        case .localGet: .localGet
        case .localSet: .localSet
        case .localTee: .localTee
        case .globalGet: .globalGet
        case .globalSet: .globalSet
        case .drop: .pop
        case .br: .br
        case .brIf: .brIf
        case .if: .if
        case .else: .else
        case .return: .return
        case .i32LtU: .ltU32
        case .i64LtU: .ltU64
        case .i32GtU: .gtU32
        case .i64GtU: .gtU64
        case .i32LeU: .leU32
        case .i64LeU: .leU64
        case .i32GeU: .geU32
        case .i64GeU: .geU64
        case .i32WrapI64, .i64ExtendI32U: .lowHalf
        case .i32And: .and32
        case .i64And: .and64
        case .i32Or: .or32
        case .i64Or: .or64
        case .i32Xor: .xor32
        case .i64Xor: .xor64
        case .i32Mul: .mul32
        case .i64Mul: .mul64
        case .memorySize: .memorySize
        case .memoryGrow: .memoryGrow
        case .i32Shl, .i32ShrU, .i32ShrS, .i32Rotl, .i32Rotr, .i32DivU, .i32RemU, .i32DivS, .i32RemS: .arithmetic32
        case .i64Shl, .i64ShrU, .i64ShrS, .i64Rotl, .i64Rotr, .i64DivU, .i64RemU, .i64DivS, .i64RemS: .arithmetic64
        case .i32LtS: .ltS32
        case .i64LtS: .ltS64
        case .i32GtS: .gtS32
        case .i64GtS: .gtS64
        case .i32LeS: .leS32
        case .i64LeS: .leS64
        case .i32GeS: .geS32
        case .i64GeS: .geS64
        case .i32Extend8S: .extend8S32
        case .i32Extend16S: .extend16S32
        case .i64Extend8S: .extend8S64
        case .i64Extend16S: .extend16S64
        case .i64Extend32S, .i64ExtendI32S: .extend32S64
        case .select: .select
        case .brTable: .brTable
        case .i32Popcnt: .popcnt32
        case .i64Popcnt: .popcnt64
        case .i32Clz: .clz32
        case .i64Clz: .clz64
        case .i32Ctz: .ctz32
        case .i64Ctz: .ctz64
        case .callIndirect: .callIndirect
        case .i32Load: .i32Load
        case .i64Load: .i64Load
        case .i32Load8U: .i32Load8U
        case .i32Load16U: .i32Load16U
        case .i64Load8U: .i64Load8U
        case .i64Load16U: .i64Load16U
        case .i64Load32U: .i64Load32U
        case .i32Load8S: .i32Load8S
        case .i32Load16S: .i32Load16S
        case .i64Load8S: .i64Load8S
        case .i64Load16S: .i64Load16S
        case .i64Load32S: .i64Load32S
        case .i32Store: .i32Store
        case .i64Store: .i64Store
        case .i32Store8: .i32Store8
        case .i32Store16: .i32Store16
        case .i64Store8: .i64Store8
        case .i64Store16: .i64Store16
        case .i64Store32: .i64Store32
        case .call:
            switch module.functions[Int(instruction.a)].host {
            case nil: .call
            case .wasmInput: .input
            case .require: .require
            case .wasmOutput: .output
            case .wasmDbg: .pop
            }
        case .unreachable: nil
        }
    }
}
