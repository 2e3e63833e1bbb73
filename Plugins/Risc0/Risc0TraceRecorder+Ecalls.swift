import SproutCoreField
import SproutPluginKit

/// Rows of ``Risc0EcallAIR`` and ``Risc0HostWordAIR`` for SOFTWARE ecalls.
extension Risc0TraceRecorder {
    typealias E = Risc0EcallAIR.Col
    typealias H = Risc0HostWordAIR.Col

    /// One ecall row in the making: its cells and the timestamp-difference high parts of its
    /// accesses, in ``Risc0EcallAIR``'s order (paired into `bytePair` lookups at the end).
    struct EcallRow {
        var cells: [BabyBear]
        var his: [UInt32]
        var ts: UInt32
    }

    /// A side table's access at `ts` to memory word `address` (or register `address` when
    /// `register`): the old value and timestamp. Two accesses to one cell at one timestamp (e.g.
    /// a reply buffer over the syscall name) cannot be proved.
    func sideAccess(register: Bool, address: UInt32, ts: UInt32, pc: UInt32) throws(EngineError) -> (value: UInt32, prev: UInt32) {
        let prev = register ? registerTs[Int(address)] : memoryTs[address] ?? 0
        guard prev < ts else { throw Self.unsupported("an ecall touching one word twice", pc: pc) }
        if register {
            registerTs[Int(address)] = ts
            return (registers[Int(address)], prev)
        }
        return readMemory(address, ts: ts)
    }

    /// Records a SOFTWARE ecall of the CPU row at `ts` and returns the new a1 (the reply's a1).
    func recordSoftware(ts: UInt32, pc: UInt32) throws(EngineError) -> UInt32 {
        guard replyIndex < replies.count else {
            throw EngineError(.internal, "the executor recorded fewer host syscall replies than the trace needs")
        }
        let reply = replies[replyIndex]
        replyIndex += 1
        let a0 = registers[10], a1 = registers[11]
        guard a0 & 3 == 0, a0 < 1 << 28 else { throw Self.unsupported("a SOFTWARE ecall with an unaligned reply buffer", pc: pc) }
        guard a1 < 1 << 16, a0 != 0 || a1 == 0 else { throw Self.unsupported("a SOFTWARE ecall with \(a1) reply words and buffer 0x\(String(a0, radix: 16))", pc: pc) }
        var row = EcallRow(cells: [BabyBear](repeating: .zero, count: E.width), his: [], ts: ts)
        row.cells[E.isReal] = .one
        row.cells[E.ts] = BabyBear(ts)
        setWord(&row.cells, E.a0, a0)
        setWord(&row.cells, E.a1, a1)
        setWord(&row.cells, E.newA1, reply.a1)
        let e0 = (a0 & 0xff) >> 2
        row.cells[E.e0] = BabyBear(e0)
        pair(e0, 4 * e0)
        pair(0, 0)  // e1
        pair(0, 0)  // e3
        pair(a0 >> 24, 16 * (a0 >> 24))

        let regs = try readArgumentRegisters(&row, ts: ts, pc: pc)
        let (a2, a3, a4) = (regs[0], regs[1], regs[2])
        guard a2 < 1 << 28 else { throw EngineError(.executionFailed, "syscall name pointer 0x\(String(a2, radix: 16)) outside guest memory at pc 0x\(String(pc, radix: 16))") }
        let nameE = (a2 & 0xff) >> 2
        row.cells[E.nameE] = BabyBear(nameE)
        row.cells[E.q + Int(a2 & 3)] = .one
        pair(nameE, 4 * nameE)
        pair(a2 >> 24, 16 * (a2 >> 24))

        // a0 ← the reply's a0.
        let (oldA0, prevA0) = try sideAccess(register: true, address: 10, ts: ts + 3, pc: pc)
        row.his.append(stamp(&row.cells, prev: prevA0, ts: ts + 3, columns: (E.a0Prev, E.a0Lo, E.a0Hi)))
        registers[10] = reply.a0
        _ = oldA0
        setWord(&row.cells, E.newA0, reply.a0)
        pair(reply.a0 & 0xff, (reply.a0 >> 8) & 0xff)
        pair((reply.a0 >> 16) & 0xff, reply.a0 >> 24)

        // The name window and its classification.
        var flat: [UInt32] = []
        for i in 0..<UInt32(Risc0EcallAIR.nameWords) {
            let base = E.name + 7 * Int(i)
            let (value, prev) = try sideAccess(register: false, address: (a2 >> 2) + i, ts: ts + 3, pc: pc)
            setWord(&row.cells, base, value)
            row.his.append(stamp(&row.cells, prev: prev, ts: ts + 3, columns: (base + 4, base + 5, base + 6)))
            flat += (0..<4).map { (value >> (8 * UInt32($0))) & 0xff }
        }
        let name = Risc0EcallAIR.readName
        let window = (0..<name.count).map { flat[Int(a2 & 3) + $0] }
        let isRead = zip(window, name).allSatisfy { $0 == UInt32($1) }
        var readLeft: UInt32 = 0  // buffer bytes of a SYS_READ still to deliver, word by word
        if isRead {
            row.cells[E.isRead] = .one
            let nbytes = a4, nw = a1, n = reply.a0
            guard a3 == 0, nbytes >= 4 * nw, nbytes - 4 * nw <= 3, n <= nbytes else {
                throw Self.unsupported("a SYS_READ that asks for more than its buffer and 3 bytes", pc: pc)
            }
            let m = n > 4 * nw ? n - 4 * nw : 0
            row.cells[E.tail + Int(nbytes - 4 * nw)] = .one
            row.cells[E.got + Int(m)] = .one
            readLeft = n - m
            if n < nbytes {
                row.cells[E.short] = .one
                range16[Int(nbytes - n - 1)] += 1
            } else {
                range16[0] += 1
            }
        } else {
            let j = zip(window, name).enumerated().first { $0.element.0 != UInt32($0.element.1) }!.offset
            let delta = BabyBear(window[j]) - BabyBear(UInt32(name[j]))
            row.cells[E.sel + j] = .one
            row.cells[E.diff] = delta
            row.cells[E.inv] = delta.inverse
            range16[0] += 1  // the short-read gap
        }
        row.cells[E.off] = BabyBear(inputOffset)

        // The reply words.
        for i in 0..<a1 {
            let address = (a0 >> 2) + i
            let (old, prev) = try sideAccess(register: false, address: address, ts: ts + 3, pc: pc)
            let new = reply.words[Int(i)]
            memory[address] = new
            var cells = [BabyBear](repeating: .zero, count: H.width)
            cells[H.isReal] = .one
            cells[H.isInput] = isRead ? .one : .zero
            cells[H.ts] = BabyBear(ts)
            cells[H.address] = BabyBear(address)
            cells[H.off] = BabyBear(inputOffset + 4 * i)
            setWord(&cells, H.new, new)
            setWord(&cells, H.old, old)
            cells[H.left] = BabyBear(readLeft)
            let count = min(4, readLeft)
            for j in 0..<Int(count) { cells[H.valid + j] = .one }
            range16[Int(count == 4 ? readLeft - 4 : 0)] += 1
            readLeft -= count
            let hi = stamp(&cells, prev: prev, ts: ts + 3, columns: (H.prev, H.lo, H.hi))
            pair(hi, 0)
            pair(new & 0xff, (new >> 8) & 0xff)
            pair((new >> 16) & 0xff, new >> 24)
            hostWordRows += cells
        }
        if isRead { inputOffset += reply.a0 }
        ecallRows.append(row)
        return reply.a1
    }

