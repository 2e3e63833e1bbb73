import SproutCoreAIR
import SproutCoreField

/// The 32 registers' boundary: row `r` (preprocessed) sends `(1, r, 0, 0)` (all registers start
/// at zero, at timestamp 0) and receives the final `(1, r, value, timestamp)` (main).
struct Risc0RegisterAIR: AIR {
    var name: String { "risc0-registers" }
    var mainWidth: Int { 5 }
    var preprocessedWidth: Int { 1 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { RowMajorMatrix(width: 1, values: (0..<32).map { BabyBear(UInt32($0)) }) }
    func evaluate(_ b: inout AIRBuilder) {
        b.send(bus: Risc0Bus.memory, values: [1, b.preprocessed(0), 0, 0, 0, 0, 0])
        b.receive(bus: Risc0Bus.memory, values: [1, b.preprocessed(0)] + (0..<5).map { b.main($0) })
    }
}
