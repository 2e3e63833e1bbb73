import SproutCoreBN254
import SproutCoreKZG

/// A verifier for PSE halo2 proofs (`halo2_proofs` v0.3 line: KZG, GWC multi-open, single
/// advice phase, no lookups) written with snark-verifier's `EvmTranscript` — the proofs
/// sprout's halo2 modules return. It differs from ``Verifier`` where PSE's protocol does:
/// the transcript starts with the key's `transcript_repr`; a random polynomial is committed
/// before `y` and opened at `x`; opening queries come in PSE's order (advice; permutation
/// products at `x`, `ωx`, then at `ω^last·x` for all sets but the last, in reverse; fixed;
/// σ; quotient; random polynomial).
///
/// The circuit is described with our ``ConstraintSystem`` in PSE's column order (selectors
/// already compressed into fixed columns), plus PSE's query lists, whose order fixes the
/// order of the evaluations in the proof.
public struct PSEVerifyingKey: Sendable {
    public var k: Int
    public var cs: ConstraintSystem
    public var adviceQueries: [(column: Int, rotation: Int)]
    public var fixedQueries: [(column: Int, rotation: Int)]
    public var instanceQueries: [(column: Int, rotation: Int)]
    /// PSE's `vk.transcript_repr`.
    public var transcriptRepr: Fr
    public var fixedCommitments: [G1Affine]
    public var permutationCommitments: [G1Affine]

    public init(
        k: Int, cs: ConstraintSystem, adviceQueries: [(column: Int, rotation: Int)], fixedQueries: [(column: Int, rotation: Int)],
        instanceQueries: [(column: Int, rotation: Int)], transcriptRepr: Fr, fixedCommitments: [G1Affine], permutationCommitments: [G1Affine]
    ) {
        self.k = k; self.cs = cs; self.adviceQueries = adviceQueries; self.fixedQueries = fixedQueries
        self.instanceQueries = instanceQueries; self.transcriptRepr = transcriptRepr
        self.fixedCommitments = fixedCommitments; self.permutationCommitments = permutationCommitments
    }

