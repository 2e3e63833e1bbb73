import SproutCoreField
import SproutCoreHash

/// Reads the encoding written by ``ProofWriter``, rejecting truncated or non-canonical input
/// with a ``ProofDecodingError`` (never a trap).
///
/// Threading: a value type owned by one decoder.
public struct ProofReader: Sendable {
    public let bytes: [UInt8]
    /// The offset of the next unread byte.
    public private(set) var offset: Int = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    private func require(_ count: Int) throws(ProofDecodingError) {
        if remaining < count { throw .truncated(offset: offset, needed: count - remaining) }
    }

    public mutating func readByte() throws(ProofDecodingError) -> UInt8 {
        try require(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func readBytes(_ count: Int) throws(ProofDecodingError) -> [UInt8] {
        try require(count)
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    public mutating func readUInt32() throws(ProofDecodingError) -> UInt32 {
        try require(4)
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[offset + i]) << UInt32(8 * i) }
        offset += 4
        return value
    }

    public mutating func readUInt64() throws(ProofDecodingError) -> UInt64 {
        try require(8)
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        offset += 8
        return value
    }

    /// Minimal unsigned LEB128 of at most 10 bytes; rejects over-long and non-minimal forms.
    public mutating func readVarint() throws(ProofDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            let payload = UInt64(byte & 0x7F)
            if shift == 63 && payload > 1 { throw .malformedVarint(offset: start) }
            value |= payload << shift
            if byte & 0x80 == 0 {
                // Non-minimal: a final zero byte after at least one continuation byte.
                if byte == 0 && offset - start > 1 { throw .malformedVarint(offset: start) }
                return value
            }
            shift += 7
            if shift > 63 { throw .malformedVarint(offset: start) }
        }
    }

    /// A varint that must be `≤ limit`, returned as `Int`.
    public mutating func readCount(_ field: String, limit: Int) throws(ProofDecodingError) -> Int {
        let start = offset
        let value = try readVarint()
        if value > UInt64(limit) { throw .valueOutOfRange(offset: start, field: field, value: value, limit: UInt64(limit)) }
        return Int(value)
    }

    public mutating func readBabyBear() throws(ProofDecodingError) -> BabyBear {
        let start = offset
        let value = try readUInt32()
        if value >= BabyBear.modulus { throw .nonCanonicalFieldElement(offset: start, value: value) }
        return BabyBear(value)
    }

    public mutating func readBabyBearExt4() throws(ProofDecodingError) -> BabyBearExt4 {
        BabyBearExt4(try readBabyBear(), try readBabyBear(), try readBabyBear(), try readBabyBear())
    }

    public mutating func readDigest() throws(ProofDecodingError) -> Poseidon2Digest {
        Poseidon2Digest(
            try readBabyBear(), try readBabyBear(), try readBabyBear(), try readBabyBear(),
            try readBabyBear(), try readBabyBear(), try readBabyBear(), try readBabyBear())
    }

    /// Throws unless every byte was consumed.
    public func finish() throws(ProofDecodingError) {
        if remaining != 0 { throw .trailingBytes(offset: offset, count: remaining) }
    }
}
