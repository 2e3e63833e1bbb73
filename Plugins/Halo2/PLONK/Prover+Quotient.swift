import SproutCoreBN254

extension Prover {
    /// The quotient `h = (Σ yⁱ·cᵢ)/(Xⁿ − 1)` in coefficients, where the constraints `cᵢ` are,
    /// in order: every gate polynomial; the permutation's `l₀(1 − z₀)`, `l_last(z_last² − z_last)`,
    /// `l₀(zᵢ − zᵢ₋₁(ωᵘX))` and per chunk `l_active(zᵢ(ωX)·Π(v + βσ + γ) − zᵢ(X)·Π(v + βδʲX + γ))`;
    /// per lookup `l₀(1 − Z)`, `l_last(Z² − Z)`, `l_active(Z(ωX)(A′+β)(S′+γ) − Z(X)(A+β)(S+γ))`,
    /// `l₀(A′ − S′)`, `l_active(A′ − S′)(A′ − A′(ω⁻¹X))`.
    /// Returns `(degree − 1)·n` coefficients, or the untrimmed array when the numerator does not
    /// vanish on `H` (then the witness is wrong and `h` is not a polynomial of that degree).
    static func quotient(
        pk: ProvingKey, plan: QueryPlan, advicePolys: [[Fr]], instanceValues: [[Fr]], theta: Fr, beta: Fr, gamma: Fr, y: Fr,
        permutationPolys: [[Fr]], lookupPolys: [[Fr]], permutedPolys: [([Fr], [Fr])]
    ) throws(Halo2Error) -> [Fr] {
        let cs = pk.vk.cs, d = pk.domain, n = d.n
        let size = d.extended.size, step = size / n
        let adviceCosets = advicePolys.map(d.extendedEvaluations)
        let instanceCosets = instanceValues.map { d.extendedEvaluations(d.coefficients($0)) }
        let ext = ColumnEvaluator(size: size, step: step) { c in
            switch c.kind {
            case .advice: adviceCosets[c.index]
            case .fixed: pk.fixedCosets[c.index]
            case .instance: instanceCosets[c.index]
            }
        }
        var h = [Fr](repeating: .zero, count: size)
        func add(_ c: [Fr]) { for i in 0..<size { h[i] = h[i] * y + c[i] } }
        for gate in cs.gates { for p in gate.polynomials { add(ext.evaluate(p)) } }

        let one = Fr.one
        let l0 = pk.l0, lLast = pk.lLast, lActive = pk.lActive
        let zs = permutationPolys.map(d.extendedEvaluations)
        if let first = zs.first, let last = zs.last {
            add((0..<size).map { l0[$0] * (one - first[$0]) })
            add((0..<size).map { lLast[$0] * (last[$0] * last[$0] - last[$0]) })
            for i in 1..<zs.count {
                let previous = ext.rotated(zs[i - 1], by: d.lastRow)
                add((0..<size).map { l0[$0] * (zs[i][$0] - previous[$0]) })
            }
            // X on the coset: g·ω_N^i.
            var xs = [Fr](repeating: PlonkDomain.cosetShift, count: size)
            for i in 1..<size { xs[i] = xs[i - 1] * d.extended.omega }
            for (chunkIndex, chunk) in plan.permutationChunks.enumerated() {
                let z = zs[chunkIndex], zNext = ext.rotated(z, by: 1)
                var left = zNext, right = z
                for j in chunk {
                    let values = ext.column(cs.permutationColumns[j]), sigma = pk.sigmaCosets[j]
                    let betaDelta = beta * d.power(PlonkDomain.delta, j)
                    for i in 0..<size {
                        left[i] = left[i] * (values[i] + beta * sigma[i] + gamma)
                        right[i] = right[i] * (values[i] + betaDelta * xs[i] + gamma)
                    }
                }
                add((0..<size).map { lActive[$0] * (left[$0] - right[$0]) })
            }
        }
        for (l, lookup) in cs.lookups.enumerated() {
            let z = d.extendedEvaluations(lookupPolys[l]), zNext = ext.rotated(z, by: 1)
            let a = d.extendedEvaluations(permutedPolys[l].0), aPrev = ext.rotated(a, by: -1)
            let s = d.extendedEvaluations(permutedPolys[l].1)
            let input = ext.compress(lookup.inputs, theta: theta), table = ext.compress(lookup.tables, theta: theta)
            add((0..<size).map { l0[$0] * (one - z[$0]) })
            add((0..<size).map { lLast[$0] * (z[$0] * z[$0] - z[$0]) })
            add((0..<size).map {
                lActive[$0] * (zNext[$0] * (a[$0] + beta) * (s[$0] + gamma) - z[$0] * (input[$0] + beta) * (table[$0] + gamma))
            })
            add((0..<size).map { l0[$0] * (a[$0] - s[$0]) })
            add((0..<size).map { lActive[$0] * (a[$0] - s[$0]) * (a[$0] - aPrev[$0]) })
        }

        // Divide by Xⁿ − 1, which takes only 2ᵉ distinct values on the coset: gⁿ·(ω_Nⁿ)ʲ − 1.
        let gn = d.power(PlonkDomain.cosetShift, n), wn = d.power(d.extended.omega, n)
        var vanishing = [Fr](repeating: .zero, count: step)
        var p = gn
        for j in 0..<step { vanishing[j] = p - one; p = p * wn }
        let inverses = vanishing.batchInverted()
        for i in 0..<size { h[i] = h[i] * inverses[i % step] }
        d.extended.cosetIFFT(&h, shift: PlonkDomain.cosetShift)
        let keep = d.quotientPieces * n
        if h[keep...].contains(where: { !$0.isZero }) { return h }
        return Array(h[..<keep])
    }
}
