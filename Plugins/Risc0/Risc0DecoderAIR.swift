import SproutCoreAIR
import SproutCoreField

/// The program's decoder: one preprocessed row `(instLo, instHi, fields…)` per distinct word of
/// the image that decodes to a constrained instruction (``Risc0DecodedInstruction``), and a
/// main multiplicity column. Decoding is a function of the word, so listing data words too is
/// harmless; a fetched word outside the table cannot be proved.
struct Risc0DecoderAIR: AIR {
    let words: [UInt32]
    static let tupleWidth = 2 + Risc0DecodedInstruction.fieldCount
    var name: String { "risc0-decoder" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { Self.tupleWidth }
    var logHeight: Int { max(1, (words.count - 1).bitWidthNeeded) }

    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? {
        var values: [BabyBear] = []
        for word in words {
            guard let decoded = Risc0DecodedInstruction(word: word) else { continue }
            values += [BabyBear(word & 0xffff), BabyBear(word >> 16)] + decoded.fields
        }
        values += [BabyBear](repeating: .zero, count: Self.tupleWidth * (1 << logHeight) - values.count)
        return RowMajorMatrix(width: Self.tupleWidth, values: values)
    }

    func evaluate(_ b: inout AIRBuilder) {
        b.receive(bus: Risc0Bus.decode, values: (0..<Self.tupleWidth).map { b.preprocessed($0) }, multiplicity: b.main(0))
    }
}
