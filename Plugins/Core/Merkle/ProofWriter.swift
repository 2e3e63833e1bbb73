import SproutCoreField
import SproutCoreHash

/// Appends the canonical binary encoding of proof parts to a byte array.
///
/// Encoding rules (shared with ``ProofReader``): fixed-width integers little-endian; field
/// elements as their canonical value `< p` in 4 bytes little-endian; extension elements as their
/// four coefficients; digests as eight field elements; counts as minimal unsigned LEB128.
/// The encoding is deterministic: one value has exactly one encoding.
public struct ProofWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func writeByte(_ value: UInt8) { bytes.append(value) }

    public mutating func writeBytes(_ values: [UInt8]) { bytes.append(contentsOf: values) }

    public mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    public mutating func writeUInt64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Minimal unsigned LEB128.
    public mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func writeVarint(_ value: Int) {
        precondition(value >= 0, "counts are non-negative")
        writeVarint(UInt64(value))
    }

    public mutating func write(_ element: BabyBear) { writeUInt32(element.value) }

    public mutating func write(_ element: BabyBearExt4) {
        write(element.c0); write(element.c1); write(element.c2); write(element.c3)
    }

    public mutating func write(_ digest: Poseidon2Digest) {
        for e in digest.elements { write(e) }
    }
}
