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

/// The output digest read at HALT: 8 rows, row `i` reads the word at `base + i` at the HALT
/// row's timestamp `ts` (received once on the `output` bus) and equals public bytes `4i…4i+3`.
/// Preprocessed: one-hot `selᵢ` (8 columns) and `i`. Main: `base, ts, v₀…v₃, prev, lo, hi` and
/// `(lo, hi)` of `maxBase − base ∈ [0, 2²⁶)`: like RISC Zero's HALT, the 32 bytes must end
/// strictly below the top of guest memory (`a1 + 32 < 0x0C00_0000`).
struct Risc0OutputAIR: AIR {
    static let maxBase: UInt32 = (Risc0Layout.guestMaxMemory - 36) / 4
    var name: String { "risc0-output" }
    var mainWidth: Int { 11 }
    var preprocessedWidth: Int { 9 }
    var numberOfPublicValues: Int { 32 }

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
        b.receive(bus: Risc0Bus.output, values: [base, ts], multiplicity: b.preprocessed(0))
        let address = base + b.preprocessed(8)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + v + [prev])
        b.send(bus: Risc0Bus.memory, values: [0, address] + v + [ts])
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

/// Guest memory's boundary: one row per word cell the run uses or the image defines, sorted by
/// strictly increasing word address in `[0x100, 0x0300_0000)` (guest bytes
/// `[0x400, 0x0C00_0000)`), then padding rows (`isReal = 0`).
///
/// Main: `address, isReal, inImage, init₀…₃, final₀…₃, finalTs`, and three range witnesses
/// `(lo, hi)` with `lo < 2¹⁶`, `hi < 2¹⁰` (checked as `hi, 64·hi < 2¹⁶`), for the gap to the
/// next address and the distances to both ends. A row sends `(0, address, init, 0)` and receives
/// `(0, address, final, finalTs)`; `inImage` rows send `(address, init)` on the `image` bus and
/// other rows start at zero. Sorted addresses make every cell unique, so the image's rows
/// (each received once) are exactly the `inImage` rows.
struct Risc0MemoryAIR: AIR {
    enum Col {
        static let address = 0, isReal = 1, inImage = 2, initial = 3, final = 7, finalTs = 11
        static let gap = 12, low = 14, high = 16, width = 18
    }
    static let minWord: UInt32 = Risc0Layout.guestMinMemory / 4
    static let maxWord: UInt32 = Risc0Layout.guestMaxMemory / 4 - 1

    var name: String { "risc0-memory" }
    var mainWidth: Int { Col.width }

    func evaluate(_ b: inout AIRBuilder) {
        let address = b.main(Col.address), isReal = b.main(Col.isReal), inImage = b.main(Col.inImage)
        let initial = (0..<4).map { b.main(Col.initial + $0) }, final = (0..<4).map { b.main(Col.final + $0) }
        b.assertBoolean(isReal)
        b.assertBoolean(inImage)
        b.assertZero(inImage * (1 - isReal))
        for v in initial { b.assertZero((1 - inImage) * v) }
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
        b.send(bus: Risc0Bus.image, values: [address] + initial, multiplicity: inImage)
        b.send(bus: Risc0Bus.memory, values: [0, address] + initial + [0], multiplicity: isReal)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + final + [b.main(Col.finalTs)], multiplicity: isReal)
    }
}

extension Int {
    /// `⌈log₂(self + 1)⌉` (0 for 0).
    var bitWidthNeeded: Int { self <= 0 ? 0 : Int.bitWidth - leadingZeroBitCount }
}
