import SproutCoreBN254

/// Bounds-checked reader for proofs and keys: every read either succeeds or throws
/// ``Halo2Error/malformed(_:)``, so hostile bytes never trap.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int, _ what: String) throws(Halo2Error) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw .malformed("truncated at byte \(offset) reading \(what)") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8(_ what: String) throws(Halo2Error) -> UInt8 { try take(1, what).first! }

    mutating func u32(_ what: String) throws(Halo2Error) -> UInt32 {
        try take(4, what).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A count, refused above `limit` so a hostile length cannot make us allocate.
    mutating func count(_ what: String, limit: Int) throws(Halo2Error) -> Int {
        let n = Int(try u32(what))
        guard n <= limit else { throw .malformed("\(what) = \(n) exceeds \(limit)") }
        return n
    }

    mutating func scalar(_ what: String) throws(Halo2Error) -> Fr {
        let at = offset
        guard let s = Fr(bigEndianBytes: try take(32, what)) else { throw .malformed("\(what) at byte \(at) is not below r") }
        return s
    }

    mutating func point(_ what: String) throws(Halo2Error) -> G1Affine {
        let at = offset
        do { return try BN254Encoding.decodeG1(try take(64, what), offset: at) } catch {
            throw .malformed("\(what) at byte \(at): \(error)")
        }
    }

    mutating func string(_ what: String) throws(Halo2Error) -> String {
        let n = try count(what, limit: 1 << 12)
        guard let s = String(validating: try take(n, what), as: UTF8.self) else { throw .malformed("\(what) is not UTF-8") }
        return s
    }
}

/// The writer side of ``ByteReader``'s encoding (big-endian integers).
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func count(_ v: Int) { u32(UInt32(v)) }
    mutating func scalar(_ s: Fr) { bytes += s.bigEndianBytes }
    mutating func point(_ p: G1Affine) { bytes += BN254Encoding.encode(p) }
    mutating func string(_ s: String) { count(s.utf8.count); bytes += Array(s.utf8) }
}
