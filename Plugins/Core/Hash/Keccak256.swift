/// Keccak-256 as used by Ethereum: Keccak-f[1600] with rate 1088 bits (136 bytes), capacity 512,
/// and the original Keccak padding `0x01 … 0x80` (not FIPS 202 SHA3-256, which pads `0x06`).
///
/// Threading: a value type; the static functions are pure.
/// Complexity: one 24-round permutation per 136-byte block.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation.
    public static let rate = 136

    private var lanes = [UInt64](repeating: 0, count: 25)
    private var buffer: [UInt8] = []

    public init() {
        buffer.reserveCapacity(Self.rate)
    }

    /// Absorbs `data`.
    public mutating func update(_ data: [UInt8]) {
        var offset = 0
        if !buffer.isEmpty {
            let take = min(Self.rate - buffer.count, data.count)
            buffer.append(contentsOf: data[0..<take])
            offset = take
            if buffer.count == Self.rate {
                HashKernels.keccakAbsorb(&lanes, bytes: buffer, offset: 0)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while data.count - offset >= Self.rate {
            HashKernels.keccakAbsorb(&lanes, bytes: data, offset: offset)
            offset += Self.rate
        }
        buffer.append(contentsOf: data[offset...])
    }

    /// Pads with `0x01 … 0x80` and squeezes the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        var block = buffer
        block.append(contentsOf: repeatElement(0, count: Self.rate - block.count))
        block[buffer.count] ^= 0x01
        block[Self.rate - 1] ^= 0x80
        HashKernels.keccakAbsorb(&lanes, bytes: block, offset: 0)
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for lane in lanes[0..<4] {
            for shift in stride(from: 0, to: 64, by: 8) { digest.append(UInt8(truncatingIfNeeded: lane >> UInt64(shift))) }
        }
        return digest
    }

    /// `Keccak-256(data)` as 32 bytes.
    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Applies Keccak-f[1600] to 25 lanes (`lanes[x + 5y]`, little-endian lane convention).
    /// Precondition: `lanes.count == 25`.
    public static func permute(_ lanes: inout [UInt64]) {
        precondition(lanes.count == 25, "Keccak-f[1600] acts on 25 lanes")
        HashKernels.keccakF1600(&lanes)
    }
}
