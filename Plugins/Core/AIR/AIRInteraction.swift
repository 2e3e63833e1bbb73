/// One LogUp lookup term of a table: on every row, the tuple `values` is sent to (multiplicity
/// `m`) or received from (multiplicity `−m`) the bus `bus`.
///
/// Maths: with challenges `α, γ ∈ 𝔽ₚ⁴` drawn after the main traces are committed, a row
/// contributes the fraction `±m / (α − φ(values))`, where the fingerprint is
/// `φ(v₀…v_{k−1}) = bus + Σⱼ γʲ⁺¹·vⱼ`. Summed over every row of every table, the fractions
/// cancel (the total is 0) exactly when, for each bus, the multiset of sent tuples weighted by
/// multiplicity equals the received one; otherwise the sum of rational functions in `α` is
/// non-zero and vanishes at a random `α` with probability at most (total rows · terms)/|𝔽ₚ⁴|.
///
/// Multiplicities are field elements, so the argument counts modulo `p`: it is sound when the
/// total number of lookups of any one tuple stays below `p` (≈ 2³¹), which any trace of at most
/// 2²⁶ rows and a few interactions per row satisfies.
///
/// Range checks: a table sends each value to bus `b`; a fixed table of `0…2ᵏ−1` receives with a
/// multiplicity column counting how often each entry is used. Permutations and memory checking
/// are the special case where both sides use multiplicity 1 (or a flag).
public struct AIRInteraction: Hashable, Sendable {
    /// The bus identifier (a small integer chosen by the AIRs that talk on it).
    public var bus: Int
    /// The tuple, as base-field expressions of the row.
    public var values: [AIRExpression]
    /// The multiplicity, a base-field expression of the row.
    public var multiplicity: AIRExpression
    /// `true` for a send (`+m`), `false` for a receive (`−m`).
    public var isSend: Bool

    public init(bus: Int, values: [AIRExpression], multiplicity: AIRExpression, isSend: Bool) {
        self.bus = bus
        self.values = values
        self.multiplicity = multiplicity
        self.isSend = isSend
    }

    /// The signed multiplicity `±m`.
    public var signedMultiplicity: AIRExpression { isSend ? multiplicity : -multiplicity }
}
