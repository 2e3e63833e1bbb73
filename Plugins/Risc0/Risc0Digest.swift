import SproutCoreHash

/// Digest helpers of RISC Zero 0.20 (`risc0/binfmt/src/hash.rs`, risc0-guest-abi.md §11).
public enum Risc0Digest {
    /// `SHA256(SHA256(tag) ‖ d₁ ‖ … ‖ d_k ‖ LE32(w₁) ‖ … ‖ LE32(w_m) ‖ LE16(k))`.
    public static func taggedStruct(_ tag: String, digests: [[UInt8]], words: [UInt32]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(SHA256.hash(Array(tag.utf8)))
        for digest in digests { hasher.update(digest) }
        for word in words { hasher.update(littleEndian(word)) }
        hasher.update([UInt8(truncatingIfNeeded: digests.count), UInt8(truncatingIfNeeded: digests.count >> 8)])
        return hasher.finalize()
    }

    /// The digest as risc0 prints it: the 32 bytes read as eight little-endian words.
    public static func words(_ digest: [UInt8]) -> [UInt32] {
        var words = [UInt32](repeating: 0, count: 8)
        for i in 0..<8 {
            let b0 = UInt32(digest[4 * i]), b1 = UInt32(digest[4 * i + 1]) << 8
            let b2 = UInt32(digest[4 * i + 2]) << 16, b3 = UInt32(digest[4 * i + 3]) << 24
            words[i] = b0 | b1 | b2 | b3
        }
        return words
    }

    /// Inverse of ``words(_:)``.
    public static func bytes(words: [UInt32]) -> [UInt8] { words.flatMap(littleEndian) }

    static func bytes(bigEndianWords state: [UInt32]) -> [UInt8] {
        state.flatMap { [UInt8(truncatingIfNeeded: $0 >> 24), UInt8(truncatingIfNeeded: $0 >> 16), UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }

    static func littleEndian(_ word: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 24)]
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
