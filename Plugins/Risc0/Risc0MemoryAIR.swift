import SproutCoreAIR
import SproutCoreField

/// Guest memory's boundary in one segment: one row per word cell the segment touches, sorted by
/// strictly increasing word address in `[0x100, 0x0300_0000)` (guest bytes
/// `[0x400, 0x0C00_0000)`), then padding rows (`isReal = 0`).
///
/// Main: `address, isReal, init₀…₃, final₀…₃, finalTs`, and three range witnesses
/// `(lo, hi)` with `lo < 2¹⁶`, `hi < 2¹⁰` (checked as `hi, 64·hi < 2¹⁶`), for the gap to the
/// next address and the distances to both ends. A row sends `(0, address, init, 0)` and receives
/// `(0, address, final, finalTs)` on the memory bus (segment timestamps start at 0), and sends
/// `(0, address, init, 0)` and `(0, address, final, 1)` on the `boundary` bus, which the
/// verifier receives from its own copy of memory (the image, then each segment's final cells):
/// that is how segments chain. Sorted addresses make every cell unique.
struct Risc0MemoryAIR: AIR {
    enum Col {
        static let address = 0, isReal = 1, initial = 2, final = 6, finalTs = 10
        static let gap = 11, low = 13, high = 15, width = 17
    }
    static let minWord: UInt32 = Risc0Layout.guestMinMemory / 4
    static let maxWord: UInt32 = Risc0Layout.guestMaxMemory / 4 - 1

    var name: String { "risc0-memory" }
    var mainWidth: Int { Col.width }
    /// Lookup terms per LogUp helper column: fewer auxiliary columns, LogUp constraints of degree 4.
    var lookupBatchSize: Int { 3 }

    func evaluate(_ b: inout AIRBuilder) {
        let address = b.main(Col.address), isReal = b.main(Col.isReal)
        let initial = (0..<4).map { b.main(Col.initial + $0) }, final = (0..<4).map { b.main(Col.final + $0) }
        b.assertBoolean(isReal)
        b.assertZeroOnTransition(b.nextMain(Col.isReal) * (1 - isReal))
        func range(_ column: Int) -> AIRExpression {
            let lo = b.main(column), hi = b.main(column + 1)
            b.send(bus: Risc0Bus.range16, values: [lo])
            b.send(bus: Risc0Bus.range16, values: [hi])
            b.send(bus: Risc0Bus.range16, values: [64 * hi])
            return lo + 65536 * hi
        }
        let gap = range(Col.gap), low = range(Col.low), high = range(Col.high)
        b.assertZeroOnTransition(b.nextMain(Col.isReal) * (b.nextMain(Col.address) - address - 1 - gap))
        b.assertZero(isReal * (address - AIRExpression(BabyBear(Self.minWord)) - low))
        b.assertZero(isReal * (AIRExpression(BabyBear(Self.maxWord)) - address - high))
        b.send(bus: Risc0Bus.memory, values: [0, address] + initial + [0], multiplicity: isReal)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + final + [b.main(Col.finalTs)], multiplicity: isReal)
        b.send(bus: Risc0Bus.boundary, values: [0, address] + initial + [0], multiplicity: isReal)
        b.send(bus: Risc0Bus.boundary, values: [0, address] + final + [1], multiplicity: isReal)
    }
}
