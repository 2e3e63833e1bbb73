/// Errors from circuit synthesis, proving, verification and (de)serialization. Verification
/// failures and malformed bytes are errors, never traps.
public enum Halo2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// A cell was assigned outside the `usable` rows (the rest are blinding rows).
    case rowOutOfRange(column: Column, row: Int, usable: Int)
    case columnNotInPermutation(Column)
    case unknownColumn(Column)
    case wrongInstanceCount(expected: Int, got: Int)
    case tooManyInstanceValues(column: Int, count: Int, usable: Int)
    /// `k` is outside what the parameters or the FFT support.
    case unsupportedK(Int)
    case paramsTooSmall(needed: Int, available: Int)
    /// The witness does not satisfy the circuit (found by the prover's own check).
    case unsatisfied([ConstraintFailure])
    case malformed(String)
    case verificationFailed(String)
    case synthesis(String)

    public var description: String {
        switch self {
        case .rowOutOfRange(let c, let row, let usable): "\(c): row \(row) is outside the \(usable) usable rows"
        case .columnNotInPermutation(let c): "\(c) is not equality-enabled"
        case .unknownColumn(let c): "\(c) does not exist in the constraint system"
        case .wrongInstanceCount(let e, let g): "expected \(e) instance columns, got \(g)"
        case .tooManyInstanceValues(let c, let n, let u): "instance column \(c) has \(n) values, only \(u) usable rows"
        case .unsupportedK(let k): "unsupported k = \(k)"
        case .paramsTooSmall(let need, let have): "parameters have \(have) points, \(need) needed"
        case .unsatisfied(let f): "circuit not satisfied: " + f.prefix(5).map(\.description).joined(separator: "; ")
        case .malformed(let m): "malformed input: \(m)"
        case .verificationFailed(let m): "proof rejected: \(m)"
        case .synthesis(let m): "synthesis failed: \(m)"
        }
    }
}
