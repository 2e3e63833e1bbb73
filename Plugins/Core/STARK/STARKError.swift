import SproutCoreAIR
import SproutCoreFRI
import SproutCoreMerkle

/// Why proving or verification failed. Verification never traps: every malformed or dishonest
/// proof ends in one of these.
public enum STARKError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The AIR, a trace or the lookups are unusable (the prover refuses).
    case air(AIRError)
    /// The parameters do not fit the tables (degree, height, FRI rounds).
    case invalidConfiguration(String)
    /// The statement (number of tables, public values) does not match the key.
    case statementMismatch(field: String, expected: Int, got: Int)
    /// The proof's shape differs from what the key and statement imply.
    case shapeMismatch(field: String, expected: Int, got: Int)
    /// A Merkle opening of a committed trace does not verify.
    case merkle(table: Int, commitment: String, MerkleVerificationError)
    /// The FRI proof does not verify.
    case fri(FRIError)
    /// The constraints at the out-of-domain point `z` do not equal `Z_H(z)·Q(z)` for table `table`.
    case outOfDomainMismatch(table: Int)
    /// The LogUp sums of all tables do not add up to zero.
    case lookupSumNotZero
    /// The DEEP combination of the openings at query `query` differs from FRI's first layer.
    case deepMismatch(query: Int)
    /// A challenge fell on a degenerate value (probability ≈ 2⁻⁹⁰).
    case degenerateChallenge

    public var description: String {
        switch self {
        case let .air(error): error.description
        case let .invalidConfiguration(reason): "invalid STARK configuration: \(reason)"
        case let .statementMismatch(field, expected, got): "statement \(field) is \(got), expected \(expected)"
        case let .shapeMismatch(field, expected, got): "STARK proof \(field) is \(got), expected \(expected)"
        case let .merkle(table, commitment, error): "table \(table) \(commitment) opening: \(error)"
        case let .fri(error): error.description
        case let .outOfDomainMismatch(table): "table \(table): constraints do not match the quotient at the out-of-domain point"
        case .lookupSumNotZero: "LogUp sums do not add up to zero across tables"
        case let .deepMismatch(query): "query \(query): trace openings do not match the FRI input"
        case .degenerateChallenge: "a Fiat–Shamir challenge was degenerate"
        }
    }
}
