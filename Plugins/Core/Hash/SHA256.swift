/// SHA-256 (FIPS 180-4), with the raw compression function exposed.
///
/// Use ``hash(_:)`` for a one-shot digest, or an instance to absorb data incrementally
/// (``update(_:)`` then ``finalize()``). ``compress(_:block:)`` applies the compression function
/// `state ← state + F(state, block)` to a caller-held 8-word state; RISC Zero's SHA-256 accelerator
/// semantics are exactly this function on a state of eight big-endian words.
///
/// Threading: a value type; instances are not shared, the static functions are pure.
/// Complexity: one compression (64 rounds) per 64-byte block.
public struct SHA256: Sendable {
    /// The chaining state `H₀…H₇` (FIPS 180-4 §5.3.3 initial value before any block).
    public static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// The 64 round constants `K₀…K₆₃` (FIPS 180-4 §4.2.2).
    @usableFromInline static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private var state: [UInt32] = SHA256.initialState
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() {
        buffer.reserveCapacity(64)
    }

    /// Applies the SHA-256 compression function to `state` (eight words, `H₀…H₇`) with one
    /// 512-bit `block` given as sixteen big-endian words `M₀…M₁₅`:
    /// `state ← state + F(state, M)` (word-wise addition mod 2³²).
    /// Preconditions: `state.count == 8`, `block.count == 16`.
    public static func compress(_ state: inout [UInt32], block: [UInt32]) {
        precondition(state.count == 8 && block.count == 16, "SHA-256 compresses 8 state words with 16 block words")
        HashKernels.sha256Compress(&state, words: block)
    }

    /// Compression with the block given as 64 bytes (read as big-endian words).
    /// Preconditions: `state.count == 8`, `block.count == 64`.
    public static func compress(_ state: inout [UInt32], bytes block: some Collection<UInt8>) {
        precondition(state.count == 8 && block.count == 64, "SHA-256 compresses 8 state words with a 64-byte block")
        HashKernels.sha256Compress(&state, bytes: Array(block), offset: 0)
    }

    /// Absorbs `data`.
    public mutating func update(_ data: some Sequence<UInt8>) {
        for byte in data {
            buffer.append(byte)
            if buffer.count == 64 {
                HashKernels.sha256Compress(&state, bytes: buffer, offset: 0)
                buffer.removeAll(keepingCapacity: true)
            }
            length &+= 1  // a message of 2⁶⁴ bytes is out of reach; wrap matches the spec's mod 2⁶⁴ length
        }
    }

    /// Absorbs a contiguous byte array, compressing whole blocks straight from it.
    public mutating func update(_ data: [UInt8]) {
        var offset = 0
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, data.count)
            buffer.append(contentsOf: data[0..<take])
            offset = take
            if buffer.count == 64 {
                HashKernels.sha256Compress(&state, bytes: buffer, offset: 0)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while data.count - offset >= 64 {
            HashKernels.sha256Compress(&state, bytes: data, offset: offset)
            offset += 64
        }
        buffer.append(contentsOf: data[offset...])
        length &+= UInt64(data.count)  // mod 2⁶⁴ as the spec's length field
    }

    /// Pads (FIPS 180-4 §5.1.1) and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = length &* 8  // the spec defines the length field mod 2⁶⁴
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var offset = 0
        while offset < tail.count {
            HashKernels.sha256Compress(&state, bytes: tail, offset: offset)
            offset += 64
        }
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// `SHA-256(data)` as 32 bytes.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }
}
