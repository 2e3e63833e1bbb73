import SproutCoreBN254
import SproutCoreKZG

/// The verifier for ``Prover``'s proofs: replays the transcript from the proof bytes,
/// recomputes the constraint combination at `x` from the claimed evaluations (and the
/// instance values, which it evaluates itself), and checks every claimed evaluation with one
/// GWC batch opening (a two-pair pairing check). Any malformed, truncated or extended proof
/// is rejected with an error.
public enum Verifier {
    /// Verifies `proof` for `vk` and `instances` with the SRS's G₂ part (`g2`, `sG2`); the
    /// G₁ generator must be the standard one (PSE parameters and ours use it).
    public static func verify(vk: VerifyingKey, g2: G2Affine, sG2: G2Affine, instances: [[Fr]], proof: [UInt8]) throws(Halo2Error) {
        let cs = vk.cs
        let d = try PlonkDomain(k: vk.k, cs: cs)
        let n = d.n, u = d.lastRow
        let plan = QueryPlan(cs)
        try Prover.checkInstances(instances, cs: cs, domain: d)
        var r = ByteReader(proof)
        var t = EVMTranscript()
        t.absorb(vk.digest)
        for column in instances { for v in column { t.absorb(v) } }
        var adviceC: [G1Affine] = []
        for _ in 0..<cs.numAdvice { adviceC.append(try t.readPoint(&r, "advice commitment")) }
        let theta = t.challenge()
        var permutedC: [(G1Affine, G1Affine)] = []
        for _ in cs.lookups { permutedC.append((try t.readPoint(&r, "permuted input"), try t.readPoint(&r, "permuted table"))) }
        let beta = t.challenge(), gamma = t.challenge()
        var permutationC: [G1Affine] = [], lookupC: [G1Affine] = []
        for _ in plan.permutationChunks { permutationC.append(try t.readPoint(&r, "permutation product")) }
        for _ in cs.lookups { lookupC.append(try t.readPoint(&r, "lookup product")) }
        let y = t.challenge()
        var hC: [G1Affine] = []
        for _ in 0..<d.quotientPieces { hC.append(try t.readPoint(&r, "quotient piece")) }
        let x = t.challenge()

        var commitments: [G1Affine] = []
        var queries: [KZGQuery] = []
        func read(_ c: G1Affine, _ rotation: Int, _ what: String) throws(Halo2Error) -> Fr {
            let value = try t.readScalar(&r, what)
            queries.append(KZGQuery(polynomial: commitments.count, point: d.rotate(x, by: rotation), value: value))
            commitments.append(c)
            return value
        }
        var adviceEvals: [Fr] = [], fixedEvals: [Fr] = [], sigmaEvals: [Fr] = []
        for q in plan.advice { adviceEvals.append(try read(adviceC[q.column], q.rotation, "advice evaluation")) }
        for q in plan.fixed { fixedEvals.append(try read(vk.fixedCommitments[q.column], q.rotation, "fixed evaluation")) }
        for c in vk.permutationCommitments { sigmaEvals.append(try read(c, 0, "sigma evaluation")) }
        var permutationEvals: [(z: Fr, next: Fr, last: Fr?)] = []
        for (i, c) in permutationC.enumerated() {
            let z = try read(c, 0, "permutation evaluation"), next = try read(c, 1, "permutation evaluation")
            let last: Fr? = i < permutationC.count - 1 ? try read(c, u, "permutation evaluation") : nil
            permutationEvals.append((z, next, last))
        }
        var lookupEvals: [(z: Fr, next: Fr, a: Fr, aPrev: Fr, s: Fr)] = []
        for (i, c) in lookupC.enumerated() {
            let z = try read(c, 0, "lookup evaluation"), next = try read(c, 1, "lookup evaluation")
            let a = try read(permutedC[i].0, 0, "lookup evaluation"), aPrev = try read(permutedC[i].0, -1, "lookup evaluation")
            let s = try read(permutedC[i].1, 0, "lookup evaluation")
            lookupEvals.append((z, next, a, aPrev, s))
        }

        // Instance evaluations Σᵢ instᵢ·Lᵢ(ωʳx), computed here rather than trusted.
        var instanceEvals: [Fr] = []
        for q in plan.instance {
            let values = instances[q.column]
            let l = d.lagrange(at: d.rotate(x, by: q.rotation), rows: Array(0..<values.count))
            instanceEvals.append(zip(values, l).reduce(Fr.zero) { $0 + $1.0 * $1.1 })
        }
        let value: (Column, Int) -> Fr = { c, rotation in
            let i = plan.index[c]![rotation]!
            switch c.kind {
            case .advice: return adviceEvals[i]
            case .fixed: return fixedEvals[i]
            case .instance: return instanceEvals[i]
            }
        }
        let lx = d.lagrange(at: x, rows: [0] + Array(u..<n))
        let l0 = lx[0], lLast = lx[1]
        let lBlind = lx[2...].reduce(Fr.zero, +)
        let one = Fr.one, lActive = one - lLast - lBlind

        var acc = Fr.zero
        func add(_ c: Fr) { acc = acc * y + c }
        for gate in cs.gates { for p in gate.polynomials { add(p.evaluate(value)) } }
        if let first = permutationEvals.first, let last = permutationEvals.last {
            add(l0 * (one - first.z))
            add(lLast * (last.z * last.z - last.z))
            for i in 1..<permutationEvals.count { add(l0 * (permutationEvals[i].z - permutationEvals[i - 1].last!)) }
            for (chunkIndex, chunk) in plan.permutationChunks.enumerated() {
                var left = permutationEvals[chunkIndex].next, right = permutationEvals[chunkIndex].z
                for j in chunk {
                    let v = value(cs.permutationColumns[j], 0)
                    left = left * (v + beta * sigmaEvals[j] + gamma)
                    right = right * (v + beta * d.power(PlonkDomain.delta, j) * x + gamma)
                }
                add(lActive * (left - right))
            }
        }
        for (l, lookup) in cs.lookups.enumerated() {
            let e = lookupEvals[l]
            var input = Fr.zero, table = Fr.zero
            for expr in lookup.inputs { input = input * theta + expr.evaluate(value) }
            for expr in lookup.tables { table = table * theta + expr.evaluate(value) }
            add(l0 * (one - e.z))
            add(lLast * (e.z * e.z - e.z))
            add(lActive * (e.next * (e.a + beta) * (e.s + gamma) - e.z * (input + beta) * (table + gamma)))
            add(l0 * (e.a - e.s))
            add(lActive * (e.a - e.s) * (e.a - e.aPrev))
        }
        let xn = d.power(x, n)
        // x ∈ H (probability n/r) would make Xⁿ − 1 vanish; no sound statement then.
        guard xn != one else { throw .verificationFailed("challenge x lies in H") }
        let expectedH = acc * (xn - one).inverse
        var hCommitment = G1.infinity
        var scale = Fr.one
        for c in hC { hCommitment = hCommitment + G1(c) * scale; scale = scale * xn }
        queries.append(KZGQuery(polynomial: commitments.count, point: x, value: expectedH))
        commitments.append(hCommitment.affine)

        let v = t.challenge()
        let points = Set(queries.map(\.point)).count
        var witnesses: [G1Affine] = []
        for _ in 0..<points { witnesses.append(try t.readPoint(&r, "opening witness")) }
        let uChallenge = t.challenge()
        guard r.isAtEnd else { throw .malformed("\(proof.count - r.offset) trailing bytes after the proof") }
        do {
            try KZG.verify(g2: g2, sG2: sG2, commitments: commitments, queries: queries, opening: KZGMultiOpening(witnesses: witnesses), v: v, u: uChallenge)
        } catch {
            throw .verificationFailed("KZG opening: \(error)")
        }
    }

    /// ``verify(vk:g2:sG2:instances:proof:)`` with the G₂ part of `params`.
    public static func verify(vk: VerifyingKey, params: KZGParams, instances: [[Fr]], proof: [UInt8]) throws(Halo2Error) {
        try verify(vk: vk, g2: params.g2, sG2: params.sG2, instances: instances, proof: proof)
    }
}
