import SproutCoreAIR
import SproutCoreField

/// The range and byte-logic table: row `x = 0…2¹⁶ − 1` (fixed) with multiplicities for
/// ``ZkWasmBus/range16``, ``ZkWasmBus/range14``, ``ZkWasmBus/range8``, ``ZkWasmBus/byteAnd`` and ``ZkWasmBus/bytePair``.
/// A 14-bit lookup of `x ≥ 2¹⁴` is impossible because its multiplicity is constrained to 0
/// (`(1 − small)·m₁₄ = 0` with the fixed flag `small = [x < 2¹⁴]`), and likewise for bytes
/// (`(1 − byte)·m₈ = 0`, `byte = [x < 2⁸]`). The byte-AND lookups read the fixed columns
/// `(x mod 2⁸, ⌊x / 2⁸⌋, (x mod 2⁸) AND ⌊x / 2⁸⌋)`, every byte pair once; byte-pair lookups
/// read the first two. Power lookups (``ZkWasmBus/power``) read `(x, bytes of 2ˣ)` for `x < 64`
/// (`(1 − power)·m = 0` with the fixed flag `power = [x < 64]`); popcount lookups
/// (``ZkWasmBus/popcount``) read `(x, bit count of x)`; zero-count lookups (``ZkWasmBus/zeroCount``)
/// read `(0, x, clz₁₆(x), [x = 0])` and `(1, x, ctz₁₆(x), [x = 0])`.
struct ZkWasmRangeAIR: AIR {
    static let table: RowMajorMatrix<BabyBear> = {
        var values = [BabyBear](repeating: .zero, count: width << 16)
        for x in 0..<(1 << 16) {
            values[width * x] = BabyBear(UInt32(x))
            values[width * x + 1] = x < 1 << 14 ? .one : .zero
            values[width * x + 2] = x < 1 << 8 ? .one : .zero
            values[width * x + 3] = BabyBear(UInt32(x & 0xFF))
            values[width * x + 4] = BabyBear(UInt32(x >> 8))
            values[width * x + 5] = BabyBear(UInt32((x & 0xFF) & (x >> 8)))
            values[width * x + 15] = BabyBear(UInt32(x.nonzeroBitCount))
            values[width * x + 16] = BabyBear(UInt32(UInt16(x).leadingZeroBitCount))
            values[width * x + 17] = BabyBear(UInt32(UInt16(x).trailingZeroBitCount))
            values[width * x + 18] = x == 0 ? .one : .zero
            if x < 64 {
                values[width * x + 6] = .one
                values[width * x + 7 + x / 8] = BabyBear(UInt32(1) << UInt32(x % 8))
            }
        }
        return RowMajorMatrix(width: width, values: values)
    }()
    static let width = 19

    var name: String { "zkwasm-range" }
    var mainWidth: Int { 9 }
    var preprocessedWidth: Int { Self.width }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { Self.table }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero((1 - b.preprocessed(1)) * b.main(1))
        b.assertZero((1 - b.preprocessed(2)) * b.main(2))
        b.receive(bus: ZkWasmBus.range8, values: [b.preprocessed(0)], multiplicity: b.main(2))
        b.receive(bus: ZkWasmBus.range16, values: [b.preprocessed(0)], multiplicity: b.main(0))
        b.receive(bus: ZkWasmBus.range14, values: [b.preprocessed(0)], multiplicity: b.main(1))
        b.receive(bus: ZkWasmBus.byteAnd, values: [b.preprocessed(3), b.preprocessed(4), b.preprocessed(5)], multiplicity: b.main(3))
        b.receive(bus: ZkWasmBus.bytePair, values: [b.preprocessed(3), b.preprocessed(4)], multiplicity: b.main(4))
        b.assertZero((1 - b.preprocessed(6)) * b.main(5))
        b.receive(bus: ZkWasmBus.power, values: [b.preprocessed(0)] + (7..<15).map { b.preprocessed($0) }, multiplicity: b.main(5))
        b.receive(bus: ZkWasmBus.popcount, values: [b.preprocessed(0), b.preprocessed(15)], multiplicity: b.main(6))
        for direction in 0..<2 {
            b.receive(
                bus: ZkWasmBus.zeroCount, values: [AIRExpression(integerLiteral: Int64(direction)), b.preprocessed(0), b.preprocessed(16 + direction), b.preprocessed(18)],
                multiplicity: b.main(7 + direction))
        }
    }
}
