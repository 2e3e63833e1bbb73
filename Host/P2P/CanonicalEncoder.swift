import Crypto

/// The byte string signed for tasks and task states: a domain tag, then each field in a fixed
/// order, integers as 8-byte big-endian and byte strings as a uvarint length and the bytes.
/// Unambiguous (no two field lists encode alike) and independent of any JSON formatting, so
/// a signature survives re-encoding by peers in other languages.
struct CanonicalEncoder {
    private(set) var bytes: [UInt8]

    init(domain: String) {
        bytes = []
        field(Array(domain.utf8))
    }

    mutating func u64(_ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    mutating func field(_ b: [UInt8]) {
        Varint.append(UInt64(b.count), to: &bytes)
        bytes += b
    }

    mutating func string(_ s: String) { field(Array(s.utf8)) }

    /// SHA-256 over the count and each item length-prefixed: the digest a task's inputs are
    /// bound by.
    static func digest(of items: [String]) -> [UInt8] {
        var e = CanonicalEncoder(domain: "sprout/inputs/v1")
        e.u64(UInt64(items.count))
        for i in items { e.string(i) }
        return Array(SHA256.hash(data: e.bytes))
    }
}