    /// Verifies `proof` for `instances` (one list per instance column) with the SRS's G₂ part.
    public func verify(g2: G2Affine, sG2: G2Affine, instances: [[Fr]], proof: [UInt8]) throws(Halo2Error) {
        guard cs.lookups.isEmpty else { throw .malformed("PSE proofs with lookups are not supported") }
        guard fixedCommitments.count == cs.numFixed, permutationCommitments.count == cs.permutationColumns.count else {
            throw .malformed("key shape does not match its constraint system")
        }
        let d = try PlonkDomain(k: k, cs: cs)
        let n = d.n, u = d.lastRow
        try Prover.checkInstances(instances, cs: cs, domain: d)
        let chunks = QueryPlan(cs).permutationChunks
        var r = ByteReader(proof)
        var t = EVMTranscript()
        t.absorb(transcriptRepr)
        for column in instances { for v in column { t.absorb(v) } }
        var adviceC: [G1Affine] = []
        for _ in 0..<cs.numAdvice { adviceC.append(try t.readPoint(&r, "advice commitment")) }
        _ = t.challenge()  // θ: no lookups use it
        let beta = t.challenge(), gamma = t.challenge()
        var permutationC: [G1Affine] = []
        for _ in chunks { permutationC.append(try t.readPoint(&r, "permutation product")) }
        let randomC = try t.readPoint(&r, "random polynomial")
        let y = t.challenge()
        var hC: [G1Affine] = []
        for _ in 0..<d.quotientPieces { hC.append(try t.readPoint(&r, "quotient piece")) }
        let x = t.challenge()

        var adviceEvals: [Fr] = [], fixedEvals: [Fr] = [], sigmaEvals: [Fr] = []
        for _ in adviceQueries { adviceEvals.append(try t.readScalar(&r, "advice evaluation")) }
        for _ in fixedQueries { fixedEvals.append(try t.readScalar(&r, "fixed evaluation")) }
        let randomEval = try t.readScalar(&r, "random evaluation")
        for _ in permutationCommitments { sigmaEvals.append(try t.readScalar(&r, "sigma evaluation")) }
        var sets: [(z: Fr, next: Fr, last: Fr?)] = []
        for i in chunks.indices {
            let z = try t.readScalar(&r, "permutation evaluation"), next = try t.readScalar(&r, "permutation evaluation")
            sets.append((z, next, i < chunks.count - 1 ? try t.readScalar(&r, "permutation evaluation") : nil))
        }

        var instanceEvals: [Fr] = []
        for q in instanceQueries {
            let values = instances[q.column]
            let l = d.lagrange(at: d.rotate(x, by: q.rotation), rows: Array(0..<values.count))
            instanceEvals.append(zip(values, l).reduce(Fr.zero) { $0 + $1.0 * $1.1 })
        }
        func index(_ list: [(column: Int, rotation: Int)], _ c: Column, _ rotation: Int) -> Int? {
            list.firstIndex { $0.column == c.index && $0.rotation == rotation }
        }
        var missing: (Column, Int)?
        let value: (Column, Int) -> Fr = { c, rotation in
            let found: Fr? = switch c.kind {
            case .advice: index(adviceQueries, c, rotation).map { adviceEvals[$0] }
            case .fixed: index(fixedQueries, c, rotation).map { fixedEvals[$0] }
            case .instance: index(instanceQueries, c, rotation).map { instanceEvals[$0] }
            }
            if found == nil { missing = (c, rotation) }
            return found ?? .zero
        }
        let lx = d.lagrange(at: x, rows: [0] + Array(u..<n))
        let one = Fr.one, l0 = lx[0], lLast = lx[1]
        let lActive = one - lLast - lx[2...].reduce(Fr.zero, +)
        var acc = Fr.zero
        func add(_ c: Fr) { acc = acc * y + c }
        for gate in cs.gates { for p in gate.polynomials { add(p.evaluate(value)) } }
        if let first = sets.first, let last = sets.last {
            add(l0 * (one - first.z))
            add(lLast * (last.z * last.z - last.z))
            for i in 1..<sets.count { add(l0 * (sets[i].z - sets[i - 1].last!)) }
            for (s, chunk) in chunks.enumerated() {
                var left = sets[s].next, right = sets[s].z
                for j in chunk {
                    let v = value(cs.permutationColumns[j], 0)
                    left = left * (v + beta * sigmaEvals[j] + gamma)
                    right = right * (v + beta * d.power(PlonkDomain.delta, j) * x + gamma)
                }
                add(lActive * (left - right))
            }
        }
        if let (c, rotation) = missing { throw .malformed("the constraint system reads \(c) at rotation \(rotation), which is not queried") }
        let xn = d.power(x, n)
        guard xn != one else { throw .verificationFailed("challenge x lies in H") }
        let expectedH = acc * (xn - one).inverse

        var commitments: [G1Affine] = []
        var queries: [KZGQuery] = []
        func query(_ c: G1Affine, _ rotation: Int, _ value: Fr) {
            queries.append(KZGQuery(polynomial: commitments.count, point: d.rotate(x, by: rotation), value: value))
            commitments.append(c)
        }
        for (i, q) in adviceQueries.enumerated() { query(adviceC[q.column], q.rotation, adviceEvals[i]) }
        for (s, c) in permutationC.enumerated() { query(c, 0, sets[s].z); query(c, 1, sets[s].next) }
        for s in sets.indices.reversed().dropFirst() { query(permutationC[s], u, sets[s].last!) }
        for (i, q) in fixedQueries.enumerated() { query(fixedCommitments[q.column], q.rotation, fixedEvals[i]) }
        for (j, c) in permutationCommitments.enumerated() { query(c, 0, sigmaEvals[j]) }
        var hCommitment = G1.infinity
        var scale = Fr.one
        for c in hC { hCommitment = hCommitment + G1(c) * scale; scale = scale * xn }
        query(hCommitment.affine, 0, expectedH)
        query(randomC, 0, randomEval)

        let v = t.challenge()
        var witnesses: [G1Affine] = []
        for _ in 0..<Set(queries.map(\.point)).count { witnesses.append(try t.readPoint(&r, "opening witness")) }
        let uChallenge = t.challenge()
        guard r.isAtEnd else { throw .malformed("\(proof.count - r.offset) trailing bytes after the proof") }
        do {
            try KZG.verify(g2: g2, sG2: sG2, commitments: commitments, queries: queries, opening: KZGMultiOpening(witnesses: witnesses), v: v, u: uChallenge)
        } catch {
            throw .verificationFailed("KZG opening: \(error)")
        }
    }
}
