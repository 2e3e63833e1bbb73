/// Why an AIR, a trace or a lookup assignment is unusable.
public enum AIRError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The AIR description itself is inconsistent (e.g. a lookup reads an extension value).
    case invalidAIR(table: String, reason: String)
    /// A trace has the wrong shape.
    case traceShape(table: String, field: String, expected: Int, got: Int)
    /// Constraint `constraint` (in emission order) is non-zero at row `row`.
    case constraintViolated(table: String, constraint: Int, row: Int)
    /// A LogUp denominator `α − φ(values)` vanished (probability ≈ rows/|𝔽ₚ⁴|; retry with
    /// another transcript or trace).
    case lookupDenominatorZero(table: String, row: Int)
    /// The LogUp sums of all tables do not add up to zero: some looked-up tuple is missing or a
    /// multiplicity is wrong.
    case lookupsUnbalanced

    public var description: String {
        switch self {
        case let .invalidAIR(table, reason): "AIR \(table) is invalid: \(reason)"
        case let .traceShape(table, field, expected, got): "trace of \(table): \(field) is \(got), expected \(expected)"
        case let .constraintViolated(table, constraint, row):
            "trace of \(table) violates constraint \(constraint) at row \(row); fix the trace generator"
        case let .lookupDenominatorZero(table, row): "LogUp denominator vanished in \(table) at row \(row)"
        case .lookupsUnbalanced: "LogUp lookups do not balance across tables: a looked-up value is missing or a multiplicity is wrong"
        }
    }
}
