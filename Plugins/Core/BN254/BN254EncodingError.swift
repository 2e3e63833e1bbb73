/// Why bytes did not decode to a BN254 point or precompile input. Decoders never trap on
/// hostile bytes; each failure carries what was expected and what was found.
public enum BN254EncodingError: Error, Equatable, Sendable {
    /// The input has the wrong length.
    case wrongLength(expected: Int, got: Int)
    /// A 32-byte coordinate at `offset` is not below the field modulus q.
    case coordinateOutOfRange(offset: Int)
    /// The coordinates do not satisfy the curve equation (point starting at `offset`).
    case notOnCurve(offset: Int)
    /// A G2 point at `offset` is on the twist but not in the order-r subgroup.
    case notInSubgroup(offset: Int)
    /// A compressed point at `offset` has no y with the requested x.
    case notDecompressible(offset: Int)
    /// A length prefix or header field holds an unsupported value.
    case unsupportedHeader(field: String, value: UInt64)
}
