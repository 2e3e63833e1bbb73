import SproutCoreAIR
import SproutCoreField

/// SOFTWARE (host syscall) and SHA ecalls: one row per ecall in execution order, then padding.
///
/// Each row receives the CPU's `(ts, isSha, a0, a1, new a1)` and reads a2, a3, a4 at `ts + 3`.
///
/// SOFTWARE: the reply is host data, chosen by the prover, except for SYS_READ. The row reads
/// the 43 bytes `"risc0_zkvm_platform::syscall::nr::SYS_READ\0"`-long window at the name pointer
/// a2 (12 words from `⌊a2/4⌋`, byte offset `q` one-hot) and proves either that they are exactly
/// that name (`isRead`) or, with a selected position and an inverse, that one byte differs. A
/// read must be from fd 0 (a3 = 0) with `nbytes = 4·nw + k`, `nw = a1` buffer words, `k ≤ 3`;
/// it returns `a0 = n` bytes taken from the input stream at the running offset `off`: `n − m`
/// into the buffer (in order, zero bytes after them) and `m ≤ k` tail bytes in the new a1
/// (higher bytes zero), a tail only after a full buffer, as RISC Zero's `PosixIo::sys_read`.
/// `n = nbytes` (a whole read), or `n < nbytes` (`short`) and `off + n` is the end of the
/// input (public value 1, the input's length). Every SOFTWARE reply is written as `nw` words at
/// `a0` (word aligned; ``Risc0HostWordAIR`` rows chained by `hostWord` tokens
/// `(ts, address, offset, isInput, bytes left)`), and a0 gets the reply's first register (`ts + 3`).
///
/// SHA: the pointers must be word aligned and below 2²⁸; the row sends
/// `(ts, out/4, in/4, block1/4, block2/4, count)` to ``Risc0ShaAIR``.
///
/// Rows are ordered by strictly increasing `ts` (so `off` follows the run), and `off` starts at
/// the segment's input offset (public value 0: the bytes earlier segments read).
struct Risc0EcallAIR: AIR {
    static let readName: [UInt8] = Array("risc0_zkvm_platform::syscall::nr::SYS_READ\0".utf8)
    static let nameWords = 12

    enum Col {
        static let isReal = 0, isSha = 1, isRead = 2, ts = 3
        static let a0 = 4, a1 = 8, newA1 = 12, e0 = 16, e1 = 17, e3 = 18
        /// Registers a2, a3, a4: 4 bytes, prev, lo, hi each.
        static let regs = 19
        static let q = regs + 21, nameE = q + 4
        /// The name window: 12 words of 4 bytes, prev, lo, hi.
        static let name = nameE + 1
        static let sel = name + 7 * 12, diff = sel + 43, inv = diff + 1
        /// One-hot `k = nbytes − 4·nw`, one-hot `m` (tail bytes delivered), and the short-read flag.
        static let tail = inv + 1, got = tail + 4, short = got + 4, newA0 = short + 1, a0Prev = newA0 + 4, a0Lo = a0Prev + 1, a0Hi = a0Prev + 2
        static let off = a0Hi + 1, tsLo = off + 1, tsHi = off + 2
        static let width = tsHi + 1
    }

    var name: String { "risc0-ecall" }
    /// The input offset at the segment's start and the input's length (all bytes the run reads).
    var numberOfPublicValues: Int { 2 }
    var mainWidth: Int { Col.width }

