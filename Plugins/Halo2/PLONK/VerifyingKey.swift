import SproutCoreBN254
import SproutCoreHash

/// What a verifier needs about a circuit: `k`, its constraint system, commitments to the fixed
/// columns (selectors included) and to the permutation's σ polynomials. Serialized
/// deterministically (``bytes``); its Keccak digest (``digest``) is the first thing every
/// transcript absorbs, so a proof verifies only against the key it was made for.
public struct VerifyingKey: Sendable, Hashable {
    public static let magic: [UInt8] = Array("SH2V".utf8)
    public static let version: UInt8 = 1

    public let k: Int
    public let cs: ConstraintSystem
    public let fixedCommitments: [G1Affine]
    public let permutationCommitments: [G1Affine]
    /// `keccak(bytes) mod r`.
    public let digest: Fr
    public let bytes: [UInt8]

    init(k: Int, cs: ConstraintSystem, fixedCommitments: [G1Affine], permutationCommitments: [G1Affine]) {
        self.k = k; self.cs = cs; self.fixedCommitments = fixedCommitments; self.permutationCommitments = permutationCommitments
        var w = ByteWriter()
        w.bytes = Self.magic
        w.u8(Self.version)
        w.u8(UInt8(k))
        cs.serialize(into: &w)
        for p in fixedCommitments + permutationCommitments { w.point(p) }
        bytes = w.bytes
        digest = Fr(reducingLittleEndianBytes: Keccak256.hash(w.bytes).reversed())!
    }

    /// Parses ``bytes``; any truncation, trailing byte, bad point or bad structure throws.
    public init(bytes: [UInt8]) throws(Halo2Error) {
        var r = ByteReader(bytes)
        guard Array(try r.take(4, "magic")) == Self.magic else { throw .malformed("not a verifying key (magic)") }
        let version = try r.u8("version")
        guard version == Self.version else { throw .malformed("verifying key version \(version), expected \(Self.version)") }
        let k = Int(try r.u8("k"))
        guard k >= 1, k <= 26 else { throw .malformed("k = \(k)") }
        let cs = try ConstraintSystem.deserialize(from: &r)
        var fixed: [G1Affine] = [], perm: [G1Affine] = []
        for _ in 0..<cs.numFixed { fixed.append(try r.point("fixed commitment")) }
        for _ in 0..<cs.permutationColumns.count { perm.append(try r.point("permutation commitment")) }
        guard r.isAtEnd else { throw .malformed("\(bytes.count - r.offset) trailing bytes after the verifying key") }
        self.init(k: k, cs: cs, fixedCommitments: fixed, permutationCommitments: perm)
    }
}
