import SproutCoreBN254
import SproutCoreKZG

/// The PLONKish prover (halo2's protocol with KZG and GWC multi-open, single advice phase):
///
/// 1. absorb the vk digest and the instance values; commit advice → θ;
/// 2. per lookup commit the permuted input `A′` and table `S′` → β, γ;
/// 3. commit the permutation grand products (one per column chunk) and the lookup grand
///    products `Z` → y;
/// 4. compute `h = Σ yⁱ·cᵢ / (Xⁿ − 1)` on the extended coset, commit its `degree − 1` pieces → x;
/// 5. send the evaluations at `x` and its rotations → v; send the GWC witnesses.
///
/// Advice, `A′`, `S′` and the grand products take uniformly random values on the blinding rows.
public enum Prover {
    public static func prove<C: Circuit>(
        _ circuit: C, pk: ProvingKey, params: KZGParams, instances: [[Fr]]
    ) throws(Halo2Error) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        let cs = pk.vk.cs, d = pk.domain, n = d.n, u = d.lastRow
        let plan = QueryPlan(cs)
        let instanceValues = try paddedInstances(instances, cs: cs, domain: d)
        let (_, layouter) = try Keygen.synthesize(circuit, k: d.k)
        // The key fixed these; a circuit whose layout depends on its witness cannot use it.
        guard layouter.fixed == pk.fixedValues else {
            throw .synthesis("the circuit's fixed cells or selectors differ from the proving key's (they must not depend on the witness)")
        }
        guard layouter.copyLayout == pk.copyLayout else {
            throw .synthesis("the circuit's equality constraints differ from the proving key's (they must not depend on the witness)")
        }
        var advice = layouter.advice
        for c in advice.indices { for i in u..<n { advice[c][i] = .random(using: &rng) } }
        // A wrong witness would only yield a proof that fails to verify; name what is wrong instead.
        let failures = MockProver.failures(cs: cs, layouter: layouter, instances: instanceValues, advice: advice, lastRow: u)
        guard failures.isEmpty else { throw .unsatisfied(failures) }

        var proof: [UInt8] = []
        var t = EVMTranscript()
        t.absorb(pk.vk.digest)
        for column in instances { for v in column { t.absorb(v) } }
        let advicePolys = advice.map(d.coefficients)
        for c in try commit(params, values: advice, coefficients: advicePolys) { t.write(c, to: &proof) }
        let theta = t.challenge()

        let lagrange = ColumnEvaluator(size: n, step: 1) { c in
            switch c.kind {
            case .advice: advice[c.index]
            case .fixed: pk.fixedValues[c.index]
            case .instance: instanceValues[c.index]
            }
        }
        var permuted: [(a: [Fr], s: [Fr], input: [Fr], table: [Fr])] = []
        for lookup in cs.lookups {
            let input = lagrange.compress(lookup.inputs, theta: theta)
            let table = lagrange.compress(lookup.tables, theta: theta)
            guard let (a, s) = permute(input: input, table: table, usable: u, rng: &rng) else {
                // The tuple check above passed, so only a θ collision (probability ~n²/r) gets here.
                throw .synthesis("lookup '\(lookup.name)': compressed input missing from its table")
            }
            permuted.append((a, s, input, table))
        }
        let permutedPolys = permuted.map { (d.coefficients($0.a), d.coefficients($0.s)) }
        for (i, (a, s)) in permutedPolys.enumerated() {
            for c in try commit(params, values: [permuted[i].a, permuted[i].s], coefficients: [a, s]) { t.write(c, to: &proof) }
        }
        let beta = t.challenge(), gamma = t.challenge()

        // Permutation grand products, chunk by chunk; each chunk starts where the last ended.
        var omegaPowers = [Fr](repeating: .one, count: n)
        for i in 1..<n { omegaPowers[i] = omegaPowers[i - 1] * d.domain.omega }
        var permutationZ: [[Fr]] = []
        var carry = Fr.one
        for chunk in plan.permutationChunks {
            var numerators = [Fr](repeating: .one, count: u), denominators = numerators
            for j in chunk {
                let values = lagrange.column(cs.permutationColumns[j])
                let deltaJ = d.power(PlonkDomain.delta, j)
                for i in 0..<u {
                    numerators[i] = numerators[i] * (values[i] + beta * deltaJ * omegaPowers[i] + gamma)
                    denominators[i] = denominators[i] * (values[i] + beta * pk.sigmaValues[j][i] + gamma)
                }
            }
            permutationZ.append(grandProduct(start: carry, numerators, denominators.batchInverted(), n: n, rng: &rng))
            carry = permutationZ.last![u]
        }
        let lookupZ = permuted.map { p in
            let num = (0..<u).map { (p.input[$0] + beta) * (p.table[$0] + gamma) }
            let den = (0..<u).map { (p.a[$0] + beta) * (p.s[$0] + gamma) }
            return grandProduct(start: .one, num, den.batchInverted(), n: n, rng: &rng)
        }
        let permutationPolys = permutationZ.map(d.coefficients)
        let lookupPolys = lookupZ.map(d.coefficients)
        for c in try Keygen.commit(params, permutationPolys + lookupPolys) { t.write(c, to: &proof) }
        let y = t.challenge()

