import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmBitwiseAIR``.
enum BitwiseColumn {
    static let isAnd = 0, isOr = 1, isXor = 2
    static let x = 3, y = 11, and = 19
    static let width = 27
}

/// The bitwise operations of the CPU (`and`, `or`, `xor` on i32 and i64), received on
/// ``ZkWasmBus/alu`` as `(kind, x₀…x₃, y₀…y₃, z₀…z₃)` in 16-bit limbs, `kind` 1 = and,
/// 2 = or, 3 = xor.
///
/// One row per operation: one-hot kind selectors (all 0 on padding rows), the bytes `xⱼ, yⱼ` of
/// both operands and `cⱼ = xⱼ AND yⱼ`, `j < 8`. Each triple `(xⱼ, yⱼ, cⱼ)` is looked up in the
/// fixed byte-AND table of ``ZkWasmRangeAIR`` (``ZkWasmBus/byteAnd``), which also proves the
/// bytes are bytes, so limb `i` of an operand is `b₂ᵢ + 2⁸·b₂ᵢ₊₁` without ambiguity. The result
/// bytes follow from AND alone: `x OR y = x + y − c` and `x XOR y = x + y − 2c` bytewise. i32
/// operations have zero upper limbs, which the CPU enforces.
struct ZkWasmBitwiseAIR: AIR {
    var name: String { "zkwasm-bitwise" }
    var mainWidth: Int { BitwiseColumn.width }
    /// Nine lookup terms per row: three per LogUp helper column keeps the table narrow.
    var lookupBatchSize: Int { 3 }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = BitwiseColumn
        let reader = b
        func m(_ c: Int) -> AIRExpression { reader.main(c) }
        let isAnd = m(C.isAnd), isOr = m(C.isOr), isXor = m(C.isXor)
        for flag in [isAnd, isOr, isXor] { b.assertBoolean(flag) }
        let active = isAnd + isOr + isXor
        b.assertBoolean(active)
        let x = (0..<8).map { m(C.x + $0) }, y = (0..<8).map { m(C.y + $0) }, c = (0..<8).map { m(C.and + $0) }
        let z = (0..<8).map { j in isAnd * c[j] + isOr * (x[j] + y[j] - c[j]) + isXor * (x[j] + y[j] - 2 * c[j]) }
        func limbs(_ bytes: [AIRExpression]) -> [AIRExpression] { (0..<4).map { bytes[2 * $0] + 256 * bytes[2 * $0 + 1] } }
        for j in 0..<8 {
            b.send(bus: ZkWasmBus.byteAnd, values: [x[j], y[j], c[j]], multiplicity: active)
        }
        b.receive(bus: ZkWasmBus.alu, values: [isAnd + 2 * isOr + 3 * isXor] + limbs(x) + limbs(y) + limbs(z), multiplicity: active)
    }

    /// The row of one operation of `kind` (1 = and, 2 = or, 3 = xor) on `x` and `y`.
    static func row(kind: Int, x: UInt64, y: UInt64) -> [BabyBear] {
        var out = [BabyBear](repeating: .zero, count: BitwiseColumn.width)
        out[kind - 1] = .one
        for j in 0..<8 {
            let xj = UInt32(truncatingIfNeeded: x >> UInt64(8 * j)) & 0xFF, yj = UInt32(truncatingIfNeeded: y >> UInt64(8 * j)) & 0xFF
            out[BitwiseColumn.x + j] = BabyBear(xj)
            out[BitwiseColumn.y + j] = BabyBear(yj)
            out[BitwiseColumn.and + j] = BabyBear(xj & yj)
        }
        return out
    }
}