    /// Reads a2, a3, a4 at `ts + 3` into the row; returns their values.
    func readArgumentRegisters(_ row: inout EcallRow, ts: UInt32, pc: UInt32) throws(EngineError) -> [UInt32] {
        var values: [UInt32] = []
        for r in 0..<3 {
            let base = E.regs + 7 * r
            let (value, prev) = try sideAccess(register: true, address: UInt32(12 + r), ts: ts + 3, pc: pc)
            setWord(&row.cells, base, value)
            row.his.append(stamp(&row.cells, prev: prev, ts: ts + 3, columns: (base + 4, base + 5, base + 6)))
            values.append(value)
        }
        return values
    }

    /// The ecall and host-word tables: order witnesses, padding, and their byte lookups.
    func finishEcallTables() -> (ecall: RowMajorMatrix<BabyBear>, hostWords: RowMajorMatrix<BabyBear>) {
        let height = 1 << max(1, (ecallRows.count - 1).bitWidthNeeded)
        var values: [BabyBear] = []
        values.reserveCapacity(height * E.width)
        for (i, row) in ecallRows.enumerated() {
            var cells = row.cells
            var his = row.his
            let gap = i + 1 < ecallRows.count ? ecallRows[i + 1].ts - row.ts - 1 : 0
            cells[E.tsLo] = BabyBear(gap & 0xffff)
            cells[E.tsHi] = BabyBear(gap >> 16)
            range16[Int(gap & 0xffff)] += 1
            his.append(gap >> 16)
            for k in stride(from: 0, to: his.count, by: 2) { pair(his[k], k + 1 < his.count ? his[k + 1] : 0) }
            values += cells
        }
        var padding = [BabyBear](repeating: .zero, count: E.width)
        padding[E.q] = .one
        padding[E.off] = BabyBear(inputOffset)
        for _ in ecallRows.count..<height {
            values += padding
            range16[0] += 18  // 16 access differences, the order witness and the short-read gap
            pairs[0] += 15  // new a0 (2), four word-address witnesses, 9 pairs of high parts
        }
        let hostRows = hostWordRows.count / H.width
        let hostHeight = 1 << max(1, (hostRows - 1).bitWidthNeeded)
        for _ in hostRows..<hostHeight {
            hostWordRows += [BabyBear](repeating: .zero, count: H.width)
            range16[0] += 2
            pairs[0] += 3
        }
        return (RowMajorMatrix(width: E.width, values: values), RowMajorMatrix(width: H.width, values: hostWordRows))
    }
}
