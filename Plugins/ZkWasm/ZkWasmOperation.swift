/// The instruction classes the zkwasm prover constrains, one selector column of ``ZkWasmCPUAIR``
/// each. An executed instruction is provable only if it maps to one of them; anything else makes
/// the prover refuse (`EngineError(.unsupported, "instruction X is not provable yet")`).
///
/// The class id written into the instruction-fetch table is `rawValue + 1`; id 0 marks an
/// instruction whose semantics are not constrained, which no CPU row can fetch.
/// ``zeroLocal`` is a prover-inserted row (not an instruction): after a call, one row per declared
/// local of the callee writes 0 into that local's slot.
public enum ZkWasmOperation: Int, CaseIterable, Sendable {
    case nop, const, add32, add64, sub32, sub64, eq32, eq64, ne32, ne64, eqz32, eqz64
    case localGet, localSet, localTee, globalGet, globalSet, pop, br, brIf, `if`, `else`, call, `return`
    case input, require, output
    case i32Load, i64Load, i32Load8U, i32Load16U, i64Load8U, i64Load16U, i64Load32U
    case i32Store, i64Store, i32Store8, i32Store16, i64Store8, i64Store16, i64Store32
    /// `i32.wrap_i64` and `i64.extend_i32_u`: keep the low 32 bits.
    case lowHalf
    /// `memory.size` (the memory cannot grow in a provable run, so it is the initial size).
    case memorySize
    /// Unsigned comparisons.
    case ltU32, ltU64, gtU32, gtU64, leU32, leU64, geU32, geU64
    /// Bitwise operations, proved by ``ZkWasmBitwiseAIR``.
    case and32, and64, or32, or64, xor32, xor64
    /// Wrapping multiplication, proved by ``ZkWasmMultiplyAIR``.
    case mul32, mul64
    case zeroLocal

    /// The class id in the fetch table (`rawValue + 1`).
    public var classID: Int { rawValue + 1 }

    /// Operations reading two i32/i64 operands and writing one result in place (`sp' = sp − 1`).
    static let binary: [ZkWasmOperation] = [.add32, .add64, .sub32, .sub64, .eq32, .eq64, .ne32, .ne64] + unsignedComparisons + bitwise + [.mul32, .mul64]
    /// Unsigned comparisons, proved with a range-checked difference.
    static let unsignedComparisons: [ZkWasmOperation] = [.ltU32, .ltU64, .gtU32, .gtU64, .leU32, .leU64, .geU32, .geU64]
    /// Bitwise operations, looked up in ``ZkWasmBitwiseAIR``.
    static let bitwise: [ZkWasmOperation] = [.and32, .and64, .or32, .or64, .xor32, .xor64]
    /// Operations whose result another table proves, sent on ``ZkWasmBus/alu``.
    static let alu: [ZkWasmOperation] = bitwise + [.mul32, .mul64]
    /// Operations whose operands and result are i32 (upper two 16-bit limbs zero).
    static let thirtyTwoBit: [ZkWasmOperation] = [.add32, .sub32, .eq32, .ne32, .eqz32, .ltU32, .gtU32, .leU32, .geU32, .and32, .or32, .xor32, .mul32]
    static let equality: [ZkWasmOperation] = [.eq32, .eq64, .ne32, .ne64, .eqz32, .eqz64]
    /// Zero-extending loads: pop an i32 address, push the `memoryWidth` bytes there.
    static let loads: [ZkWasmOperation] = [.i32Load, .i64Load, .i32Load8U, .i32Load16U, .i64Load8U, .i64Load16U, .i64Load32U]
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

    /// Bytes a load or store accesses (0 for other operations).
    var memoryWidth: Int {
        switch self {
        case .i32Load8U, .i64Load8U, .i32Store8, .i64Store8: 1
        case .i32Load16U, .i64Load16U, .i32Store16, .i64Store16: 2
        case .i32Load, .i64Load32U, .i32Store, .i64Store32: 4
        case .i64Load, .i64Store: 8
        default: 0
        }
    }

    /// The class of instruction `instruction` of `module`, or `nil` when it is not provable yet.
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
        case .i32Load: .i32Load
        case .i64Load: .i64Load
        case .i32Load8U: .i32Load8U
        case .i32Load16U: .i32Load16U
        case .i64Load8U: .i64Load8U
        case .i64Load16U: .i64Load16U
        case .i64Load32U: .i64Load32U
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
        default: nil
        }
    }
}
