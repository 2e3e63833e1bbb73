public import SproutCoreBN254

/// Why KZG parameters failed to load or an opening failed to verify. Loaders and verifiers
/// never trap on hostile bytes; shape errors carry what was expected and what was found.
public enum KZGError: Error, Equatable, Sendable {
    /// The parameter file's length does not match any supported layout for its `k`.
    case wrongLength(expected: Int, got: Int)
    /// `k` is outside the supported range `0...maxK`.
    case unsupportedK(k: UInt32, maxK: UInt32)
    /// A point in the parameter file did not decode (with the byte offset in the file).
    case invalidPoint(offset: Int, reason: BN254EncodingError)
    /// The parameters are not powers of one secret (`e(g₁, H) ≠ e(g₀, sH)` etc.).
    case inconsistentParameters(String)
    /// A `.ptau` (Powers of Tau) file's container or header is malformed or for another curve.
    case malformedPowersOfTau(String)
    /// The SRS file holds fewer powers of τ than the circuit's `2ᵏ` rows need.
    case notEnoughPowers(available: Int, needed: Int)
    /// A polynomial has more coefficients than the parameters support.
    case polynomialTooLarge(coefficients: Int, maximum: Int)
    /// A query names a polynomial or commitment that does not exist.
    case polynomialIndexOutOfRange(index: Int, count: Int)
    /// The opening has a different number of witnesses than distinct query points.
    case wrongWitnessCount(expected: Int, got: Int)
    /// The pairing equation does not hold: the opening is invalid.
    case pairingCheckFailed
}
