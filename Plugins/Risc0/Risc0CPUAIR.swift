import SproutCoreAIR
import SproutCoreField

/// The CPU table: one row per executed instruction, then padding rows (all kind flags 0).
///
/// Values are 32-bit words as 4 bytes (`v = Σ vⱼ·256ʲ`), added in 16-bit halves with carries
/// `k₀, k₁ ∈ {0,1}`: `x_lo + y_lo = z_lo + 2¹⁶·k₀`, `x_hi + y_hi + k₀ = z_hi + 2¹⁶·k₁`. With all
/// halves below 2¹⁶ (bytes range-checked on the `bytePair` bus, or program constants) the
/// equations hold over the integers, so `z = x + y mod 2³²` and `k₁` is the carry.
///
/// Per row with clock `c` (`c₀ = 1`, `c' = c + 1`): fetch the word at `W` (pc = 4·W) at
/// timestamp `4c`, read `rs1` at `4c`, `rs2` at `4c+1`, write `rd` at `4c+2`, access memory at
/// `4c+1`, and (HALT) read the output digest at `4c+3`;
/// an ecall's side tables (``Risc0EcallAIR``, ``Risc0HostWordAIR``, ``Risc0ShaAIR``) use `4c+1…4c+3`
/// for the cells they touch. Each access proves
/// `ts − prev − 1 = lo + 2¹⁶·hi ∈ [0, 2²⁴)`, so timestamps strictly increase per cell (all
/// timestamps are below 2²⁴ because the table has at most 2²¹ rows).
///
/// Semantics by kind (exactly one flag per real row, `isReal = Σ flags`):
/// add `C = A + opB`; sub `C + B = A`; compare `D + opB = A` (so `k₁ = [A <ᵤ opB]`, `D = 0 ⇔ A = opB`,
/// signed order from the sign bits); logic `Cⱼ = Aⱼ op opBⱼ` by lookup; lui `C = imm`;
/// auipc `C = 4W + imm`; jal/jalr `C = 4W + 4`; mul* the low or high word of the 64-bit
/// product by byte convolution with carries; div*/rem* by `|A| = U·|B| + R` (see below); loads/stores (word, half, byte) at word `addr(D)`, byte offset `q`, `D = A + imm`;
/// next `W' = W + 1`, or `W + immW` (taken branch, jal), `addr(D)` (jalr), `W` (halt).
struct Risc0CPUAIR: AIR {
    enum Col {
        static let flags = 0  // one per Risc0DecodedInstruction.Kind
        static let compareSigned = Risc0DecodedInstruction.Kind.allCases.count
        static let compareSets = compareSigned + 1, bLt = compareSigned + 2, bGe = compareSigned + 3, bEq = compareSigned + 4
        static let bNe = compareSigned + 5, logicOp = compareSigned + 6, loadSigned = compareSigned + 7
        static let mulHigh = compareSigned + 8, mulSignedA = compareSigned + 9, mulSignedB = compareSigned + 10
        static let divRemainder = compareSigned + 11, divSigned = compareSigned + 12
        static let rs1 = compareSigned + 13, rs2 = compareSigned + 14, rd = compareSigned + 15, writesRd = compareSigned + 16
        static let imm = compareSigned + 17, immW = compareSigned + 21
        static let w = immW + 1, clk = w + 1
        static let inst = clk + 1, fetchPrev = inst + 4, fetchLo = inst + 5, fetchHi = inst + 6
        static let a = inst + 7, rs1Prev = a + 4, rs1Lo = a + 5, rs1Hi = a + 6
        static let b = a + 7, rs2Prev = b + 4, rs2Lo = b + 5, rs2Hi = b + 6
        static let c = b + 7, rdOld = c + 4, rdPrev = c + 8, rdLo = c + 9, rdHi = c + 10
        static let d = c + 11, e = d + 4, j = d + 5
        static let m = d + 6, memPrev = m + 4, memLo = m + 5, memHi = m + 6
        static let k0 = m + 7, k1 = k0 + 1, sA = k0 + 2, rA = k0 + 3, sB = k0 + 4, rB = k0 + 5, sd = k0 + 6, lt = k0 + 7
        static let eq = k0 + 8, inv = k0 + 9, taken = k0 + 10
        /// New memory word, byte-offset one-hot `q₀…q₃`, loaded sign bit and rest, product carries.
        static let n = taken + 1, q = n + 4, loadSign = q + 4, loadRest = q + 5, carry = q + 6
        /// Shifts: `U` (A >> s before sign handling), remainder `R`, `G = 2ˢ − 1 − R`, `P = 2ˢ`,
        /// the bits of `s`, `h` with `opB₀ = s + 32h`, and `pw = 2^(s mod 8)`.
        static let u = carry + 4, r = u + 4, g = u + 8, p = u + 12, bits = u + 16, h = bits + 5, pw = h + 1
        /// The 64-bit product: low and high words, carries 4…7 and the sign extensions used.
        static let low = pw + 1, high = low + 4, carryHigh = low + 8, extA = low + 12, extB = low + 13
        /// Division: whether the divisor is zero, its inverse witness, and `divide·(1 − zero)`.
        static let divisorZero = extB + 1, divisorInverse = extB + 2, divideNonZero = extB + 3
        /// Signed division: the magnitudes `X = |A|`, `Y = |B|`, the selected unsigned result `T`
        /// (`⌊X/Y⌋` or `X mod Y`), the sign flags `[A < 0]`, `[B < 0]` of DIV/REM, whether the signs
        /// differ, whether `C = −T`, and the carries of the three negations.
        static let x = divideNonZero + 1, y = x + 4, t = y + 4
        static let dsA = t + 4, dsB = dsA + 1, signsDiffer = dsA + 2, negateC = dsA + 3, negCarry = dsA + 4
        /// ECALL by t0: HALT (0), SOFTWARE host syscall (2), SHA (3); one of them per ecall row.
        static let ecallHalt = negCarry + 6, ecallSoftware = ecallHalt + 1, ecallSha = ecallHalt + 2
        static let width = ecallSha + 1
    }
    /// Public values: the segment's first and next word address (`W` after its last real row;
    /// the HALT row's own `W` when it halts), the exit code, and whether the segment ends with
    /// HALT (1, the run's last segment) or is split off after its last real row (0, a
    /// continuation: at least one padding row follows, see ``Risc0TraceRecorder``).
    enum Public { static let entryW = 0, exitCode = 1, endW = 2, halts = 3 }