        let h = try quotient(
            pk: pk, plan: plan, advicePolys: advicePolys, instanceValues: instanceValues, theta: theta, beta: beta, gamma: gamma, y: y,
            permutationPolys: permutationPolys, lookupPolys: lookupPolys, permutedPolys: permutedPolys)
        guard h.count == d.quotientPieces * n else {
            throw .synthesis("the quotient is not a polynomial of degree < \(d.quotientPieces)·n")
        }
        let pieces = (0..<d.quotientPieces).map { Array(h[($0 * n)..<(($0 + 1) * n)]) }
        for c in try Keygen.commit(params, pieces) { t.write(c, to: &proof) }
        let x = t.challenge()

        // Evaluations and the matching opening queries, in the verifier's order.
        var polys: [[Fr]] = []
        var queries: [(polynomial: Int, point: Fr)] = []
        func send(_ poly: [Fr], _ rotation: Int) {
            let z = d.rotate(x, by: rotation)
            t.write(KZG.evaluate(poly, at: z), to: &proof)
            queries.append((polys.count, z))
            polys.append(poly)
        }
        for q in plan.advice { send(advicePolys[q.column], q.rotation) }
        for q in plan.fixed { send(pk.fixedPolys[q.column], q.rotation) }
        for s in pk.sigmaPolys { send(s, 0) }
        for (i, z) in permutationPolys.enumerated() {
            send(z, 0); send(z, 1)
            if i < permutationPolys.count - 1 { send(z, u) }
        }
        for (i, z) in lookupPolys.enumerated() {
            send(z, 0); send(z, 1)
            send(permutedPolys[i].0, 0); send(permutedPolys[i].0, -1)
            send(permutedPolys[i].1, 0)
        }
        // h(X) = Σ x^(n·i)·hᵢ(X): the verifier derives its commitment and value itself.
        var combined = [Fr](repeating: .zero, count: n)
        let xn = d.power(x, n)
        var scale = Fr.one
        for piece in pieces {
            for i in 0..<n { combined[i] = combined[i] + scale * piece[i] }
            scale = scale * xn
        }
        queries.append((polys.count, x))
        polys.append(combined)

        let v = t.challenge()
        let opening: KZGMultiOpening
        do { opening = try KZG.open(params, polynomials: polys, queries: queries, v: v) } catch {
            throw .paramsTooSmall(needed: n, available: params.g.count)
        }
        for w in opening.witnesses { t.write(w, to: &proof) }
        return proof
    }

    /// Commitments from Lagrange values when the SRS has the Lagrange basis for exactly `n`
    /// rows (witness values are mostly small, so the MSM skips most windows), else from
    /// coefficients; both give the same points.
    static func commit(_ params: KZGParams, values: [[Fr]], coefficients: [[Fr]]) throws(Halo2Error) -> [G1Affine] {
        guard let n = values.first?.count, params.gLagrange.count == n else { return try Keygen.commit(params, coefficients) }
        var out: [G1Affine] = []
        for v in values {
            do { out.append(try KZG.commitLagrange(params, evaluations: v)) } catch { throw .paramsTooSmall(needed: n, available: params.gLagrange.count) }
        }
        return out
    }

    /// Instance columns padded with zeros to `n` rows, after checking their shape.
    static func paddedInstances(_ instances: [[Fr]], cs: ConstraintSystem, domain d: PlonkDomain) throws(Halo2Error) -> [[Fr]] {
        try checkInstances(instances, cs: cs, domain: d)
        return instances.map { $0 + [Fr](repeating: .zero, count: d.n - $0.count) }
    }

    /// One list per instance column, each within the usable rows.
    static func checkInstances(_ instances: [[Fr]], cs: ConstraintSystem, domain d: PlonkDomain) throws(Halo2Error) {
        guard instances.count == cs.numInstance else { throw .wrongInstanceCount(expected: cs.numInstance, got: instances.count) }
        for (c, column) in instances.enumerated() where column.count > d.lastRow {
            throw .tooManyInstanceValues(column: c, count: column.count, usable: d.lastRow)
        }
    }

    /// `z[0] = start`, `z[i+1] = z[i]·num[i]·denInv[i]` for the usable rows; random below.
    static func grandProduct<R: RandomNumberGenerator>(start: Fr, _ num: [Fr], _ denInv: [Fr], n: Int, rng: inout R) -> [Fr] {
        var z = [Fr](repeating: start, count: n)
        for i in 0..<num.count { z[i + 1] = z[i] * num[i] * denInv[i] }
        for i in (num.count + 1)..<n { z[i] = .random(using: &rng) }
        return z
    }

    /// halo2's `permute_expression_pair`: `A′` is the usable input rows sorted (equal values
    /// adjacent); `S′` puts the matching table value where each run of `A′` starts and the
    /// unused table values elsewhere. `nil` when an input value is not in the table.
    static func permute<R: RandomNumberGenerator>(input: [Fr], table: [Fr], usable u: Int, rng: inout R) -> ([Fr], [Fr])? {
        var a = Array(input[..<u]).sorted()
        var remaining: [Fr: Int] = [:]
        for v in table[..<u] { remaining[v, default: 0] += 1 }
        var s = [Fr?](repeating: nil, count: u)
        for i in 0..<u where i == 0 || a[i] != a[i - 1] {
            guard let left = remaining[a[i]], left > 0 else { return nil }
            remaining[a[i]] = left - 1
            s[i] = a[i]
        }
        var spare = remaining.flatMap { Array(repeating: $0.key, count: $0.value) }.sorted()
        var sFilled = [Fr](repeating: .zero, count: u)
        for i in 0..<u { sFilled[i] = s[i] ?? spare.removeLast() }
        for _ in u..<input.count { a.append(.random(using: &rng)); sFilled.append(.random(using: &rng)) }
        return (a, sFilled)
    }
}
