import SproutCoreField
import SproutPluginKit

/// Rows of ``Risc0EcallAIR`` and ``Risc0ShaAIR`` for SHA ecalls.
extension Risc0TraceRecorder {
    typealias S = Risc0ShaAIR.Col

    /// Records a SHA ecall of the CPU row at `ts`: its ecall row, 65 SHA rows per block, the
    /// state read at `ts + 1` (with the block words) and written at `ts + 2`.
    func recordSha(ts: UInt32, pc: UInt32) throws(EngineError) {
        let out = registers[10], stateIn = registers[11]
        var row = EcallRow(cells: [BabyBear](repeating: .zero, count: E.width), his: [], ts: ts)
        row.cells[E.isReal] = .one
        row.cells[E.isSha] = .one
        row.cells[E.ts] = BabyBear(ts)
        setWord(&row.cells, E.a0, out)
        setWord(&row.cells, E.a1, stateIn)
        setWord(&row.cells, E.newA1, stateIn)
        let regs = try readArgumentRegisters(&row, ts: ts, pc: pc)
        let (block1, block2, count) = (regs[0], regs[1], regs[2])
        for pointer in [out, stateIn, block1, block2] where pointer & 3 != 0 || pointer >= 1 << 28 {
            throw Self.unsupported("a SHA ecall with an unaligned pointer 0x\(String(pointer, radix: 16))", pc: pc)
        }
        guard count >= 1, count < 1 << 16 else { throw Self.unsupported("a SHA ecall of \(count) blocks", pc: pc) }
        let e0 = (out & 0xff) >> 2, e1 = (stateIn & 0xff) >> 2, e3 = (block2 & 0xff) >> 2, nameE = (block1 & 0xff) >> 2
        row.cells[E.e0] = BabyBear(e0)
        row.cells[E.e1] = BabyBear(e1)
        row.cells[E.e3] = BabyBear(e3)
        row.cells[E.nameE] = BabyBear(nameE)
        row.cells[E.q] = .one
        for e in [e0, e1, e3, nameE] { pair(e, 4 * e) }
        for pointer in [out, block1, stateIn, block2] { pair(pointer >> 24, 16 * (pointer >> 24)) }
        // No a0 write and no name window: their stamps are zero.
        row.his += [UInt32](repeating: 0, count: 1 + Risc0EcallAIR.nameWords)
        range16[0] += UInt32(2 + Risc0EcallAIR.nameWords)  // with the short-read gap
        pair(0, 0)  // new a0 (unused)
        pair(0, 0)
        row.cells[E.off] = BabyBear(inputOffset)
        ecallRows.append(row)

        // The state (big-endian words) and the blocks.
        var stateWords: [(value: UInt32, prev: UInt32)] = []
        for i in 0..<UInt32(8) { stateWords.append(try sideAccess(register: false, address: (stateIn >> 2) + i, ts: ts + 1, pc: pc)) }
        var state = stateWords.map { $0.value.byteSwapped }
        for blockIndex in 0..<count {
            var words: [(value: UInt32, prev: UInt32)] = []
            for t in 0..<UInt32(16) {
                let address = t < 8 ? (block1 >> 2) + 16 * blockIndex + t : (block2 >> 2) + 16 * blockIndex + t - 8
                words.append(try sideAccess(register: false, address: address, ts: ts + 1, pc: pc))
            }
            var outState = state
            let block = words.map { $0.value.byteSwapped }
            Risc0ShaBlock.compress(&outState, block: block)
            var frame = Risc0ShaBlock.Frame(ts: ts, out: out >> 2, stateIn: stateIn >> 2, block1: (block1 >> 2) + 16 * blockIndex, block2: (block2 >> 2) + 16 * blockIndex)
            frame.remaining = count - blockIndex
            frame.isFirst = blockIndex == 0
            frame.isLast = blockIndex == count - 1
            var old: [(value: UInt32, prev: UInt32)] = []
            if frame.isLast {
                for i in 0..<UInt32(8) {
                    let address = (out >> 2) + i
                    let (value, prev) = try sideAccess(register: false, address: address, ts: ts + 2, pc: pc)
                    old.append((value, prev))
                    memory[address] = outState[Int(i)].byteSwapped
                }
            }
            appendShaBlock(frame: frame, state: state, block: block, words: words, stateWords: frame.isFirst ? stateWords : nil, written: frame.isLast ? old : nil)
            state = outState
        }
    }

