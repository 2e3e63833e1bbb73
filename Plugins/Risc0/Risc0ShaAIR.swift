import SproutCoreAIR
import SproutCoreField

/// The SHA ecall's compressions: 65 rows per 64-byte block (rounds `t = 0…63`, then the final
/// row 64), blocks of one ecall in a row, ecalls in any order, then padding (`isReal = 0`).
///
/// Words are bits (LSB first) where SHA-256 needs bitwise functions and 16-bit halves
/// elsewhere. Row `t` holds the working variables before round `t`: `a, b, c, e, f, g` as bits,
/// `d, h` as halves; the block's input state `H₀…H₇` (halves); the message word `W_t` (bits) with
/// `σ₀(W_t)`, `σ₁(W_t)` (halves), and shift registers of the last 16 `W`, 15 `σ₀` and 2 `σ₁`.
/// Constraints (degree ≤ 4):
/// - round (isRound): `a' = T₁ + T₂`, `e' = d + T₁` with `T₁ = h + Σ₁(e) + Ch(e,f,g) + K_t + W_t`,
///   `T₂ = Σ₀(a) + Maj(a,b,c)`, added by halves with 3-bit carries (so mod 2³²);
///   `b' = a, c' = b, d' = c, f' = e, g' = f, h' = g`; the shift registers move by one;
/// - message: rounds 0…15 read `W_t` big-endian from memory (`block1/4 + t`, `block2/4 + t − 8`),
///   later ones `W_t = σ₁(W_{t−2}) + W_{t−7} + σ₀(W_{t−15}) + W_{t−16}`;
/// - start row: the variables equal `H`; the first block of an ecall reads `H` big-endian from
///   `in/4 + i` at `ts + 1` and receives `(ts, out/4, in/4, block1/4, block2/4, count)` from
///   ``Risc0EcallAIR``; the final row computes `out = H + (a…h)` (bytes, big-endian); a following
///   block of the same ecall (`remaining > 1`) starts from `out` with the block pointers + 16
///   words, the last block writes `out` to `out/4 + i` at `ts + 2`.
/// `t`, `K_t` and the row kind come from ``Risc0ShaRoundAIR``, so every block has its 65 rows in order.
struct Risc0ShaAIR: AIR {
    enum Col {
        static let isReal = 0, t = 1, kLo = 2, kHi = 3, isRound = 4, isFinal = 5, isStart = 6, load1 = 7, load2 = 8
        static let ts = 9, outW = 10, inW = 11, b1W = 12, b2W = 13, remaining = 14, remInv = 15
        static let isFirst = 16, isLast = 17, readIn = 18, writeOut = 19
        /// `H_i` as (lo, hi) at `h + 2i`.
        static let h = 20
        static let a = 36, b = a + 32, c = b + 32, dLo = c + 32, dHi = dLo + 1
        static let e = dHi + 1, f = e + 32, g = f + 32, hLo = g + 32, hHi = hLo + 1
        static let w = hHi + 1
        /// Lag `k` of W at `lagW + 2(k − 1)` (k = 1…16), of σ₀ at `lagS0 + 2(k − 1)` (k = 1…15), of σ₁ (k = 1, 2).
        static let lagW = w + 32, lagS0 = lagW + 32, lagS1 = lagS0 + 30
        static let s0 = lagS1 + 4, s1 = s0 + 2
        static let wCarry = s1 + 2, aCarry = wCarry + 4, eCarry = aCarry + 6
        static let m = eCarry + 6, mPrev = m + 4, mLo = m + 5, mHi = m + 6
        /// The state words read (first block) or overwritten (last block), 4 bytes each, and their stamps.
        static let io = mHi + 1, ioStamp = io + 32
        static let out = ioStamp + 24, outCarry = out + 32
        static let width = outCarry + 16
    }

    var name: String { "risc0-sha" }
    var mainWidth: Int { Col.width }

