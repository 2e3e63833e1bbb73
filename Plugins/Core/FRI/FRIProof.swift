import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle

/// A FRI proof: the folding arity it was made with, one commitment and one batched opening per
/// folding round, the final polynomial's coefficients, and the proof-of-work witness.
///
/// For arity `k = 2^logFoldingArity`, layer `r` is committed as a Merkle tree whose row `i` holds
/// the `k` extension elements (`4k` base elements) at positions `k·i ..< k·i + k` of the layer in
/// bit-reversed order: the values on one coset `xᵢ·μ_k` (for `k = 2`, the pair `f_r(±xᵢ)`).
public struct FRIProof: Equatable, Sendable {
    /// `log₂` of the folding arity; the verifier rejects a proof whose arity differs from its
    /// configuration's before reading anything else.
    public var logFoldingArity: Int
    public var commitments: [Poseidon2Digest]
    public var openings: [MerkleOpening]
    public var finalPolynomial: [BabyBearExt4]
    public var proofOfWorkWitness: BabyBear

    public init(logFoldingArity: Int = 1, commitments: [Poseidon2Digest], openings: [MerkleOpening], finalPolynomial: [BabyBearExt4], proofOfWorkWitness: BabyBear) {
        self.logFoldingArity = logFoldingArity
        self.commitments = commitments
        self.openings = openings
        self.finalPolynomial = finalPolynomial
        self.proofOfWorkWitness = proofOfWorkWitness
    }

    /// Magic tag "SFR" (Sprout FRI).
    public static let magic: [UInt8] = [0x53, 0x46, 0x52]
    /// Version 2 added the folding arity byte (version 1 was arity 2 only).
    public static let formatVersion: UInt8 = 2

    /// Deterministic encoding, version 2: `"SFR" ‖ version ‖ logFoldingArity:u8 ‖ rounds:varint ‖
    /// commitments ‖ openings (bodies) ‖ final length:varint ‖ coefficients ‖ witness`.
    public func encoded() -> [UInt8] {
        var writer = ProofWriter()
        writer.writeBytes(Self.magic)
        writer.writeByte(Self.formatVersion)
        encode(into: &writer)
        return writer.bytes
    }

    /// Appends the version-2 body (everything after magic and version) to `writer`, for
    /// embedding in a larger proof.
    public func encode(into writer: inout ProofWriter) {
        precondition((1...4).contains(logFoldingArity))
        writer.writeByte(UInt8(logFoldingArity))
        writer.writeVarint(commitments.count)
        for c in commitments { writer.write(c) }
        precondition(openings.count == commitments.count)
        for o in openings { o.encode(into: &writer, standalone: false) }
        writer.writeVarint(finalPolynomial.count)
        for c in finalPolynomial { writer.write(c) }
        writer.write(proofOfWorkWitness)
    }

    /// Decodes a version-2 encoding; malformed, truncated or over-long input throws.
    public init(decoding bytes: [UInt8]) throws(ProofDecodingError) {
        var reader = ProofReader(bytes)
        let magic = try reader.readBytes(Self.magic.count)
        if magic != Self.magic { throw .wrongMagic(expected: Self.magic, got: magic) }
        let version = try reader.readByte()
        if version != Self.formatVersion { throw .unsupportedVersion(expected: Self.formatVersion, got: version) }
        try self.init(from: &reader)
        try reader.finish()
    }

    /// Decodes a version-2 body (see ``encode(into:)``) from `reader`.
    public init(from reader: inout ProofReader) throws(ProofDecodingError) {
        let arityOffset = reader.offset
        let logFoldingArity = try reader.readByte()
        guard (1...4).contains(logFoldingArity) else {
            throw .invalidStructure(offset: arityOffset, reason: "log folding arity \(logFoldingArity) is not 1, 2, 3 or 4")
        }
        let rounds = try reader.readCount("round count", limit: BabyBear.twoAdicity)
        var commitments: [Poseidon2Digest] = []
        for _ in 0..<rounds { commitments.append(try reader.readDigest()) }
        var openings: [MerkleOpening] = []
        for _ in 0..<rounds { openings.append(try MerkleOpening(from: &reader)) }
        let finalLength = try reader.readCount("final polynomial length", limit: reader.remaining / 16)
        var finalPolynomial: [BabyBearExt4] = []
        for _ in 0..<finalLength { finalPolynomial.append(try reader.readBabyBearExt4()) }
        let witness = try reader.readBabyBear()
        self.init(logFoldingArity: Int(logFoldingArity), commitments: commitments, openings: openings, finalPolynomial: finalPolynomial, proofOfWorkWitness: witness)
    }
}
