import SproutCoreBN254

/// Checks a witness against its circuit directly, without cryptography, and names every
/// violated gate polynomial, lookup and equality by row (halo2's `MockProver`). Gates are
/// checked on all `n` rows with random values on the blinding rows, exactly what the real
/// prover needs; lookups and equalities on the usable rows.
public enum MockProver {
    /// The failures of `circuit` on `2ᵏ` rows with `instances` (empty when satisfied).
    public static func run<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]]) throws(Halo2Error) -> [ConstraintFailure] {
        let (cs, layouter) = try Keygen.synthesize(circuit, k: k)
        let d = try PlonkDomain(k: k, cs: cs)
        let padded = try Prover.paddedInstances(instances, cs: cs, domain: d)
        var rng = SystemRandomNumberGenerator()
        var advice = layouter.advice
        for c in advice.indices { for i in d.lastRow..<d.n { advice[c][i] = .random(using: &rng) } }
        return failures(cs: cs, layouter: layouter, instances: padded, advice: advice, lastRow: d.lastRow)
    }

    /// Throws ``Halo2Error/unsatisfied(_:)`` listing the failures, if any.
    public static func verify<C: Circuit>(_ circuit: C, k: Int, instances: [[Fr]]) throws(Halo2Error) {
        let f = try run(circuit, k: k, instances: instances)
        if !f.isEmpty { throw .unsatisfied(f) }
    }

    static func failures(cs: ConstraintSystem, layouter: Layouter, instances: [[Fr]], advice: [[Fr]], lastRow u: Int) -> [ConstraintFailure] {
        let n = layouter.fixed.first?.count ?? advice.first?.count ?? instances.first?.count ?? 0
        let values: (Column) -> [Fr] = { c in
            switch c.kind {
            case .advice: advice[c.index]
            case .fixed: layouter.fixed[c.index]
            case .instance: instances[c.index]
            }
        }
        let rows = ColumnEvaluator(size: n, step: 1, column: values)
        var out: [ConstraintFailure] = []
        for gate in cs.gates {
            for (p, poly) in gate.polynomials.enumerated() {
                for (row, v) in rows.evaluate(poly).enumerated() where !v.isZero { out.append(.gate(gate: gate.name, index: p, row: row)) }
            }
        }
        for lookup in cs.lookups {
            let inputs = lookup.inputs.map(rows.evaluate), tables = lookup.tables.map(rows.evaluate)
            let table = Set((0..<u).map { r in tables.map { $0[r] } })
            for r in 0..<u where !table.contains(inputs.map { $0[r] }) { out.append(.lookup(lookup: lookup.name, row: r)) }
        }
        for (a, b) in layouter.copies where values(a.column)[a.row] != values(b.column)[b.row] {
            out.append(.copy(a.column, a.row, b.column, b.row))
        }
        return out
    }
}