    func evaluate(_ b: inout AIRBuilder) {
        func col(_ i: Int) -> AIRExpression { b.main(i) }
        func next(_ i: Int) -> AIRExpression { b.nextMain(i) }
        func bits(_ base: Int) -> [AIRExpression] { (0..<32).map { b.main(base + $0) } }
        func nextBits(_ base: Int) -> [AIRExpression] { (0..<32).map { b.nextMain(base + $0) } }
        func lo(_ x: [AIRExpression]) -> AIRExpression { (0..<16).reduce(AIRExpression(0)) { $0 + AIRExpression(integerLiteral: Int64(1) << $1) * x[$1] } }
        func hi(_ x: [AIRExpression]) -> AIRExpression { (0..<16).reduce(AIRExpression(0)) { $0 + AIRExpression(integerLiteral: Int64(1) << $1) * x[16 + $1] } }
        func xor2(_ x: AIRExpression, _ y: AIRExpression) -> AIRExpression { x + y - 2 * x * y }
        func xor3(_ x: AIRExpression, _ y: AIRExpression, _ z: AIRExpression) -> AIRExpression { xor2(x, y) + z - 2 * xor2(x, y) * z }

        let isReal = col(Col.isReal), isRound = col(Col.isRound), isFinal = col(Col.isFinal), isStart = col(Col.isStart)
        let load1 = col(Col.load1), load2 = col(Col.load2)
        let isFirst = col(Col.isFirst), isLast = col(Col.isLast), readIn = col(Col.readIn), writeOut = col(Col.writeOut)
        let ts = col(Col.ts)
        b.assertBoolean(isReal)
        b.send(bus: Risc0Bus.shaRound, values: [col(Col.t), col(Col.kLo), col(Col.kHi), isRound, isFinal, isStart, load1, load2, 1], multiplicity: isReal)
        for x in [isRound, isFinal, isStart, load1, load2, isFirst, isLast] { b.assertZero((1 - isReal) * x) }
        b.assertBoolean(isFirst)
        b.assertBoolean(isLast)
        b.assertEqual(readIn, isStart * isFirst)
        b.assertEqual(writeOut, isFinal * isLast)
        let remaining = col(Col.remaining)
        b.assertZero(isLast * (remaining - 1))
        b.assertZero(isReal * ((remaining - 1) * col(Col.remInv) - 1 + isLast))
        b.receive(bus: Risc0Bus.sha, values: [ts, col(Col.outW), col(Col.inW), col(Col.b1W), col(Col.b2W), remaining], multiplicity: readIn)

        // Block structure.
        let h = (0..<8).map { (lo: col(Col.h + 2 * $0), hi: col(Col.h + 2 * $0 + 1)) }
        let outBytes = (0..<32).map { col(Col.out + $0) }
        func half(_ high: AIRExpression, _ low: AIRExpression) -> AIRExpression { 256 * high + low }
        let outLo: [AIRExpression] = (0..<8).map { i in half(outBytes[4 * i + 2], outBytes[4 * i + 3]) }
        let outHi: [AIRExpression] = (0..<8).map { i in half(outBytes[4 * i], outBytes[4 * i + 1]) }
        let inBlock = isReal - isFinal
        let carried = [Col.ts, Col.outW, Col.inW, Col.b1W, Col.b2W, Col.remaining, Col.isFirst, Col.isLast] + (0..<16).map { Col.h + $0 }
        for x in carried { b.assertZero(inBlock * (next(x) - col(x))) }
        b.assertZero(inBlock * (next(Col.t) - col(Col.t) - 1))
        b.assertZero(inBlock * (1 - next(Col.isReal)))
        let chained = isFinal * (1 - isLast)
        for x in [Col.ts, Col.outW, Col.inW] { b.assertZero(chained * (next(x) - col(x))) }
        b.assertZero(chained * (next(Col.b1W) - col(Col.b1W) - 16))
        b.assertZero(chained * (next(Col.b2W) - col(Col.b2W) - 16))
        b.assertZero(chained * (next(Col.remaining) - remaining + 1))
        b.assertZero(chained * next(Col.isFirst))
        b.assertZero(chained * (1 - next(Col.isReal)))
        for i in 0..<8 {
            b.assertZero(chained * (next(Col.h + 2 * i) - outLo[i]))
            b.assertZero(chained * (next(Col.h + 2 * i + 1) - outHi[i]))
        }
        b.assertZero(writeOut * (next(Col.isReal) - next(Col.isFirst)))
        b.assertZero(isFinal * (next(Col.isReal) - next(Col.isStart)))
        b.assertZeroOnFirstRow(isReal - isStart)
        b.assertZeroOnFirstRow(isReal - isFirst)
        b.assertZeroOnTransition(next(Col.isReal) * (1 - isReal))

        // Working variables.
        let a = bits(Col.a), bb = bits(Col.b), c = bits(Col.c), e = bits(Col.e), f = bits(Col.f), g = bits(Col.g), w = bits(Col.w)
        for x in [a, bb, c, e, f, g, w] { for bit in x { b.assertBoolean(bit) } }
        let dLo = col(Col.dLo), dHi = col(Col.dHi), hLo = col(Col.hLo), hHi = col(Col.hHi)
        let variables: [(AIRExpression, AIRExpression)] = [(lo(a), hi(a)), (lo(bb), hi(bb)), (lo(c), hi(c)), (dLo, dHi), (lo(e), hi(e)), (lo(f), hi(f)), (lo(g), hi(g)), (hLo, hHi)]
        for i in 0..<8 {
            b.assertZero(isStart * (variables[i].0 - h[i].lo))
            b.assertZero(isStart * (variables[i].1 - h[i].hi))
        }

        // Rounds.
        let bigSigma0 = (0..<32).map { xor3(a[($0 + 2) % 32], a[($0 + 13) % 32], a[($0 + 22) % 32]) }
        let bigSigma1 = (0..<32).map { xor3(e[($0 + 6) % 32], e[($0 + 11) % 32], e[($0 + 25) % 32]) }
        func maj(_ x: AIRExpression, _ y: AIRExpression, _ z: AIRExpression) -> AIRExpression {
            let xy: AIRExpression = x * y
            let xyz: AIRExpression = xy * z
            return xy + x * z + y * z - 2 * xyz
        }
        func ch(_ x: AIRExpression, _ y: AIRExpression, _ z: AIRExpression) -> AIRExpression { x * y + z - x * z }
        let majority: [AIRExpression] = (0..<32).map { i in maj(a[i], bb[i], c[i]) }
        let choose: [AIRExpression] = (0..<32).map { i in ch(e[i], f[i], g[i]) }
        func carry3(_ base: Int) -> AIRExpression { col(base) + 2 * col(base + 1) + 4 * col(base + 2) }
        for k in 0..<6 {
            b.assertBoolean(col(Col.aCarry + k))
            b.assertBoolean(col(Col.eCarry + k))
        }
        let t1Lo = hLo + lo(bigSigma1) + lo(choose) + col(Col.kLo) + lo(w)
        let t1Hi = hHi + hi(bigSigma1) + hi(choose) + col(Col.kHi) + hi(w)
        let nextA = nextBits(Col.a), nextE = nextBits(Col.e)
        b.assertZero(isRound * (t1Lo + lo(bigSigma0) + lo(majority) - lo(nextA) - 65536 * carry3(Col.aCarry)))
        b.assertZero(isRound * (t1Hi + hi(bigSigma0) + hi(majority) + carry3(Col.aCarry) - hi(nextA) - 65536 * carry3(Col.aCarry + 3)))
        b.assertZero(isRound * (dLo + t1Lo - lo(nextE) - 65536 * carry3(Col.eCarry)))
        b.assertZero(isRound * (dHi + t1Hi + carry3(Col.eCarry) - hi(nextE) - 65536 * carry3(Col.eCarry + 3)))
        let nextB = nextBits(Col.b), nextC = nextBits(Col.c), nextF = nextBits(Col.f), nextG = nextBits(Col.g)
        for i in 0..<32 {
            b.assertZero(isRound * (nextB[i] - a[i]))
            b.assertZero(isRound * (nextC[i] - bb[i]))
            b.assertZero(isRound * (nextF[i] - e[i]))
            b.assertZero(isRound * (nextG[i] - f[i]))
        }
        b.assertZero(isRound * (next(Col.dLo) - lo(c)))
        b.assertZero(isRound * (next(Col.dHi) - hi(c)))
        b.assertZero(isRound * (next(Col.hLo) - lo(g)))
        b.assertZero(isRound * (next(Col.hHi) - hi(g)))

        // Message schedule.
        let smallSigma0 = (0..<32).map { $0 + 3 < 32 ? xor3(w[($0 + 7) % 32], w[($0 + 18) % 32], w[$0 + 3]) : xor2(w[($0 + 7) % 32], w[($0 + 18) % 32]) }
        let smallSigma1 = (0..<32).map { $0 + 10 < 32 ? xor3(w[($0 + 17) % 32], w[($0 + 19) % 32], w[$0 + 10]) : xor2(w[($0 + 17) % 32], w[($0 + 19) % 32]) }
        b.assertEqual(col(Col.s0), lo(smallSigma0))
        b.assertEqual(col(Col.s0 + 1), hi(smallSigma0))
        b.assertEqual(col(Col.s1), lo(smallSigma1))
        b.assertEqual(col(Col.s1 + 1), hi(smallSigma1))
        func lag(_ base: Int, _ k: Int) -> (AIRExpression, AIRExpression) { (col(base + 2 * (k - 1)), col(base + 2 * (k - 1) + 1)) }
        b.assertZero(isRound * (next(Col.lagW) - lo(w)))
        b.assertZero(isRound * (next(Col.lagW + 1) - hi(w)))
        for k in 0..<30 { b.assertZero(isRound * (next(Col.lagW + 2 + k) - col(Col.lagW + k))) }
        for k in 0..<2 { b.assertZero(isRound * (next(Col.lagS0 + k) - col(Col.s0 + k))) }
        for k in 0..<28 { b.assertZero(isRound * (next(Col.lagS0 + 2 + k) - col(Col.lagS0 + k))) }
        for k in 0..<2 {
            b.assertZero(isRound * (next(Col.lagS1 + k) - col(Col.s1 + k)))
            b.assertZero(isRound * (next(Col.lagS1 + 2 + k) - col(Col.lagS1 + k)))
        }
        for k in 0..<4 { b.assertBoolean(col(Col.wCarry + k)) }
        let wc0 = col(Col.wCarry) + 2 * col(Col.wCarry + 1), wc1 = col(Col.wCarry + 2) + 2 * col(Col.wCarry + 3)
        let schedule = isRound - load1 - load2
        let (s1Lo, s1Hi) = lag(Col.lagS1, 2), (w7Lo, w7Hi) = lag(Col.lagW, 7), (s0Lo, s0Hi) = lag(Col.lagS0, 15), (w16Lo, w16Hi) = lag(Col.lagW, 16)
        b.assertZero(schedule * (s1Lo + w7Lo + s0Lo + w16Lo - lo(w) - 65536 * wc0))
        b.assertZero(schedule * (s1Hi + w7Hi + s0Hi + w16Hi + wc0 - hi(w) - 65536 * wc1))

        // Memory: block words (rounds 0…15) at ts + 1; the state words (first block's start, last
        // block's final row) at ts + 1 (read) and ts + 2 (write).
        var his: [AIRExpression] = []
        let loading = load1 + load2
        let m = (0..<4).map { col(Col.m + $0) }
        let wordAddress = load1 * (col(Col.b1W) + col(Col.t)) + load2 * (col(Col.b2W) + col(Col.t) - 8)
        b.receive(bus: Risc0Bus.memory, values: [0, wordAddress] + m + [col(Col.mPrev)], multiplicity: loading)
        b.send(bus: Risc0Bus.memory, values: [0, wordAddress] + m + [ts + 1], multiplicity: loading)
        b.assertEqual(loading * (ts - col(Col.mPrev)), col(Col.mLo) + 65536 * col(Col.mHi))
        b.send(bus: Risc0Bus.range16, values: [col(Col.mLo)])
        his.append(col(Col.mHi))
        b.assertZero(loading * (lo(w) - 256 * m[2] - m[3]))
        b.assertZero(loading * (hi(w) - 256 * m[0] - m[1]))
        let io = readIn + writeOut
        for i in 0..<8 {
            let old = (0..<4).map { col(Col.io + 4 * i + $0) }
            let new = (0..<4).map { readIn * old[$0] + writeOut * outBytes[4 * i + $0] }
            let address = readIn * (col(Col.inW) + AIRExpression(integerLiteral: Int64(i))) + writeOut * (col(Col.outW) + AIRExpression(integerLiteral: Int64(i)))
            let stamp = Col.ioStamp + 3 * i
            let accessTs = readIn * (ts + 1) + writeOut * (ts + 2)
            b.receive(bus: Risc0Bus.memory, values: [0, address] + old + [col(stamp)], multiplicity: io)
            b.send(bus: Risc0Bus.memory, values: [0, address] + new + [accessTs], multiplicity: io)
            b.assertEqual(io * (accessTs - col(stamp) - 1), col(stamp + 1) + 65536 * col(stamp + 2))
            b.send(bus: Risc0Bus.range16, values: [col(stamp + 1)])
            his.append(col(stamp + 2))
            b.assertZero(readIn * (h[i].lo - 256 * old[2] - old[3]))
            b.assertZero(readIn * (h[i].hi - 256 * old[0] - old[1]))
        }
        for i in stride(from: 0, to: his.count, by: 2) {
            b.send(bus: Risc0Bus.bytePair, values: [his[i], i + 1 < his.count ? his[i + 1] : 0])
        }

        // Final row: out = H + (a…h) by halves, out as range-checked bytes.
        for i in 0..<8 {
            let cLo = col(Col.outCarry + 2 * i), cHi = col(Col.outCarry + 2 * i + 1)
            b.assertBoolean(cLo)
            b.assertBoolean(cHi)
            b.assertZero(isFinal * (h[i].lo + variables[i].0 - outLo[i] - 65536 * cLo))
            b.assertZero(isFinal * (h[i].hi + variables[i].1 + cLo - outHi[i] - 65536 * cHi))
        }
        for k in 0..<16 { b.send(bus: Risc0Bus.bytePair, values: [outBytes[2 * k], outBytes[2 * k + 1]]) }
    }
}
