/// One violated constraint found by ``MockProver``: which gate, lookup or copy, and where.
public enum ConstraintFailure: Sendable, Equatable, CustomStringConvertible {
    /// Polynomial `index` of gate `gate` is non-zero on `row`.
    case gate(gate: String, index: Int, row: Int)
    /// The input tuple of lookup `lookup` on `row` is not in its table.
    case lookup(lookup: String, row: Int)
    /// Two cells joined by an equality constraint hold different values.
    case copy(Column, Int, Column, Int)

    public var description: String {
        switch self {
        case .gate(let g, let i, let row): "gate '\(g)' polynomial \(i) is not satisfied at row \(row)"
        case .lookup(let l, let row): "lookup '\(l)' input at row \(row) is not in the table"
        case .copy(let a, let ra, let b, let rb): "equality \(a)@\(ra) = \(b)@\(rb) does not hold"
        }
    }
}
