import SproutCoreBN254

/// Evaluates expressions column-wise over a whole domain: on the `n` Lagrange rows
/// (`step = 1`) or on the extended coset (`step = 2ᵉ`, so rotation `r` shifts by `r·2ᵉ`).
struct ColumnEvaluator {
    let size: Int
    let step: Int
    let column: (Column) -> [Fr]

    func evaluate(_ e: Expression) -> [Fr] {
        switch e {
        case .constant(let c): return [Fr](repeating: c, count: size)
        case .query(let c, let r): return rotated(column(c), by: r)
        case .negated(let a): return evaluate(a).map { -$0 }
        case .sum(let a, let b): return zip(evaluate(a), evaluate(b)).map { $0 + $1 }
        case .product(let a, .constant(let c)), .product(.constant(let c), let a): return evaluate(a).map { $0 * c }
        case .product(let a, let b): return zip(evaluate(a), evaluate(b)).map { $0 * $1 }
        }
    }

    /// `out[i] = values[(i + r·step) mod size]`.
    func rotated(_ values: [Fr], by rotation: Int) -> [Fr] {
        if rotation == 0 { return values }
        let shift = ((rotation * step) % size + size) % size
        return Array(values[shift...] + values[..<shift])
    }

    /// `Σ θ^(m−1−i)·eᵢ` (Horner), the compression of a lookup tuple.
    func compress(_ expressions: [Expression], theta: Fr) -> [Fr] {
        var acc = [Fr](repeating: .zero, count: size)
        for e in expressions {
            let v = evaluate(e)
            for i in 0..<size { acc[i] = acc[i] * theta + v[i] }
        }
        return acc
    }
}