    func evaluate(_ b: inout AIRBuilder) {
        func col(_ i: Int) -> AIRExpression { b.main(i) }
        func word(_ base: Int) -> [AIRExpression] { (0..<4).map { b.main(base + $0) } }
        func value(_ v: [AIRExpression]) -> AIRExpression { v[0] + 256 * v[1] + 65536 * v[2] + 16_777_216 * v[3] }
        let isReal = col(Col.isReal), isSha = col(Col.isSha), isRead = col(Col.isRead), ts = col(Col.ts)
        let software = isReal - isSha
        for f in [isReal, isSha, isRead] { b.assertBoolean(f) }
        b.assertZero(isSha * (1 - isReal))
        b.assertZero(isRead * (1 - software))
        let a0 = word(Col.a0), a1 = word(Col.a1), newA1 = word(Col.newA1)
        b.receive(bus: Risc0Bus.ecall, values: [ts, isSha] + a0 + a1 + newA1, multiplicity: isReal)

        // Register reads (unchanged values) and the a0 write, at ts + 3.
        var his: [AIRExpression] = []
        func access(kind: AIRExpression, address: AIRExpression, old: [AIRExpression], new: [AIRExpression], prev: Int, multiplicity: AIRExpression) {
            b.receive(bus: Risc0Bus.memory, values: [kind, address] + old + [col(prev)], multiplicity: multiplicity)
            b.send(bus: Risc0Bus.memory, values: [kind, address] + new + [ts + 3], multiplicity: multiplicity)
            b.assertEqual(multiplicity * (ts + 3 - col(prev) - 1), col(prev + 1) + 65536 * col(prev + 2))
            b.send(bus: Risc0Bus.range16, values: [col(prev + 1)])
            his.append(col(prev + 2))
        }
        let regs = (0..<3).map { word(Col.regs + 7 * $0) }
        for r in 0..<3 {
            access(kind: 1, address: AIRExpression(integerLiteral: Int64(12 + r)), old: regs[r], new: regs[r], prev: Col.regs + 7 * r + 4, multiplicity: isReal)
        }
        let (a2, a3, a4) = (regs[0], regs[1], regs[2])
        let newA0 = word(Col.newA0)
        access(kind: 1, address: 10, old: a0, new: newA0, prev: Col.a0Prev, multiplicity: software)
        b.send(bus: Risc0Bus.bytePair, values: [newA0[0], newA0[1]])
        b.send(bus: Risc0Bus.bytePair, values: [newA0[2], newA0[3]])

        // Word addresses: a0 (reply buffer or SHA out) and a2 (name or block 1) for every row,
        // a1 (SHA in) and a3 (block 2) for SHA; each pointer below 2²⁸.
        let e0 = col(Col.e0), e1 = col(Col.e1), e3 = col(Col.e3), nameE = col(Col.nameE)
        let q = word(Col.q)
        b.assertZero(isReal * (a0[0] - 4 * e0))
        b.assertZero(isSha * (a1[0] - 4 * e1))
        b.assertZero(isSha * (a3[0] - 4 * e3))
        b.assertZero(isReal * (a2[0] - 4 * nameE - q[1] - 2 * q[2] - 3 * q[3]))
        for x in q { b.assertBoolean(x) }
        b.assertEqual(q[0] + q[1] + q[2] + q[3], 1)
        b.assertZero(isSha * (1 - q[0]))
        for e in [e0, e1, e3, nameE] { b.send(bus: Risc0Bus.bytePair, values: [e, 4 * e]) }
        b.send(bus: Risc0Bus.bytePair, values: [a0[3], 16 * a0[3]], multiplicity: isReal)
        b.send(bus: Risc0Bus.bytePair, values: [a2[3], 16 * a2[3]], multiplicity: isReal)
        b.send(bus: Risc0Bus.bytePair, values: [a1[3], 16 * a1[3]], multiplicity: isSha)
        b.send(bus: Risc0Bus.bytePair, values: [a3[3], 16 * a3[3]], multiplicity: isSha)
        func wordAddress(_ e: AIRExpression, _ v: [AIRExpression]) -> AIRExpression { e + 64 * v[1] + 16384 * v[2] + 4_194_304 * v[3] }
        let w0 = wordAddress(e0, a0), nameW = wordAddress(nameE, a2)
        b.send(bus: Risc0Bus.sha, values: [ts, w0, wordAddress(e1, a1), nameW, wordAddress(e3, a3), value(a4)], multiplicity: isSha)
        // Counts (SOFTWARE a1 = reply words, SYS_READ and SHA a4) stay below 2¹⁶.
        b.assertZero(software * a1[2])
        b.assertZero(software * a1[3])
        b.assertZero((isSha + isRead) * a4[2])
        b.assertZero((isSha + isRead) * a4[3])
        let nw = a1[0] + 256 * a1[1]

        // The syscall name window, read at ts + 3 by SOFTWARE rows.
        var flat: [AIRExpression] = []
        for i in 0..<Self.nameWords {
            let base = Col.name + 7 * i
            let v = word(base)
            flat += v
            access(kind: 0, address: nameW + AIRExpression(integerLiteral: Int64(i)), old: v, new: v, prev: base + 4, multiplicity: software)
        }
        let diff = col(Col.diff)
        var selected: AIRExpression = 0, selectors: AIRExpression = 0
        for (j, expected) in Self.readName.enumerated() {
            var byte: AIRExpression = 0
            for k in 0..<4 { byte += q[k] * flat[k + j] }
            let delta = byte - AIRExpression(integerLiteral: Int64(expected))
            b.assertZero(isRead * delta)
            let s = col(Col.sel + j)
            b.assertBoolean(s)
            selected += s * delta
            selectors += s
        }
        b.assertEqual(diff, selected)
        b.assertZero((software - isRead) * (selectors - 1))
        b.assertZero((software - isRead) * (diff * col(Col.inv) - 1))

        // SYS_READ: fd 0, nbytes = 4·nw + k, n = new a0 = (n − m) buffer bytes + m ≤ k tail bytes.
        for j in 0..<4 { b.assertZero(isRead * a3[j]) }
        let tail = word(Col.tail), got = word(Col.got), short = col(Col.short)
        for t in tail + got + [short] { b.assertBoolean(t) }
        b.assertEqual(tail[0] + tail[1] + tail[2] + tail[3], isRead)
        b.assertEqual(got[0] + got[1] + got[2] + got[3], isRead)
        b.assertZero(isRead * (value(a4) - 4 * nw - tail[1] - 2 * tail[2] - 3 * tail[3]))
        for j in 1..<4 {
            for t in 0..<j { b.assertZero(got[j] * tail[t]) }  // m ≤ k
        }
        let n = value(newA0), m = got[1] + 2 * got[2] + 3 * got[3]
        b.assertZero((isRead - got[0]) * (n - m - 4 * nw))  // tail bytes only after a full buffer
        // A whole read, or a short one (n < nbytes) that ends exactly at the end of the input.
        b.assertZero(short * (1 - isRead))
        b.assertZero((isRead - short) * (n - value(a4)))
        b.send(bus: Risc0Bus.range16, values: [short * (value(a4) - n - 1)])
        let off = col(Col.off)
        b.assertZero(short * (off + n - b.publicValue(1)))
        for j in 0..<4 {
            let valid = (j + 1..<4).map { got[$0] }.reduce(AIRExpression(0), +)
            b.assertZero((isRead - valid) * newA1[j])
            b.send(bus: Risc0Bus.input, values: [off + 4 * nw + AIRExpression(integerLiteral: Int64(j)), newA1[j]], multiplicity: valid)
        }

        // Reply words: a chain of hostWord tokens from (ts, a0/4, off, n − m bytes left) to
        // (ts, a0/4 + nw, off + 4·nw, 0 left).
        b.send(bus: Risc0Bus.hostWord, values: [ts, w0, off, isRead, isRead * n - m], multiplicity: software)
        b.receive(bus: Risc0Bus.hostWord, values: [ts, w0 + nw, off + 4 * nw, isRead, 0], multiplicity: software)

        // Order and the input offset.
        let nextReal = b.nextMain(Col.isReal)
        b.assertZeroOnTransition(nextReal * (1 - isReal))
        b.assertZeroOnTransition(nextReal * (b.nextMain(Col.ts) - ts - 1 - col(Col.tsLo) - 65536 * col(Col.tsHi)))
        b.send(bus: Risc0Bus.range16, values: [col(Col.tsLo)])
        his.append(col(Col.tsHi))
        b.assertZeroOnFirstRow(off - b.publicValue(0))
        b.assertZeroOnTransition(b.nextMain(Col.off) - off - isRead * n)
        // Timestamp-difference high parts (< 2⁸ since timestamps are below 2²⁴), two per lookup.
        for i in stride(from: 0, to: his.count, by: 2) {
            b.send(bus: Risc0Bus.bytePair, values: [his[i], i + 1 < his.count ? his[i + 1] : 0])
        }
    }
}
