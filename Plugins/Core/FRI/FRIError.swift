import SproutCoreMerkle

/// Why FRI proving or verification failed.
public enum FRIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration is unusable (see ``FRIConfig/isValid``) or does not fit the domain.
    case invalidConfiguration(String)
    /// The prover's input is not of degree below `2^(logDomainSize − logBlowup)`.
    case inputNotLowDegree
    /// The proof was made with another folding arity than the configuration's (`log₂` values).
    case foldingArityMismatch(expected: Int, got: Int)
    /// The proof's shape differs from what the configuration implies.
    case shapeMismatch(field: String, expected: Int, got: Int)
    /// A layer's Merkle opening does not verify.
    case merkle(round: Int, MerkleVerificationError)
    /// A folded value does not match the next layer's opened value.
    case foldingMismatch(query: Int, round: Int)
    /// The last folded value does not match the final polynomial.
    case finalPolynomialMismatch(query: Int)
    /// The proof-of-work witness does not pass.
    case proofOfWorkFailed

    public var description: String {
        switch self {
        case let .invalidConfiguration(reason): "invalid FRI configuration: \(reason)"
        case .inputNotLowDegree: "FRI input is not a low-degree polynomial for this blowup; the prover refuses"
        case let .foldingArityMismatch(expected, got): "FRI proof has folding arity \(1 << got), the parameters say \(1 << expected)"
        case let .shapeMismatch(field, expected, got): "FRI proof \(field) is \(got), expected \(expected)"
        case let .merkle(round, error): "FRI layer \(round): \(error)"
        case let .foldingMismatch(query, round): "FRI query \(query): folding is inconsistent at round \(round)"
        case let .finalPolynomialMismatch(query): "FRI query \(query): final polynomial does not match"
        case .proofOfWorkFailed: "FRI proof-of-work witness is invalid"
        }
    }
}
