import SproutCoreBN254
import SproutCoreKZG

/// Key generation: configures the circuit, synthesizes it for its fixed cells, selectors and
/// equality constraints, and commits to the fixed and σ polynomials.
public enum Keygen {
    /// The constraint system, configuration and assignment of `circuit` on `2ᵏ` rows.
    static func synthesize<C: Circuit>(_ circuit: C, k: Int) throws(Halo2Error) -> (ConstraintSystem, Layouter) {
        var cs = ConstraintSystem()
        let config = C.configure(&cs)
        let domain = try PlonkDomain(k: k, cs: cs)
        let layouter = Layouter(cs: cs, n: domain.n)
        try circuit.synthesize(config: config, layouter: layouter)
        return (cs, layouter)
    }

    /// Proving key (with its verifying key) for `circuit` on `2ᵏ` rows with SRS `params`
    /// (`params.k ≥ k`; the first `2ᵏ` powers are used). Witness values are ignored.
    public static func keygen<C: Circuit>(_ circuit: C, params: KZGParams, k: Int) throws(Halo2Error) -> ProvingKey {
        try keygen(CircuitDescription(circuit, k: k, generator: ""), params: params)
    }

    /// Proving key for the circuit `description` describes: the same key as for that circuit.
    public static func keygen(_ description: CircuitDescription, params: KZGParams) throws(Halo2Error) -> ProvingKey {
        let cs = description.cs, k = description.k
        let domain = try PlonkDomain(k: k, cs: cs)
        let n = domain.n
        guard params.g.count >= n else { throw .paramsTooSmall(needed: n, available: params.g.count) }

        var mapping = PermutationMapping(columns: cs.permutationColumns.count, n: n)
        for c in description.copies {
            // Decoding and the layouter admit only equality-enabled columns, so both are found.
            let a = Column(kind: ColumnKind(rawValue: UInt8(c[0]))!, index: c[1]), b = Column(kind: ColumnKind(rawValue: UInt8(c[3]))!, index: c[4])
            mapping.copy((cs.permutationColumns.firstIndex(of: a)!, c[2]), (cs.permutationColumns.firstIndex(of: b)!, c[5]))
        }
        var omegaPowers = [Fr](repeating: .one, count: n)
        for i in 1..<n { omegaPowers[i] = omegaPowers[i - 1] * domain.domain.omega }
        var deltaPowers = [Fr](repeating: .one, count: cs.permutationColumns.count)
        for j in deltaPowers.indices.dropFirst() { deltaPowers[j] = deltaPowers[j - 1] * PlonkDomain.delta }
        let sigmaValues = mapping.mapping.map { column in column.map { deltaPowers[$0.column] * omegaPowers[$0.row] } }

        let fixedPolys = description.fixed.map(domain.coefficients)
        let sigmaPolys = sigmaValues.map(domain.coefficients)
        let fixedCommitments = try commit(params, fixedPolys)
        let sigmaCommitments = try commit(params, sigmaPolys)

        var l0 = [Fr](repeating: .zero, count: n), lLast = l0, lActive = [Fr](repeating: .one, count: n)
        l0[0] = .one
        lLast[domain.lastRow] = .one
        for i in domain.lastRow..<n { lActive[i] = .zero }
        let vk = VerifyingKey(k: k, cs: cs, fixedCommitments: fixedCommitments, permutationCommitments: sigmaCommitments)
        return ProvingKey(
            vk: vk, domain: domain, fixedValues: description.fixed, copyLayout: description.copies, fixedPolys: fixedPolys,
            fixedCosets: fixedPolys.map(domain.extendedEvaluations),
            sigmaValues: sigmaValues, sigmaPolys: sigmaPolys, sigmaCosets: sigmaPolys.map(domain.extendedEvaluations),
            l0: domain.extendedEvaluations(domain.coefficients(l0)),
            lLast: domain.extendedEvaluations(domain.coefficients(lLast)),
            lActive: domain.extendedEvaluations(domain.coefficients(lActive)))
    }

    static func commit(_ params: KZGParams, _ polys: [[Fr]]) throws(Halo2Error) -> [G1Affine] {
        var out: [G1Affine] = []
        for p in polys {
            do { out.append(try KZG.commit(params, coefficients: p)) } catch { throw .paramsTooSmall(needed: p.count, available: params.g.count) }
        }
        return out
    }
}