    /// The 65 rows of one block and their lookups.
    func appendShaBlock(frame: Risc0ShaBlock.Frame, state: [UInt32], block: [UInt32], words: [(value: UInt32, prev: UInt32)], stateWords: [(value: UInt32, prev: UInt32)]?, written: [(value: UInt32, prev: UInt32)]?) {
        let schedule = Risc0ShaBlock.schedule(block)
        var v = state  // a…h
        var lagW = [UInt32](repeating: 0, count: 16), lagS0 = [UInt32](repeating: 0, count: 15), lagS1 = [UInt32](repeating: 0, count: 2)
        var outState = state
        Risc0ShaBlock.compress(&outState, block: block)
        for t in 0..<Risc0ShaRoundAIR.rowsPerBlock {
            var cells = [BabyBear](repeating: .zero, count: S.width)
            let tuple = Risc0ShaRoundAIR.tuple(t)
            for (k, x) in tuple.prefix(8).enumerated() { cells[S.t + k] = BabyBear(x) }
            shaRoundCounts[t] += 1
            cells[S.isReal] = .one
            cells[S.ts] = BabyBear(frame.ts)
            cells[S.outW] = BabyBear(frame.out)
            cells[S.inW] = BabyBear(frame.stateIn)
            cells[S.b1W] = BabyBear(frame.block1)
            cells[S.b2W] = BabyBear(frame.block2)
            cells[S.remaining] = BabyBear(frame.remaining)
            cells[S.remInv] = frame.remaining == 1 ? .zero : (BabyBear(frame.remaining) - .one).inverse
            cells[S.isFirst] = frame.isFirst ? .one : .zero
            cells[S.isLast] = frame.isLast ? .one : .zero
            let readIn = t == 0 && frame.isFirst, writeOut = t == 64 && frame.isLast
            cells[S.readIn] = readIn ? .one : .zero
            cells[S.writeOut] = writeOut ? .one : .zero
            for i in 0..<8 {
                cells[S.h + 2 * i] = BabyBear(state[i] & 0xffff)
                cells[S.h + 2 * i + 1] = BabyBear(state[i] >> 16)
            }
            func setBits(_ base: Int, _ x: UInt32) { for i in 0..<32 { cells[base + i] = BabyBear((x >> UInt32(i)) & 1) } }
            func setHalves(_ base: Int, _ x: UInt32) { cells[base] = BabyBear(x & 0xffff); cells[base + 1] = BabyBear(x >> 16) }
            setBits(S.a, v[0]); setBits(S.b, v[1]); setBits(S.c, v[2]); setHalves(S.dLo, v[3])
            setBits(S.e, v[4]); setBits(S.f, v[5]); setBits(S.g, v[6]); setHalves(S.hLo, v[7])
            for k in 0..<16 { setHalves(S.lagW + 2 * k, lagW[k]) }
            for k in 0..<15 { setHalves(S.lagS0 + 2 * k, lagS0[k]) }
            for k in 0..<2 { setHalves(S.lagS1 + 2 * k, lagS1[k]) }
            var his: [UInt32] = []
            if t < 64 {
                let w = schedule[t]
                setBits(S.w, w)
                let s0 = Risc0ShaBlock.smallSigma0(w), s1 = Risc0ShaBlock.smallSigma1(w)
                setHalves(S.s0, s0)
                setHalves(S.s1, s1)
                if t >= 16 {
                    let sumLo = (lagS1[1] & 0xffff) + (lagW[6] & 0xffff) + (lagS0[14] & 0xffff) + (lagW[15] & 0xffff)
                    let c0 = sumLo >> 16
                    let c1 = ((lagS1[1] >> 16) + (lagW[6] >> 16) + (lagS0[14] >> 16) + (lagW[15] >> 16) + c0) >> 16
                    for k in 0..<2 { cells[S.wCarry + k] = BabyBear((c0 >> UInt32(k)) & 1); cells[S.wCarry + 2 + k] = BabyBear((c1 >> UInt32(k)) & 1) }
                }
                // Round t: carries of a' = T1 + T2 and e' = d + T1 by halves.
                let k = Risc0ShaRoundAIR.k[t]
                let sig1 = Risc0ShaBlock.bigSigma1(v[4]), ch = (v[4] & v[5]) ^ (~v[4] & v[6])
                let sig0 = Risc0ShaBlock.bigSigma0(v[0]), maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2])
                let t1Parts = [v[7], sig1, ch, k, w], t2Parts = [sig0, maj]
                func carries(_ parts: [UInt32]) -> (UInt32, UInt32) {
                    let lo = parts.reduce(UInt32(0)) { $0 + ($1 & 0xffff) }
                    let hi = parts.reduce(UInt32(0)) { $0 + ($1 >> 16) } + (lo >> 16)
                    return (lo >> 16, hi >> 16)
                }
                let (aLo, aHi) = carries(t1Parts + t2Parts), (eLo, eHi) = carries([v[3]] + t1Parts)
                for i in 0..<3 {
                    cells[S.aCarry + i] = BabyBear((aLo >> UInt32(i)) & 1); cells[S.aCarry + 3 + i] = BabyBear((aHi >> UInt32(i)) & 1)
                    cells[S.eCarry + i] = BabyBear((eLo >> UInt32(i)) & 1); cells[S.eCarry + 3 + i] = BabyBear((eHi >> UInt32(i)) & 1)
                }
                if t < 16 {
                    let (value, prev) = words[t]
                    for j in 0..<4 { cells[S.m + j] = BabyBear((value >> (8 * UInt32(j))) & 0xff) }
                    cells[S.mPrev] = BabyBear(prev)
                    his.append(stamp(&cells, prev: prev, ts: frame.ts + 1, columns: (S.mPrev, S.mLo, S.mHi)))
                } else {
                    range16[0] += 1
                    his.append(0)
                }
                let t1 = t1Parts.reduce(0, &+), t2 = t2Parts.reduce(0, &+)
                v = [t1 &+ t2, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
                lagW = [w] + lagW.dropLast()
                lagS0 = [s0] + lagS0.dropLast()
                lagS1 = [s1] + lagS1.dropLast()
            } else {
                range16[0] += 1
                his.append(0)
                for i in 0..<8 {
                    let sumLo = (state[i] & 0xffff) + (v[i] & 0xffff)
                    let sumHi = (state[i] >> 16) + (v[i] >> 16) + (sumLo >> 16)
                    cells[S.outCarry + 2 * i] = BabyBear(sumLo >> 16)
                    cells[S.outCarry + 2 * i + 1] = BabyBear(sumHi >> 16)
                }
            }
            // Out bytes (big-endian), filled on every row of the block and range-checked.
            var outBytes = [UInt32](repeating: 0, count: 32)
            if t == 64 {
                for i in 0..<8 { for j in 0..<4 { outBytes[4 * i + j] = (outState[i] >> (24 - 8 * UInt32(j))) & 0xff } }
            }
            for k in 0..<32 { cells[S.out + k] = BabyBear(outBytes[k]) }
            for k in 0..<16 { pair(outBytes[2 * k], outBytes[2 * k + 1]) }
            // State words: read at the first block's start, overwritten at the last block's end.
            let io: [(value: UInt32, prev: UInt32)]? = readIn ? stateWords : writeOut ? written : nil
            for i in 0..<8 {
                let base = S.ioStamp + 3 * i
                if let io {
                    for j in 0..<4 { cells[S.io + 4 * i + j] = BabyBear((io[i].value >> (8 * UInt32(j))) & 0xff) }
                    his.append(stamp(&cells, prev: io[i].prev, ts: frame.ts + (readIn ? 1 : 2), columns: (base, base + 1, base + 2)))
                } else {
                    range16[0] += 1
                    his.append(0)
                }
            }
            for k in stride(from: 0, to: his.count, by: 2) { pair(his[k], k + 1 < his.count ? his[k + 1] : 0) }
            shaRows += cells
        }
    }

    /// The SHA table padded, and the round table's multiplicities.
    func finishShaTables() -> (sha: RowMajorMatrix<BabyBear>, rounds: RowMajorMatrix<BabyBear>) {
        let rows = shaRows.count / S.width
        let height = 1 << max(1, (rows - 1).bitWidthNeeded)
        for _ in rows..<height {
            shaRows += [BabyBear](repeating: .zero, count: S.width)
            range16[0] += 9
            pairs[0] += 21
        }
        let rounds = shaRoundCounts.map { BabyBear($0) } + [BabyBear](repeating: .zero, count: (1 << Risc0ShaRoundAIR.logHeight) - shaRoundCounts.count)
        return (RowMajorMatrix(width: S.width, values: shaRows), RowMajorMatrix(width: 1, values: rounds))
    }
}