    var name: String { "risc0-cpu" }
    var mainWidth: Int { Col.width }
    var numberOfPublicValues: Int { 4 }
    /// Lookup terms per LogUp helper column: fewer auxiliary columns, LogUp constraints of degree 4.
    var lookupBatchSize: Int { 3 }

    func evaluate(_ b: inout AIRBuilder) {
        func col(_ i: Int) -> AIRExpression { b.main(i) }
        func flag(_ k: Risc0DecodedInstruction.Kind) -> AIRExpression { b.main(Col.flags + k.rawValue) }
        func word(_ base: Int) -> [AIRExpression] { (0..<4).map { b.main(base + $0) } }
        func halves(_ v: [AIRExpression]) -> (AIRExpression, AIRExpression) { (v[0] + 256 * v[1], v[2] + 256 * v[3]) }
        func value(_ v: [AIRExpression]) -> AIRExpression { v[0] + 256 * v[1] + 65536 * v[2] + 16_777_216 * v[3] }

        let kinds = Risc0DecodedInstruction.Kind.allCases
        let isReal = kinds.map { flag($0) }.reduce(0, +)
        for k in kinds { b.assertBoolean(flag(k)) }
        b.assertBoolean(isReal)
        let a = word(Col.a), bb = word(Col.b), c = word(Col.c), d = word(Col.d), imm = word(Col.imm), m = word(Col.m)
        let rdOld = word(Col.rdOld), inst = word(Col.inst)
        let opB = (0..<4).map { bb[$0] + imm[$0] }
        let w = col(Col.w), clk = col(Col.clk)

        // Control flow and padding.
        b.assertZeroOnFirstRow(isReal - 1)
        b.assertZeroOnFirstRow(clk - 1)
        b.assertZeroOnFirstRow(w - b.publicValue(Public.entryW))
        b.assertZeroOnTransition(b.nextMain(Col.clk) - clk - 1)
        let nextReal = kinds.map { b.nextMain(Col.flags + $0.rawValue) }.reduce(0, +)
        b.assertZeroOnTransition(nextReal * (1 - isReal))
        let halt = col(Col.ecallHalt), software = col(Col.ecallSoftware), sha = col(Col.ecallSha)
        let halts = b.publicValue(Public.halts)
        // Only a halting segment ends at HALT; a split segment has no HALT row, so its last row
        // is padding and its real rows end at a transition that hands `W` to the next segment.
        b.assertZeroOnTransition((isReal - halt) * (1 - nextReal) * halts)
        b.assertZero(halt * (1 - halts))
        b.assertZeroOnTransition(isReal * (1 - nextReal) * (b.nextMain(Col.w) - b.publicValue(Public.endW)))
        b.assertZeroOnTransition(halt * nextReal)
        b.assertZeroOnLastRow(isReal - halt)

        // Decoding: the fetched word and its fields come from the program's decoder table.
        let (instLo, instHi) = halves(inst)
        b.send(bus: Risc0Bus.decode, values: [instLo, instHi] + (0..<Risc0DecodedInstruction.fieldCount).map { col($0) }, multiplicity: isReal)

        // Memory and register accesses with timestamp checks.
        let ts0 = 4 * clk
        func access(kind: AIRExpression, address: AIRExpression, old: [AIRExpression], new: [AIRExpression], prev: Int, lo: Int, hi: Int, ts: AIRExpression, multiplicity: AIRExpression) {
            b.receive(bus: Risc0Bus.memory, values: [kind, address] + old + [col(prev)], multiplicity: multiplicity)
            b.send(bus: Risc0Bus.memory, values: [kind, address] + new + [ts], multiplicity: multiplicity)
            b.assertEqual(ts - col(prev) - 1, col(lo) + 65536 * col(hi))
            b.send(bus: Risc0Bus.range16, values: [col(lo)])
        }
        access(kind: 0, address: w, old: inst, new: inst, prev: Col.fetchPrev, lo: Col.fetchLo, hi: Col.fetchHi, ts: ts0, multiplicity: isReal)
        access(kind: 1, address: col(Col.rs1), old: a, new: a, prev: Col.rs1Prev, lo: Col.rs1Lo, hi: Col.rs1Hi, ts: ts0, multiplicity: isReal)
        access(kind: 1, address: col(Col.rs2), old: bb, new: bb, prev: Col.rs2Prev, lo: Col.rs2Lo, hi: Col.rs2Hi, ts: ts0 + 1, multiplicity: isReal)
        access(kind: 1, address: col(Col.rd), old: rdOld, new: c, prev: Col.rdPrev, lo: Col.rdLo, hi: Col.rdHi, ts: ts0 + 2, multiplicity: col(Col.writesRd))
        let load = flag(.load), store = flag(.store), loadByte = flag(.loadByte), loadHalf = flag(.loadHalf)
        let storeByte = flag(.storeByte), storeHalf = flag(.storeHalf)
        let subword = loadByte + loadHalf + storeByte + storeHalf
        let memoryAccess = load + store + subword
        let addrD = col(Col.e) + 64 * d[1] + 16384 * d[2] + 4_194_304 * d[3]
        let n = word(Col.n)
        access(kind: 0, address: addrD, old: m, new: n, prev: Col.memPrev, lo: Col.memLo, hi: Col.memHi, ts: ts0 + 1, multiplicity: memoryAccess)
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.fetchHi), col(Col.rs1Hi)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.rs2Hi), col(Col.rdHi)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.memHi), 0])

        // Results and the auxiliary word D are bytes.
        b.send(bus: Risc0Bus.bytePair, values: [c[0], c[1]])
        b.send(bus: Risc0Bus.bytePair, values: [c[2], c[3]])
        b.send(bus: Risc0Bus.bytePair, values: [d[0], d[1]])
        b.send(bus: Risc0Bus.bytePair, values: [d[2], d[3]])

        // Word address of D: D₀ = 4E + J, E < 64, J ∈ {0,1} only for jalr (which clears bit 0);
        // sub-word accesses use D₀ = 4E + q₁ + 2q₂ + 3q₃ with the one-hot byte offset q.
        let e = col(Col.e), jBit = col(Col.j)
        let q = (0..<4).map { col(Col.q + $0) }
        let addressing = load + store + flag(.jalr) + flag(.auipc) + halt
        b.assertZero(addressing * (d[0] - 4 * e - jBit))
        b.assertZero(subword * (d[0] - 4 * e - q[1] - 2 * q[2] - 3 * q[3]))
        for qk in q { b.assertBoolean(qk) }
        b.assertZero(subword * (q[0] + q[1] + q[2] + q[3] - 1))
        b.assertZero((loadHalf + storeHalf) * (q[1] + q[3]))
        b.assertBoolean(jBit)
        b.assertZero(jBit * (1 - flag(.jalr)))
        b.send(bus: Risc0Bus.bytePair, values: [e, 4 * e])

        // Memory semantics: loads keep the word; LW returns it, SW replaces it.
        for k in 0..<4 {
            b.assertZero((load + loadByte + loadHalf) * (n[k] - m[k]))
            b.assertZero(load * (c[k] - m[k]))
            b.assertZero(store * (n[k] - bb[k]))
            b.assertZero(storeByte * (n[k] - q[k] * bb[0] - (1 - q[k]) * m[k]))
        }
        for (k, source) in [(0, 0), (1, 1), (2, 0), (3, 1)] {
            let selected = k < 2 ? q[0] : q[2]
            b.assertZero(storeHalf * (n[k] - selected * bb[source] - (1 - selected) * m[k]))
        }
        // LB/LBU/LH/LHU: the selected byte or half, then sign or zero extension.
        let sign = col(Col.loadSign), rest = col(Col.loadRest), signed = col(Col.loadSigned)
        b.assertBoolean(sign)
        b.send(bus: Risc0Bus.bytePair, values: [rest, 2 * rest])
        b.assertZero(loadByte * (c[0] - q[0] * m[0] - q[1] * m[1] - q[2] * m[2] - q[3] * m[3]))
        b.assertZero(loadByte * (c[0] - 128 * sign - rest))
        b.assertZero(loadHalf * (c[0] - q[0] * m[0] - q[2] * m[2]))
        b.assertZero(loadHalf * (c[1] - q[0] * m[1] - q[2] * m[3]))
        b.assertZero(loadHalf * (c[1] - 128 * sign - rest))
        for k in 1..<4 { b.assertZero(loadByte * (c[k] - 255 * signed * sign)) }
        for k in 2..<4 { b.assertZero(loadHalf * (c[k] - 255 * signed * sign)) }

        // MUL/MULH/MULHSU/MULHU: the 64-bit product of the operands sign- or zero-extended to
        // 8 bytes (byte i ≥ 4 is 255·ext), by convolution: with L‖H the product's bytes,
        // L/Hₖ + 256·cyₖ = Σ_{i+j=k} aᵢ·bⱼ + cyₖ₋₁ (k < 8; the carry out of byte 7 is dropped,
        // which is the mod-2⁶⁴ wrap of the extended product). Carries < 2¹⁶ keep every
        // equation below 2²⁵, so they hold over the integers. C = L, or H for the high forms.
        let carry = (0..<4).map { col(Col.carry + $0) } + (0..<4).map { col(Col.carryHigh + $0) }
        let low = word(Col.low), high = word(Col.high)
        let extA = col(Col.extA), extB = col(Col.extB)
        b.assertEqual(extA, col(Col.mulSignedA) * col(Col.sA))
        b.assertEqual(extB, col(Col.mulSignedB) * col(Col.sB))
        let wideA = a + [AIRExpression](repeating: 255 * extA, count: 4)
        let wideB = opB + [AIRExpression](repeating: 255 * extB, count: 4)
        let product = low + high
        let multiply = flag(.mul)
        for k in 0..<8 {
            var t: AIRExpression = k > 0 ? carry[k - 1] : 0
            for i in 0...k { t += wideA[i] * wideB[k - i] }
            b.assertZero(multiply * (product[k] + 256 * carry[k] - t))
            b.send(bus: Risc0Bus.range16, values: [carry[k]])
        }
        for k in 0..<4 { b.assertZero(multiply * (c[k] - low[k] - col(Col.mulHigh) * (high[k] - low[k]))) }
        for v in [low, high] {
            b.send(bus: Risc0Bus.bytePair, values: [v[0], v[1]])
            b.send(bus: Risc0Bus.bytePair, values: [v[2], v[3]])
        }

        // The adder.
        let k0 = col(Col.k0), k1 = col(Col.k1)
        b.assertBoolean(k0)
        b.assertBoolean(k1)
        func add(_ x: [AIRExpression], _ y: [AIRExpression], _ z: [AIRExpression], gate: AIRExpression) {
            let (xl, xh) = halves(x), (yl, yh) = halves(y), (zl, zh) = halves(z)
            b.assertZero(gate * (xl + yl - zl - 65536 * k0))
            b.assertZero(gate * (xh + yh + k0 - zh - 65536 * k1))
        }
        add(a, opB, c, gate: flag(.add))
        add(c, bb, a, gate: flag(.sub))
        add(d, opB, a, gate: flag(.compare))
        add(d, imm, c, gate: flag(.auipc))
        add(a, imm, d, gate: memoryAccess + flag(.jalr))
        b.assertZero(flag(.auipc) * (w - addrD))

        // Compare: signs, order, equality; set-less-than and branch conditions.
        let sA = col(Col.sA), sB = col(Col.sB), rA = col(Col.rA), rB = col(Col.rB)
        let compare = flag(.compare)
        b.assertBoolean(sA)
        b.assertBoolean(sB)
        b.assertZero((compare + flag(.shiftRightArithmetic) + flag(.mul) + flag(.divide)) * (a[3] - 128 * sA - rA))
        b.assertZero((compare + flag(.mul) + flag(.divide)) * (opB[3] - 128 * sB - rB))
        b.send(bus: Risc0Bus.bytePair, values: [rA, 2 * rA])
        b.send(bus: Risc0Bus.bytePair, values: [rB, 2 * rB])
        let sd = col(Col.sd), lt = col(Col.lt), eq = col(Col.eq)
        b.assertEqual(sd, col(Col.compareSigned) * (sA - sB) * (sA - sB))
        b.assertZero(compare * (lt - k1 - sd * (sA - k1)))
        let dSum = d[0] + d[1] + d[2] + d[3]
        b.assertZero(compare * eq * dSum)
        b.assertZero(compare * (1 - eq - dSum * col(Col.inv)))
        let sets = col(Col.compareSets)
        b.assertZero(sets * (c[0] - lt))
        for j in 1..<4 { b.assertZero(sets * c[j]) }
        let taken = col(Col.taken)
        b.assertEqual(taken, col(Col.bLt) * lt + col(Col.bGe) * (1 - lt) + col(Col.bEq) * eq + col(Col.bNe) * (1 - eq))

        // Shifts by s = opB mod 32: P = 2ˢ from the bits of s (P_k = [⌊s/8⌋ = k]·2^(s mod 8)).
        // SLL: C = A·P mod 2³² (the MUL convolution). SRL: A = U·P + R with R < P as integers
        // (no carry out, high products zero), C = U. SRA: the same on A* = A XOR signmask
        // (bytes 255 − Aⱼ when A < 0), then C = U XOR signmask.
        let bits = (0..<5).map { col(Col.bits + $0) }
        for bit in bits { b.assertBoolean(bit) }
        let s = bits[0] + 2 * bits[1] + 4 * bits[2] + 8 * bits[3] + 16 * bits[4]
        let h = col(Col.h), pw = col(Col.pw)
        b.send(bus: Risc0Bus.bytePair, values: [h, 32 * h])
        let shiftLeft = flag(.shiftLeft), shiftRight = flag(.shiftRight), shiftArithmetic = flag(.shiftRightArithmetic)
        let shifting = shiftLeft + shiftRight + shiftArithmetic
        b.assertZero(shifting * (opB[0] - s - 32 * h))
        b.assertEqual(pw, (1 + bits[0]) * (1 + 3 * bits[1]) * (1 + 15 * bits[2]))
        let p = word(Col.p), u = word(Col.u), rem = word(Col.r), gap = word(Col.g)
        let oneHot = [(1 - bits[3]) * (1 - bits[4]), bits[3] * (1 - bits[4]), (1 - bits[3]) * bits[4], bits[3] * bits[4]]
        for k in 0..<4 { b.assertEqual(p[k], oneHot[k] * pw) }
        for k in 0..<4 {
            var t: AIRExpression = k > 0 ? carry[k - 1] : 0
            for i in 0...k { t += a[i] * p[k - i] }
            b.assertZero(shiftLeft * (c[k] + 256 * carry[k] - t))
        }
        var overflow: AIRExpression = 0
        for i in 0..<4 { for j in 0..<4 where i + j >= 4 { overflow += u[i] * p[j] } }
        let right = shiftRight + shiftArithmetic
        b.assertZero(right * overflow)
        b.assertZero(right * carry[3])
        for k in 0..<4 {
            var t: AIRExpression = rem[k] + (k > 0 ? carry[k - 1] : 0)
            for i in 0...k { t += u[i] * p[k - i] }
            b.assertZero(shiftRight * (a[k] + 256 * carry[k] - t))
            b.assertZero(shiftArithmetic * (a[k] + sA * (255 - 2 * a[k]) + 256 * carry[k] - t))
            b.assertZero(shiftRight * (c[k] - u[k]))
            b.assertZero(shiftArithmetic * (c[k] - u[k] - sA * (255 - 2 * u[k])))
        }
        let (rl, rh) = halves(rem), (gl, gh) = halves(gap), (pl, ph) = halves(p)
        b.assertZero(right * (rl + gl + 1 - pl - 65536 * k0))
        b.assertZero(right * (rh + gh + k0 - ph - 65536 * k1))
        b.assertZero(right * k1)
        for v in [u, rem, gap] {
            b.send(bus: Risc0Bus.bytePair, values: [v[0], v[1]])
            b.send(bus: Risc0Bus.bytePair, values: [v[2], v[3]])
        }

        // Division (RISC-V M): DIVU/REMU divide X = A by Y = B; DIV/REM divide the magnitudes
        // X = |A|, Y = |B| (X = −A mod 2³² when A < 0, so |−2³¹| = 2³¹ fits) and negate the result.
        // For Y ≠ 0, X = U·Y + R with R < Y over the integers (as for right shifts, with Y in place
        // of 2ˢ), so U = ⌊X/Y⌋ and R = X mod Y; for Y = 0, U = 2³² − 1 and R = X. T = U (DIV/DIVU)
        // or R (REM/REMU); C = −T when the quotient's signs differ (DIV, Y ≠ 0) or the dividend is
        // negative (REM), else C = T. This gives RISC-V's results: x/0 = −1, x rem 0 = x,
        // −2³¹/−1 = −2³¹ (U = 2³¹, same signs), −2³¹ rem −1 = 0.
        let divide = flag(.divide)
        let x = word(Col.x), y = word(Col.y), t = word(Col.t)
        let dsA = col(Col.dsA), dsB = col(Col.dsB), signsDiffer = col(Col.signsDiffer), negateC = col(Col.negateC)
        let zero = col(Col.divisorZero), nonZero = col(Col.divideNonZero), remainder = col(Col.divRemainder)
        b.assertEqual(dsA, col(Col.divSigned) * sA)
        b.assertEqual(dsB, col(Col.divSigned) * sB)
        b.assertEqual(signsDiffer, dsA + dsB - 2 * dsA * dsB)
        b.assertEqual(negateC, (1 - remainder) * signsDiffer * (1 - zero) + remainder * dsA)
        // z = v when f = 0, z = −v mod 2³² when f = 1 (z + v ∈ {0, 2³²} with bytes < 256); f is
        // zero outside division rows.
        func negate(_ z: [AIRExpression], _ v: [AIRExpression], flag f: AIRExpression, carries: Int) {
            let e0 = col(carries), e1 = col(carries + 1)
            b.assertBoolean(e0)
            b.assertBoolean(e1)
            for j in 0..<4 { b.assertZero(divide * (1 - f) * (z[j] - v[j])) }
            let (zl, zh) = halves(z), (vl, vh) = halves(v)
            b.assertZero(f * (zl + vl - 65536 * e0))
            b.assertZero(f * (zh + vh + e0 - 65536 * e1))
        }
        negate(x, a, flag: dsA, carries: Col.negCarry)
        negate(y, opB, flag: dsB, carries: Col.negCarry + 2)
        negate(c, t, flag: negateC, carries: Col.negCarry + 4)
        for v in [x, y] {
            b.send(bus: Risc0Bus.bytePair, values: [v[0], v[1]])
            b.send(bus: Risc0Bus.bytePair, values: [v[2], v[3]])
        }
        let ySum = y[0] + y[1] + y[2] + y[3]
        b.assertZero(divide * zero * ySum)
        b.assertZero(divide * (1 - zero - ySum * col(Col.divisorInverse)))
        b.assertEqual(nonZero, divide * (1 - zero))
        var divisionOverflow: AIRExpression = 0
        for i in 0..<4 { for j in 0..<4 where i + j >= 4 { divisionOverflow += u[i] * y[j] } }
        b.assertZero(nonZero * divisionOverflow)
        b.assertZero(nonZero * carry[3])
        for k in 0..<4 {
            var sum: AIRExpression = rem[k] + (k > 0 ? carry[k - 1] : 0)
            for i in 0...k { sum += u[i] * y[k - i] }
            b.assertZero(nonZero * (x[k] + 256 * carry[k] - sum))
            b.assertZero(divide * zero * (u[k] - 255))
            b.assertZero(divide * zero * (rem[k] - x[k]))
            b.assertZero(divide * (t[k] - u[k] - remainder * (rem[k] - u[k])))
        }
        let (yl, yh) = halves(y)
        b.assertZero(nonZero * (rl + gl + 1 - yl - 65536 * k0))
        b.assertZero(nonZero * (rh + gh + k0 - yh - 65536 * k1))
        b.assertZero(nonZero * k1)

        // Logic by byte lookups; lui.
        for j in 0..<4 { b.send(bus: Risc0Bus.logic, values: [col(Col.logicOp), a[j], opB[j], c[j]], multiplicity: flag(.logic)) }
        for j in 0..<4 { b.assertZero(flag(.lui) * (c[j] - imm[j])) }

        // Links: C = 4W + 4 < 2²⁸ (C₃ < 16 makes the field equation an integer one).
        let links = flag(.jal) + flag(.jalr)
        b.assertZero(links * (value(c) - 4 * w - 4))
        b.send(bus: Risc0Bus.bytePair, values: [c[3], 16 * c[3]], multiplicity: links)

        // Next pc.
        let immW = col(Col.immW)
        let expected = w + 1 + taken * (immW - 1) + flag(.jal) * (immW - 1) + flag(.jalr) * (addrD - w - 1) - halt
        b.assertZeroOnTransition(b.nextMain(Col.w) - expected)

        // ECALL: t0 = 0 (HALT), 2 (SOFTWARE) or 3 (SHA) selects exactly one sub-flag.
        for f in [halt, software, sha] { b.assertBoolean(f) }
        b.assertEqual(halt + software + sha, flag(.ecall))
        b.assertZero(flag(.ecall) * (a[0] - 2 * software - 3 * sha))
        for j in 1..<4 { b.assertZero(flag(.ecall) * a[j]) }
        // SOFTWARE and SHA go to ``Risc0EcallAIR`` with a0 and a1 (both below 2²⁸ there) and the
        // new a1 (the host's reply for SOFTWARE; unchanged for SHA).
        for j in 0..<4 { b.assertZero(sha * (c[j] - rdOld[j])) }
        b.send(bus: Risc0Bus.ecall, values: [ts0, sha] + bb + rdOld + c, multiplicity: software + sha)

        // HALT: t0 = 0, a0 = (exit code << 8) | 0 (terminate), a1 = digest address (kept).
        for j in 0..<4 { b.assertZero(halt * a[j]) }
        b.assertZero(halt * bb[0])
        b.assertZero(halt * (bb[1] - b.publicValue(Public.exitCode)))
        for j in 0..<4 {
            b.assertZero(halt * (c[j] - rdOld[j]))
            b.assertZero(halt * (d[j] - c[j]))
        }
        b.send(bus: Risc0Bus.output, values: [addrD, ts0 + 3], multiplicity: halt)
    }
}
