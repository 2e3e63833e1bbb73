import SproutCoreAIR
import SproutCoreField

/// The 32 registers' boundary in one segment: row `r` (preprocessed `r`) holds the start value
/// and the final value and timestamp (main: `final₀…₃, finalTs, init₀…₃`). It sends
/// `(1, r, init, 0)` and receives `(1, r, final, finalTs)` on the memory bus, and sends
/// `(1, r, init, 0)` and `(1, r, final, 1)` on the `boundary` bus, which the verifier receives
/// (zeros at the run's start, then the previous segment's final registers).
struct Risc0RegisterAIR: AIR {
    var name: String { "risc0-registers" }
    var mainWidth: Int { 9 }
    var preprocessedWidth: Int { 1 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { RowMajorMatrix(width: 1, values: (0..<32).map { BabyBear(UInt32($0)) }) }
    func evaluate(_ b: inout AIRBuilder) {
        let r = b.preprocessed(0)
        let final = (0..<4).map { b.main($0) }, initial = (5..<9).map { b.main($0) }
        b.send(bus: Risc0Bus.memory, values: [1, r] + initial + [0])
        b.receive(bus: Risc0Bus.memory, values: [1, r] + final + [b.main(4)])
        b.send(bus: Risc0Bus.boundary, values: [1, r] + initial + [0])
        b.send(bus: Risc0Bus.boundary, values: [1, r] + final + [1])
    }
}
