import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmMultiplyAIR``.
enum MultiplyColumn {
    static let is32 = 0, is64 = 1
    static let x = 2, y = 10, product = 18, carry = 26
    static let width = 34
}

/// Wrapping multiplication of the CPU (`i32.mul`, `i64.mul`), received on ``ZkWasmBus/alu`` as
/// `(kind, x₀…x₃, y₀…y₃, z₀…z₃)` in 16-bit limbs, `kind` 4 = i32, 5 = i64.
///
/// One row per multiplication: the bytes `xⱼ, yⱼ` of the operands and `rⱼ` of the low 64 bits
/// of the product, `j < 8`, and carries `cₖ`. Schoolbook multiplication in base 2⁸:
/// `Σᵢ₊ⱼ₌ₖ xᵢ·yⱼ + cₖ₋₁ = rₖ + 2⁸·cₖ` for `k < 8` (`c₋₁ = 0`). Byte pairs are looked up in the
/// fixed byte-pair table of ``ZkWasmRangeAIR`` and carries are range checked to 16 bits, so
/// both sides of every equation stay below 2²⁵ < p and hold over the integers; summed with
/// weights 2⁸ᵏ they give `r = x·y mod 2⁶⁴` (products with `i + j ≥ 8` are multiples of 2⁶⁴),
/// and the first four give `r mod 2³² = x·y mod 2³²`. An i32 multiplication returns the low
/// two limbs only (its operands' upper limbs are zero, which the CPU enforces).
struct ZkWasmMultiplyAIR: AIR {
    var name: String { "zkwasm-multiply" }
    var mainWidth: Int { MultiplyColumn.width }
    /// 21 lookup terms per row: three per LogUp helper column keeps the table narrow.
    var lookupBatchSize: Int { 3 }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = MultiplyColumn
        let reader = b
        func m(_ c: Int) -> AIRExpression { reader.main(c) }
        let is32 = m(C.is32), is64 = m(C.is64)
        b.assertBoolean(is32)
        b.assertBoolean(is64)
        let active = is32 + is64
        b.assertBoolean(active)
        let x = (0..<8).map { m(C.x + $0) }, y = (0..<8).map { m(C.y + $0) }, r = (0..<8).map { m(C.product + $0) }
        for k in 0..<8 {
            var column: AIRExpression = k == 0 ? 0 : m(C.carry + k - 1)
            for i in 0...k { column = column + x[i] * y[k - i] }
            b.assertZero(column - r[k] - 256 * m(C.carry + k))
            b.send(bus: ZkWasmBus.bytePair, values: [x[k], y[k]], multiplicity: active)
            b.send(bus: ZkWasmBus.range16, values: [m(C.carry + k)], multiplicity: active)
        }
        for i in 0..<4 { b.send(bus: ZkWasmBus.bytePair, values: [r[2 * i], r[2 * i + 1]], multiplicity: active) }
        func limbs(_ bytes: [AIRExpression]) -> [AIRExpression] { (0..<4).map { bytes[2 * $0] + 256 * bytes[2 * $0 + 1] } }
        let z = limbs(r)
        b.receive(
            bus: ZkWasmBus.alu, values: [4 * is32 + 5 * is64] + limbs(x) + limbs(y) + [z[0], z[1], is64 * z[2], is64 * z[3]],
            multiplicity: active)
    }

    /// The row of a multiplication of `x` by `y` (i64 when `is64`), and the byte pairs and
    /// carries it looks up.
    static func row(is64: Bool, x: UInt64, y: UInt64) -> (row: [BabyBear], pairs: [Int], carries: [Int]) {
        typealias C = MultiplyColumn
        var out = [BabyBear](repeating: .zero, count: C.width)
        out[is64 ? C.is64 : C.is32] = .one
        let xb = (0..<8).map { Int((x >> UInt64(8 * $0)) & 0xFF) }, yb = (0..<8).map { Int((y >> UInt64(8 * $0)) & 0xFF) }
        var pairs: [Int] = [], carries: [Int] = []
        var carry = 0
        var rb = [Int](repeating: 0, count: 8)
        for k in 0..<8 {
            var column = carry
            for i in 0...k { column += xb[i] * yb[k - i] }
            rb[k] = column & 0xFF
            carry = column >> 8
            out[C.x + k] = BabyBear(UInt32(xb[k])); out[C.y + k] = BabyBear(UInt32(yb[k]))
            out[C.product + k] = BabyBear(UInt32(rb[k])); out[C.carry + k] = BabyBear(UInt32(carry))
            pairs.append(xb[k] + 256 * yb[k])
            carries.append(carry)
        }
        for i in 0..<4 { pairs.append(rb[2 * i] + 256 * rb[2 * i + 1]) }
        return (out, pairs, carries)
    }
}
