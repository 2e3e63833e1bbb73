extension ConstraintSystem {
    /// The first part of `other` that differs from this constraint system, named, or `nil`.
    func mismatch(with other: ConstraintSystem) -> String? {
        if (numFixed, numAdvice, numInstance) != (other.numFixed, other.numAdvice, other.numInstance) {
            return "columns (fixed, advice, instance) = (\(numFixed), \(numAdvice), \(numInstance)), the circuit has (\(other.numFixed), \(other.numAdvice), \(other.numInstance))"
        }
        if selectors != other.selectors { return "selectors differ" }
        if gates.map(\.name) != other.gates.map(\.name) { return "gates \(gates.map(\.name)), the circuit has \(other.gates.map(\.name))" }
        if let g = gates.indices.first(where: { gates[$0] != other.gates[$0] }) { return "gate '\(gates[g].name)' differs" }
        if permutationColumns != other.permutationColumns { return "equality-enabled columns differ" }
        if lookups.map(\.name) != other.lookups.map(\.name) { return "lookups \(lookups.map(\.name)), the circuit has \(other.lookups.map(\.name))" }
        if let l = lookups.indices.first(where: { lookups[$0] != other.lookups[$0] }) { return "lookup '\(lookups[l].name)' differs" }
        return nil
    }
}
