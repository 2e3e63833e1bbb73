import SproutCoreAIR
import SproutCoreField

/// The words SOFTWARE ecalls write into guest memory (host data): one row per word, then padding.
///
/// A row holds `(ts, address, off, isInput, left)`, the new bytes, the cell's previous bytes and
/// timestamp, and `valid₀…₃`. It receives the `hostWord` token `(ts, address, off, isInput, left)`
/// and sends `(ts, address + 1, off + 4, isInput, left − Σvalid)`, so the rows of one ecall are
/// exactly the words `a0/4 … a0/4 + nw − 1` that ``Risc0EcallAIR`` opens and closes (addresses
/// are unique guest words through ``Risc0MemoryAIR``, so a chain cannot close on itself). Each
/// row writes its word at `ts + 3`; a SYS_READ row (`isInput`) also sends its first
/// `Σvalid = min(4, left)` bytes as input bytes `off …` on the `input` bus (`valid` is a prefix;
/// all four when `left − 4 ≥ 0`, range-checked, else exactly `left`), and its other bytes are
/// zero: a short read at the end of the input.
struct Risc0HostWordAIR: AIR {
    enum Col {
        static let isReal = 0, isInput = 1, ts = 2, address = 3, off = 4, new = 5, old = 9, prev = 13, lo = 14, hi = 15
        static let valid = 16, left = 20, width = 21
    }
    var name: String { "risc0-host-words" }
    var mainWidth: Int { Col.width }

    func evaluate(_ b: inout AIRBuilder) {
        func col(_ i: Int) -> AIRExpression { b.main(i) }
        let isReal = col(Col.isReal), isInput = col(Col.isInput), ts = col(Col.ts), address = col(Col.address), off = col(Col.off)
        let new = (0..<4).map { col(Col.new + $0) }, old = (0..<4).map { col(Col.old + $0) }
        b.assertBoolean(isReal)
        b.assertBoolean(isInput)
        b.assertZero(isInput * (1 - isReal))
        let valid = (0..<4).map { col(Col.valid + $0) }, left = col(Col.left)
        for v in valid { b.assertBoolean(v) }
        b.assertZero(valid[0] * (1 - isInput))
        for j in 1..<4 { b.assertZero(valid[j] * (1 - valid[j - 1])) }
        let count = valid[0] + valid[1] + valid[2] + valid[3]
        b.assertZero((1 - valid[3]) * (left - count))
        b.send(bus: Risc0Bus.range16, values: [valid[3] * (left - 4)])
        for j in 0..<4 { b.assertZero(isInput * (1 - valid[j]) * new[j]) }
        b.receive(bus: Risc0Bus.hostWord, values: [ts, address, off, isInput, left], multiplicity: isReal)
        b.send(bus: Risc0Bus.hostWord, values: [ts, address + 1, off + 4, isInput, left - count], multiplicity: isReal)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + old + [col(Col.prev)], multiplicity: isReal)
        b.send(bus: Risc0Bus.memory, values: [0, address] + new + [ts + 3], multiplicity: isReal)
        b.assertEqual(isReal * (ts + 3 - col(Col.prev) - 1), col(Col.lo) + 65536 * col(Col.hi))
        b.send(bus: Risc0Bus.range16, values: [col(Col.lo)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.hi), 0])
        b.send(bus: Risc0Bus.bytePair, values: [new[0], new[1]])
        b.send(bus: Risc0Bus.bytePair, values: [new[2], new[3]])
        for j in 0..<4 {
            b.send(bus: Risc0Bus.input, values: [off + AIRExpression(integerLiteral: Int64(j)), new[j]], multiplicity: valid[j])
        }
    }
}
