import SproutCoreAIR
import SproutCoreField

/// The output digest read at HALT: 8 rows, row `i` reads the word at `base + i` at the HALT
/// row's timestamp `ts` (received once on the `output` bus) and equals public bytes `4i…4i+3`.
/// Preprocessed: one-hot `selᵢ` (8 columns) and `i`. Main: `base, ts, v₀…v₃, prev, lo, hi` and
/// `(lo, hi)` of `maxBase − base ∈ [0, 2²⁶)`: like RISC Zero's HALT, the 32 bytes must end
/// strictly below the top of guest memory (`a1 + 32 < 0x0C00_0000`). Public value 32 says
/// whether the segment halts; a split segment has no HALT row, so its bus interactions are off
/// (its rows still satisfy the row constraints, with a zero digest).
struct Risc0OutputAIR: AIR {
    static let maxBase: UInt32 = (Risc0Layout.guestMaxMemory - 36) / 4
    var name: String { "risc0-output" }
    var mainWidth: Int { 11 }
    var preprocessedWidth: Int { 9 }
    var numberOfPublicValues: Int { 33 }

    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? {
        var values: [BabyBear] = []
        for i in 0..<8 { values += (0..<8).map { BabyBear($0 == i ? 1 : 0) } + [BabyBear(UInt32(i))] }
        return RowMajorMatrix(width: 9, values: values)
    }

    func evaluate(_ b: inout AIRBuilder) {
        let base = b.main(0), ts = b.main(1), v = (2..<6).map { b.main($0) }
        let prev = b.main(6), lo = b.main(7), hi = b.main(8)
        b.assertZeroOnTransition(b.nextMain(0) - base)
        b.assertZeroOnTransition(b.nextMain(1) - ts)
        for j in 0..<4 {
            var expected: AIRExpression = 0
            for i in 0..<8 { expected += b.preprocessed(i) * b.publicValue(4 * i + j) }
            b.assertEqual(v[j], expected)
        }
        let halts = b.publicValue(32)
        b.receive(bus: Risc0Bus.output, values: [base, ts], multiplicity: b.preprocessed(0) * halts)
        let address = base + b.preprocessed(8)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + v + [prev], multiplicity: halts)
        b.send(bus: Risc0Bus.memory, values: [0, address] + v + [ts], multiplicity: halts)
        b.assertEqual(ts - prev - 1, lo + 65536 * hi)
        b.send(bus: Risc0Bus.range16, values: [lo])
        b.send(bus: Risc0Bus.bytePair, values: [hi, 0])
        let roomLo = b.main(9), roomHi = b.main(10)
        b.assertEqual(AIRExpression(BabyBear(Self.maxBase)) - base, roomLo + 65536 * roomHi)
        b.send(bus: Risc0Bus.range16, values: [roomLo])
        b.send(bus: Risc0Bus.range16, values: [roomHi])
        b.send(bus: Risc0Bus.range16, values: [64 * roomHi])
    }
}
