import SproutCoreAIR
import SproutCoreField

/// The benchmark table: `width` columns with `cᵢ' = cᵢ·c_{i+1} + c_{i+2}` (indices mod width) on
/// every transition, so every column is constrained at degree 2 (3 with the transition selector).
struct WideAIR: AIR {
    var width: Int
    var name: String { "wide\(width)" }
    var mainWidth: Int { width }

    func evaluate(_ b: inout AIRBuilder) {
        for i in 0..<width {
            b.assertZeroOnTransition(b.nextMain(i) - b.main(i) * b.main((i + 1) % width) - b.main((i + 2) % width))
        }
    }

    /// The trace starting from row `1, 2, …, width`.
    func trace(logHeight: Int) -> RowMajorMatrix<BabyBear> {
        var values = [BabyBear](repeating: .zero, count: width << logHeight)
        for c in 0..<width { values[c] = BabyBear(UInt32(c + 1)) }
        for r in 1..<(1 << logHeight) {
            let previous = (r - 1) * width
            for c in 0..<width {
                values[r * width + c] = values[previous + c] * values[previous + (c + 1) % width] + values[previous + (c + 2) % width]
            }
        }
        return RowMajorMatrix(width: width, values: values)
    }
}
