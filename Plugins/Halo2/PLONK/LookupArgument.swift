/// A named lookup: on every usable row the tuple `inputs` must equal the tuple `tables` on some
/// usable row (halo2's permuted-column lookup argument, compressed with the challenge θ).
public struct LookupArgument: Sendable, Hashable {
    public let name: String
    public let inputs: [Expression]
    public let tables: [Expression]

    /// `max(4, 2 + deg(input) + deg(table))`: the degree of the lookup's product constraint
    /// `(1 − l_last − l_blind)·(Z(ωX)(A′+β)(S′+γ) − Z(X)(A+β)(S+γ))`.
    var requiredDegree: Int {
        let input = inputs.map(\.degree).max() ?? 1
        let table = tables.map(\.degree).max() ?? 1
        return max(4, 2 + max(1, input) + max(1, table))
    }
}
