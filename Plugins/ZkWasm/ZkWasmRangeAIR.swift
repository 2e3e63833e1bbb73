import SproutCoreAIR
import SproutCoreField

/// The range table: `x = 0…2¹⁶ − 1` (fixed) with multiplicities for ``ZkWasmBus/range16``,
/// ``ZkWasmBus/range14`` and ``ZkWasmBus/range8``; a 14-bit lookup of `x ≥ 2¹⁴` is impossible
/// because its multiplicity is constrained to 0 (`(1 − small)·m₁₄ = 0` with the fixed flag
/// `small = [x < 2¹⁴]`), and likewise for bytes (`(1 − byte)·m₈ = 0`, `byte = [x < 2⁸]`).
struct ZkWasmRangeAIR: AIR {
    static let table: RowMajorMatrix<BabyBear> = {
        var values = [BabyBear](repeating: .zero, count: 3 << 16)
        for x in 0..<(1 << 16) {
            values[3 * x] = BabyBear(UInt32(x))
            values[3 * x + 1] = x < 1 << 14 ? .one : .zero
            values[3 * x + 2] = x < 1 << 8 ? .one : .zero
        }
        return RowMajorMatrix(width: 3, values: values)
    }()

    var name: String { "zkwasm-range" }
    var mainWidth: Int { 3 }
    var preprocessedWidth: Int { 3 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { Self.table }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero((1 - b.preprocessed(1)) * b.main(1))
        b.assertZero((1 - b.preprocessed(2)) * b.main(2))
        b.receive(bus: ZkWasmBus.range8, values: [b.preprocessed(0)], multiplicity: b.main(2))
        b.receive(bus: ZkWasmBus.range16, values: [b.preprocessed(0)], multiplicity: b.main(0))
        b.receive(bus: ZkWasmBus.range14, values: [b.preprocessed(0)], multiplicity: b.main(1))
    }
}
