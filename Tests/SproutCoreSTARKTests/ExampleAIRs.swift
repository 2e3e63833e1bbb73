import SproutCoreAIR
import SproutCoreField

/// `a' = b, b' = a + b`, `a₀ = pub₀`, `b₀ = pub₁`, `b_{n−1} = pub₂`.
struct FibonacciAIR: AIR {
    var name: String { "fibonacci" }
    var mainWidth: Int { 2 }
    var numberOfPublicValues: Int { 3 }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZeroOnFirstRow(b.main(0) - b.publicValue(0))
        b.assertZeroOnFirstRow(b.main(1) - b.publicValue(1))
        b.assertZeroOnTransition(b.nextMain(0) - b.main(1))
        b.assertZeroOnTransition(b.nextMain(1) - b.main(0) - b.main(1))
        b.assertZeroOnLastRow(b.main(1) - b.publicValue(2))
    }
    static func trace(logHeight: Int, a0: BabyBear = 0, b0: BabyBear = 1) -> (RowMajorMatrix<BabyBear>, [BabyBear]) {
        var a = a0, c = b0
        var values: [BabyBear] = []
        for _ in 0..<(1 << logHeight) { values += [a, c]; (a, c) = (c, a + c) }
        let matrix = RowMajorMatrix(width: 2, values: values)
        return (matrix, [a0, b0, matrix[matrix.height - 1, 1]])
    }
}

/// A fixed table of `0…255` (preprocessed) with a multiplicity column; receives on bus 0.
struct ByteRangeAIR: AIR {
    var name: String { "byte-range" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { 1 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { RowMajorMatrix(width: 1, values: (0..<256).map { BabyBear(UInt32($0)) }) }
    func evaluate(_ b: inout AIRBuilder) { b.receive(bus: 0, values: [b.preprocessed(0)], multiplicity: b.main(0)) }
}

/// Columns `lo, hi, v` with `v = lo + 256·hi` and `v·v` in column 3; `lo` and `hi` are range
/// checked by looking them up in ``ByteRangeAIR``; the first `v` is public.
struct SixteenBitAIR: AIR {
    var name: String { "sixteen-bit" }
    var mainWidth: Int { 4 }
    var numberOfPublicValues: Int { 1 }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertEqual(b.main(2), b.main(0) + 256 * b.main(1))
        b.assertEqual(b.main(3), b.main(2) * b.main(2))
        b.assertZeroOnFirstRow(b.main(2) - b.publicValue(0))
        b.send(bus: 0, values: [b.main(0)])
        b.send(bus: 0, values: [b.main(1)])
    }
}

func rangeCheckTraces(logHeight: Int, seed: UInt32 = 7) -> (values: RowMajorMatrix<BabyBear>, table: RowMajorMatrix<BabyBear>, publicValue: BabyBear) {
    var rows: [BabyBear] = []
    var counts = [UInt32](repeating: 0, count: 256)
    var state = seed
    for _ in 0..<(1 << logHeight) {
        state = state &* 1_103_515_245 &+ 12345  // LCG mod 2³², wraps by design
        let v = (state >> 8) & 0xFFFF
        let lo = v & 0xFF, hi = v >> 8
        counts[Int(lo)] += 1
        counts[Int(hi)] += 1
        rows += [BabyBear(lo), BabyBear(hi), BabyBear(v), BabyBear(v) * BabyBear(v)]
    }
    return (RowMajorMatrix(width: 4, values: rows), RowMajorMatrix(width: 1, values: counts.map { BabyBear($0) }), rows[2])
}

/// Sends its `(x, y)` rows on bus 5 (one side of a permutation).
struct PairSourceAIR: AIR {
    var name: String
    var mainWidth: Int { 2 }
    func evaluate(_ b: inout AIRBuilder) { b.send(bus: 5, values: [b.main(0), b.main(1)]) }
}

/// Receives `(x, y)` on bus 5 where the flag column 3 is set, and proves `w = x²·y` (degree 3).
struct PairSinkAIR: AIR {
    var name: String { "pair-sink" }
    var mainWidth: Int { 4 }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertBoolean(b.main(3))
        b.assertEqual(b.main(2), b.main(0) * b.main(0) * b.main(1))
        b.receive(bus: 5, values: [b.main(0), b.main(1)], multiplicity: b.main(3))
    }
}
