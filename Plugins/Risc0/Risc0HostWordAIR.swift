import SproutCoreAIR
import SproutCoreField

/// The words SOFTWARE ecalls write into guest memory (host data): one row per word, then padding.
///
/// A row holds `(ts, address, off, isInput)`, the new bytes and the cell's previous bytes and
/// timestamp. It receives the `hostWord` token `(ts, address, off, isInput)` and sends
/// `(ts, address + 1, off + 4, isInput)`, so the rows of one ecall are exactly the words
/// `a0/4 … a0/4 + nw − 1` that ``Risc0EcallAIR`` opens and closes (addresses are unique guest
/// words through ``Risc0MemoryAIR``, so a chain cannot close on itself). Each row writes its word
/// at `ts + 3`; a SYS_READ row (`isInput`) also sends its four bytes as input bytes
/// `off … off + 3` on the `input` bus.
struct Risc0HostWordAIR: AIR {
    enum Col {
        static let isReal = 0, isInput = 1, ts = 2, address = 3, off = 4, new = 5, old = 9, prev = 13, lo = 14, hi = 15
        static let width = 16
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
        b.receive(bus: Risc0Bus.hostWord, values: [ts, address, off, isInput], multiplicity: isReal)
        b.send(bus: Risc0Bus.hostWord, values: [ts, address + 1, off + 4, isInput], multiplicity: isReal)
        b.receive(bus: Risc0Bus.memory, values: [0, address] + old + [col(Col.prev)], multiplicity: isReal)
        b.send(bus: Risc0Bus.memory, values: [0, address] + new + [ts + 3], multiplicity: isReal)
        b.assertEqual(isReal * (ts + 3 - col(Col.prev) - 1), col(Col.lo) + 65536 * col(Col.hi))
        b.send(bus: Risc0Bus.range16, values: [col(Col.lo)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.hi), 0])
        b.send(bus: Risc0Bus.bytePair, values: [new[0], new[1]])
        b.send(bus: Risc0Bus.bytePair, values: [new[2], new[3]])
        for j in 0..<4 {
            b.send(bus: Risc0Bus.input, values: [off + AIRExpression(integerLiteral: Int64(j)), new[j]], multiplicity: isInput)
        }
    }
}
