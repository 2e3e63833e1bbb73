import SproutCoreBN254

/// The 80-bit Grain LFSR with which the Poseidon authors' reference script
/// (`generate_parameters_grain.sage`, Grassi et al., "Poseidon", USENIX Security 2021,
/// appendix F) derives round constants and the MDS matrix. circomlib's and go-iden3-crypto's
/// BN254 Poseidon constants come from that script with field 1 (prime), S-box 0 (x^α), n = 254.
struct GrainLFSR {
    private var bits: [UInt8]

    /// Seeds the register with the parameter set and discards the first 160 output bits.
    init(stateWidth t: Int, fullRounds: Int, partialRounds: Int, fieldBits n: Int = 254) {
        bits = []
        func append(_ value: Int, width: Int) {
            for i in stride(from: width - 1, through: 0, by: -1) { bits.append(UInt8((value >> i) & 1)) }
        }
        append(1, width: 2)  // a prime field
        append(0, width: 4)  // S-box x^α
        append(n, width: 12)
        append(t, width: 12)
        append(fullRounds, width: 10)
        append(partialRounds, width: 10)
        bits += [UInt8](repeating: 1, count: 30)
        for _ in 0..<160 { _ = step() }
    }

    private mutating func step() -> UInt8 {
        let new = bits[62] ^ bits[51] ^ bits[38] ^ bits[23] ^ bits[13] ^ bits[0]
        bits.removeFirst()
        bits.append(new)
        return new
    }

    /// The shrinking generator: of each pair of register bits, the second is output when the
    /// first is 1 and dropped otherwise.
    private mutating func nextBit() -> UInt8 {
        while true {
            if step() == 1 { return step() }
            _ = step()
        }
    }

    /// `n` output bits as a big-endian integer, in 32 big-endian bytes (n ≤ 256).
    mutating func integer(bits n: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<n {
            let position = 256 - n + i
            out[position / 8] |= nextBit() << (7 - UInt8(position % 8))
        }
        return out
    }

    /// A field element as the script's round constants: `n`-bit integers, those ≥ r rejected.
    mutating func roundConstant() -> Fr {
        while true {
            if let value = Fr(bigEndianBytes: integer(bits: 254)) { return value }
        }
    }

    /// A field element as the script's MDS points: an `n`-bit integer reduced mod r.
    mutating func reducedElement() -> Fr {
        Fr(reducingLittleEndianBytes: integer(bits: 254).reversed())!
    }
}
