import SproutCoreAIR
import SproutCoreField

/// The fixed 2¹⁶-row table behind range checks and byte logic: row `v` holds `v`,
/// `x = v >> 8`, `y = v & 255`, `x AND y`, `x OR y`, `x XOR y` (preprocessed) and five
/// multiplicity columns (main) for the `range16`, `bytePair` and three `logic` receives.
/// A lookup of a tuple not in the table cannot be balanced (see ``AIRInteraction``).
struct Risc0ByteTableAIR: AIR {
    static let logHeight = 16
    var name: String { "risc0-bytes" }
    var mainWidth: Int { 5 }
    var preprocessedWidth: Int { 6 }
    /// Lookup terms per LogUp helper column: fewer auxiliary columns, LogUp constraints of degree 4.
    var lookupBatchSize: Int { 3 }

    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? {
        var values: [BabyBear] = []
        values.reserveCapacity(6 << Self.logHeight)
        for v in 0..<UInt32(1 << Self.logHeight) {
            let x = v >> 8, y = v & 0xff
            values += [BabyBear(v), BabyBear(x), BabyBear(y), BabyBear(x & y), BabyBear(x | y), BabyBear(x ^ y)]
        }
        return RowMajorMatrix(width: 6, values: values)
    }

    func evaluate(_ b: inout AIRBuilder) {
        let p = (0..<6).map { b.preprocessed($0) }
        b.receive(bus: Risc0Bus.range16, values: [p[0]], multiplicity: b.main(0))
        b.receive(bus: Risc0Bus.bytePair, values: [p[1], p[2]], multiplicity: b.main(1))
        for op in 0..<3 {
            b.receive(bus: Risc0Bus.logic, values: [AIRExpression(integerLiteral: Int64(op)), p[1], p[2], p[3 + op]], multiplicity: b.main(2 + op))
        }
    }
}
