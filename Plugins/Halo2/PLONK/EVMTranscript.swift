import SproutCoreBN254
import SproutCoreHash

/// Keccak-256 Fiat–Shamir transcript with the semantics of snark-verifier's `EvmTranscript`,
/// so that a Solidity/Yul verifier can replay it with the `KECCAK256` opcode:
///
/// - a point is absorbed as `x ‖ y`, 32-byte big-endian each (`(0, 0)` for infinity);
/// - a scalar is absorbed as 32 bytes big-endian;
/// - a challenge is `keccak(buffer)` (with one `0x01` byte appended when the buffer is exactly
///   one previous hash, so consecutive challenges differ), read big-endian and reduced mod r;
///   the hash then replaces the buffer.
///
/// The proof is the concatenation of everything the prover writes, in the same encoding.
public struct EVMTranscript: Sendable {
    var buffer: [UInt8] = []

    public init() {}

    public mutating func absorb(_ p: G1Affine) {
        buffer += BN254Encoding.encode(p)
    }

    public mutating func absorb(_ s: Fr) {
        buffer += s.bigEndianBytes
    }

    public mutating func challenge() -> Fr {
        if buffer.count == 32 { buffer.append(1) }
        let hash = Keccak256.hash(buffer)
        buffer = hash
        return Fr(reducingLittleEndianBytes: hash.reversed())!
    }
}

extension EVMTranscript {
    /// Prover side: appends `p` to the proof and absorbs it.
    mutating func write(_ p: G1Affine, to proof: inout [UInt8]) {
        proof += BN254Encoding.encode(p)
        absorb(p)
    }

    mutating func write(_ s: Fr, to proof: inout [UInt8]) {
        proof += s.bigEndianBytes
        absorb(s)
    }

    /// Verifier side: reads a point from the proof (validated on the curve) and absorbs it.
    mutating func readPoint(_ r: inout ByteReader, _ what: String) throws(Halo2Error) -> G1Affine {
        let p = try r.point(what)
        absorb(p)
        return p
    }

    mutating func readScalar(_ r: inout ByteReader, _ what: String) throws(Halo2Error) -> Fr {
        let s = try r.scalar(what)
        absorb(s)
        return s
    }
}
