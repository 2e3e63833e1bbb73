/// Why a byte string is not a well-formed proof encoding. Decoders return these instead of
/// trapping; each case names the byte offset where the problem was found.
public enum ProofDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended at `offset` while `needed` more bytes were expected.
    case truncated(offset: Int, needed: Int)
    /// The leading magic tag is not the expected one.
    case wrongMagic(expected: [UInt8], got: [UInt8])
    /// The format version is unknown to this decoder.
    case unsupportedVersion(expected: UInt8, got: UInt8)
    /// A 4-byte field element is `≥ p` (only canonical encodings are accepted).
    case nonCanonicalFieldElement(offset: Int, value: UInt32)
    /// A variable-length integer is over-long, not minimally encoded, or too large.
    case malformedVarint(offset: Int)
    /// A count or size lies outside what the structure allows.
    case valueOutOfRange(offset: Int, field: String, value: UInt64, limit: UInt64)
    /// A structural rule is broken (e.g. indices not strictly increasing).
    case invalidStructure(offset: Int, reason: String)
    /// Decoding finished with bytes left over.
    case trailingBytes(offset: Int, count: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed):
            "proof truncated at byte \(offset): \(needed) more byte(s) expected"
        case let .wrongMagic(expected, got):
            "not a proof of this kind: magic \(got) instead of \(expected)"
        case let .unsupportedVersion(expected, got):
            "unsupported proof format version \(got) (this build reads version \(expected))"
        case let .nonCanonicalFieldElement(offset, value):
            "field element at byte \(offset) is \(value), not below the modulus"
        case let .malformedVarint(offset):
            "malformed variable-length integer at byte \(offset)"
        case let .valueOutOfRange(offset, field, value, limit):
            "\(field) at byte \(offset) is \(value), above the limit \(limit)"
        case let .invalidStructure(offset, reason):
            "invalid proof structure at byte \(offset): \(reason)"
        case let .trailingBytes(offset, count):
            "\(count) unexpected byte(s) after the proof at byte \(offset)"
        }
    }
}
