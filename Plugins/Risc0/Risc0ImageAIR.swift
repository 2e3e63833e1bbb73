import SproutCoreAIR
import SproutCoreField

/// The initial memory image, preprocessed from the ELF: one row `(word address, bytes, 1)` per
/// non-zero word of the image, then zero padding rows. Each real row is received exactly once
/// on the `image` bus, so ``Risc0MemoryAIR`` must list every image word with its value.
struct Risc0ImageAIR: AIR {
    let rows: [(address: UInt32, value: UInt32)]
    var name: String { "risc0-image" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { 6 }
    var logHeight: Int { max(1, (rows.count - 1).bitWidthNeeded) }

    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? {
        var values: [BabyBear] = []
        for (address, value) in rows {
            values.append(BabyBear(address))
            values += (0..<4).map { BabyBear((value >> (8 * UInt32($0))) & 0xff) }
            values.append(.one)
        }
        values += [BabyBear](repeating: .zero, count: 6 * ((1 << logHeight) - rows.count))
        return RowMajorMatrix(width: 6, values: values)
    }

    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero(b.main(0))
        b.receive(bus: Risc0Bus.image, values: (0..<5).map { b.preprocessed($0) }, multiplicity: b.preprocessed(5))
    }
}
