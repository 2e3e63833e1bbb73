/// A named custom gate: every polynomial must vanish on every row of the table (usually
/// multiplied by a selector so it only binds where the selector is 1).
public struct Gate: Sendable, Hashable {
    public let name: String
    public let polynomials: [Expression]
}
