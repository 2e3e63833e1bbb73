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
/// `4c+1`, and (HALT) read the output digest at `4c+3`. Each access proves
/// `ts − prev − 1 = lo + 2¹⁶·hi ∈ [0, 2²⁴)`, so timestamps strictly increase per cell (all
/// timestamps are below 2²⁴ because the table has at most 2²¹ rows).
///
/// Semantics by kind (exactly one flag per real row, `isReal = Σ flags`):
/// add `C = A + opB`; sub `C + B = A`; compare `D + opB = A` (so `k₁ = [A <ᵤ opB]`, `D = 0 ⇔ A = opB`,
/// signed order from the sign bits); logic `Cⱼ = Aⱼ op opBⱼ` by lookup; lui `C = imm`;
/// auipc `C = 4W + imm`; jal/jalr `C = 4W + 4`; load/store at word `addr(D)` with `D = A + imm`;
/// next `W' = W + 1`, or `W + immW` (taken branch, jal), `addr(D)` (jalr), `W` (halt).
struct Risc0CPUAIR: AIR {
    enum Col {
        static let flags = 0  // 11 kind flags
        static let compareSigned = 11, compareSets = 12, bLt = 13, bGe = 14, bEq = 15, bNe = 16, logicOp = 17
        static let rs1 = 18, rs2 = 19, rd = 20, writesRd = 21, imm = 22, immW = 26
        static let w = 27, clk = 28
        static let inst = 29, fetchPrev = 33, fetchLo = 34, fetchHi = 35
        static let a = 36, rs1Prev = 40, rs1Lo = 41, rs1Hi = 42
        static let b = 43, rs2Prev = 47, rs2Lo = 48, rs2Hi = 49
        static let c = 50, rdOld = 54, rdPrev = 58, rdLo = 59, rdHi = 60
        static let d = 61, e = 65, j = 66
        static let m = 67, memPrev = 71, memLo = 72, memHi = 73
        static let k0 = 74, k1 = 75, sA = 76, rA = 77, sB = 78, rB = 79, sd = 80, lt = 81, eq = 82, inv = 83, taken = 84
        static let width = 85
    }
    /// Public values: the entry word address and the exit code.
    enum Public { static let entryW = 0, exitCode = 1 }

    var name: String { "risc0-cpu" }
    var mainWidth: Int { Col.width }
    var numberOfPublicValues: Int { 2 }

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
        b.assertZeroOnTransition((isReal - flag(.halt)) * (1 - nextReal))
        b.assertZeroOnTransition(flag(.halt) * nextReal)
        b.assertZeroOnLastRow(isReal - flag(.halt))

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
        let load = flag(.load), store = flag(.store)
        let addrD = col(Col.e) + 64 * d[1] + 16384 * d[2] + 4_194_304 * d[3]
        access(kind: 0, address: addrD, old: (0..<4).map { load * c[$0] + store * m[$0] }, new: (0..<4).map { load * c[$0] + store * bb[$0] },
               prev: Col.memPrev, lo: Col.memLo, hi: Col.memHi, ts: ts0 + 1, multiplicity: load + store)
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.fetchHi), col(Col.rs1Hi)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.rs2Hi), col(Col.rdHi)])
        b.send(bus: Risc0Bus.bytePair, values: [col(Col.memHi), 0])

        // Results and the auxiliary word D are bytes.
        b.send(bus: Risc0Bus.bytePair, values: [c[0], c[1]])
        b.send(bus: Risc0Bus.bytePair, values: [c[2], c[3]])
        b.send(bus: Risc0Bus.bytePair, values: [d[0], d[1]])
        b.send(bus: Risc0Bus.bytePair, values: [d[2], d[3]])

        // Word address of D: D₀ = 4E + J, E < 64, J ∈ {0,1} only for jalr (which clears bit 0).
        let e = col(Col.e), jBit = col(Col.j)
        let addressing = load + store + flag(.jalr) + flag(.auipc) + flag(.halt)
        b.assertZero(addressing * (d[0] - 4 * e - jBit))
        b.assertBoolean(jBit)
        b.assertZero(jBit * (1 - flag(.jalr)))
        b.send(bus: Risc0Bus.bytePair, values: [e, 4 * e])

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
        add(a, imm, d, gate: load + store + flag(.jalr))
        b.assertZero(flag(.auipc) * (w - addrD))

        // Compare: signs, order, equality; set-less-than and branch conditions.
        let sA = col(Col.sA), sB = col(Col.sB), rA = col(Col.rA), rB = col(Col.rB)
        let compare = flag(.compare)
        b.assertBoolean(sA)
        b.assertBoolean(sB)
        b.assertZero(compare * (a[3] - 128 * sA - rA))
        b.assertZero(compare * (opB[3] - 128 * sB - rB))
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

        // Logic by byte lookups; lui.
        for j in 0..<4 { b.send(bus: Risc0Bus.logic, values: [col(Col.logicOp), a[j], opB[j], c[j]], multiplicity: flag(.logic)) }
        for j in 0..<4 { b.assertZero(flag(.lui) * (c[j] - imm[j])) }

        // Links: C = 4W + 4 < 2²⁸ (C₃ < 16 makes the field equation an integer one).
        let links = flag(.jal) + flag(.jalr)
        b.assertZero(links * (value(c) - 4 * w - 4))
        b.send(bus: Risc0Bus.bytePair, values: [c[3], 16 * c[3]], multiplicity: links)

        // Next pc.
        let immW = col(Col.immW)
        let expected = w + 1 + taken * (immW - 1) + flag(.jal) * (immW - 1) + flag(.jalr) * (addrD - w - 1) - flag(.halt)
        b.assertZeroOnTransition(b.nextMain(Col.w) - expected)

        // HALT: t0 = 0, a0 = (exit code << 8) | 0 (terminate), a1 = digest address (kept).
        let halt = flag(.halt)
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
