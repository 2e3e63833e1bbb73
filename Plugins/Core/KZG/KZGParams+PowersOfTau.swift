import SproutCoreBN254
import SproutCoreField

/// Loading the structured reference string from a Powers of Tau file: the binary `.ptau`
/// container of snarkjs (iden3), in which the Perpetual Powers of Tau ceremony (Hermez's
/// `powersOfTau28_hez_final_*.ptau`) is distributed.
///
/// Layout (snarkjs `src/binfileutils.js`, `src/powersoftau_new.js`, `src/powersoftau_utils.js`):
/// the magic `"ptau"`, version (u32, 1), number of sections (u32), then each section as
/// id (u32), byte size (u64), body; all integers little-endian. Sections used here:
/// - 1, header: `n8` (u32, 32 for BN254), `q` (`n8` bytes little-endian), `power` (u32),
///   `ceremonyPower` (u32);
/// - 2, tauG1: `2·2^power − 1` G1 points `[τⁱ]G₁`;
/// - 3, tauG2: `2^power` G2 points `[τⁱ]G₂`.
///
/// Points are `x ‖ y` (G2: `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1`), each coordinate 32 bytes of its
/// Montgomery form (R = 2²⁵⁶) little-endian: the same coordinate encoding as halo2's
/// ``Halo2SerdeFormat/rawBytes``. Sections 4–7 (α, β, contributions) and the Lagrange sections a
/// `prepare phase2` adds are not needed for KZG and are skipped.
extension KZGParams {
    /// Whether `bytes` start with the `.ptau` magic, which tells them apart from a PSE
    /// `ParamsKZG` file (whose first four bytes are a small `k`).
    public static func isPowersOfTau(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0..<4].elementsEqual("ptau".utf8)
    }

    /// The SRS for circuits of `2ᵏ` rows from a `.ptau` file: its first `2ᵏ` powers `g`, with
    /// `g2 = [1]G₂` and `sG2 = [τ]G₂` from the tauG2 section. ``gLagrange`` is left empty (as
    /// for PSE files without it); the prover then commits from coefficients.
    ///
    /// Checks: the container and section sizes, the curve (`n8` = 32 and `q` = BN254's base
    /// field), every read point's range and curve equation (G2: subgroup too), `g[0]` and
    /// `tauG2[0]` are the standard generators, and `e([τ]G₁, G₂) = e(G₁, [τ]G₂)`. Call
    /// ``verifyStructure()`` to also check that all `2ᵏ` points are powers of the same τ.
    /// Cost: reads `2ᵏ` G1 points and two G2 points, plus one two-pairing check.
    public init(powersOfTauBytes bytes: [UInt8], k: Int) throws(KZGError) {
        guard k >= 0, k <= Int(Self.maxK) else { throw .unsupportedK(k: UInt32(clamping: k), maxK: Self.maxK) }
        guard Self.isPowersOfTau(bytes) else { throw .malformedPowersOfTau("no \"ptau\" magic") }
        guard bytes.count >= 12 else { throw .wrongLength(expected: 12, got: bytes.count) }
        let version = Self.u32(bytes, 4)
        guard version == 1 else { throw .malformedPowersOfTau("version \(version), only version 1 is known") }
        let sections = try Self.ptauSections(bytes, count: Int(Self.u32(bytes, 8)))

        // Header: n8, q, power, ceremonyPower.
        let header = try Self.uniqueSection(sections, id: 1, name: "header")
        guard header.size == 4 + 32 + 4 + 4, Self.u32(bytes, header.offset) == 32 else {
            throw .malformedPowersOfTau("header is not that of a 32-byte field (size \(header.size))")
        }
        guard Self.limbs(bytes, header.offset + 4) == FqParameters.modulus else {
            throw .malformedPowersOfTau("the file's curve is not BN254 (its base field modulus differs)")
        }
        let power = Int(Self.u32(bytes, header.offset + 36))
        guard power >= 1, power <= 30 else { throw .malformedPowersOfTau("power \(power) outside 1...30") }
        guard k <= power else { throw .notEnoughPowers(available: 1 << power, needed: 1 << k) }

        let tauG1 = try Self.uniqueSection(sections, id: 2, name: "tauG1")
        let tauG2 = try Self.uniqueSection(sections, id: 3, name: "tauG2")
        guard tauG1.size == ((2 << power) - 1) * 64 else {
            throw .malformedPowersOfTau("tauG1 section has \(tauG1.size) bytes, power \(power) needs \(((2 << power) - 1) * 64)")
        }
        guard tauG2.size == (1 << power) * 128 else {
            throw .malformedPowersOfTau("tauG2 section has \(tauG2.size) bytes, power \(power) needs \((1 << power) * 128)")
        }

        let n = 1 << k
        var g: [G1Affine] = []
        g.reserveCapacity(n)
        var offset = tauG1.offset
        let tauG1Point: G1Affine, g2: G2Affine, sG2: G2Affine
        do {
            for i in 0..<n {
                offset = tauG1.offset + 64 * i
                g.append(try Self.readRawG1(bytes, offset))
            }
            // [τ]G₁ for the pairing check below, read on its own when k = 0 keeps only g[0].
            offset = tauG1.offset + 64
            tauG1Point = n >= 2 ? g[1] : try Self.readRawG1(bytes, offset)
            offset = tauG2.offset
            g2 = try Self.readRawG2(bytes, offset)
            offset = tauG2.offset + 128
            sG2 = try Self.readRawG2(bytes, offset)
        } catch {
            throw .invalidPoint(offset: offset, reason: error)
        }
        guard g[0] == G1Curve.generator else { throw .inconsistentParameters("tauG1[0] is not the G1 generator") }
        guard g2 == G2Curve.generator else { throw .inconsistentParameters("tauG2[0] is not the G2 generator") }
        guard !sG2.isInfinity, !tauG1Point.isInfinity,
              BN254Pairing.pairingCheck([(tauG1Point, g2), (-g[0], sG2)])
        else { throw .inconsistentParameters("e(tauG1[1], G2) ≠ e(G1, tauG2[1]): the G1 and G2 powers disagree") }
        self.init(k: k, g: g, gLagrange: [], g2: g2, sG2: sG2)
    }

    static func u32(_ b: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(b[offset]) | UInt32(b[offset + 1]) << 8 | UInt32(b[offset + 2]) << 16 | UInt32(b[offset + 3]) << 24
    }

    /// Every section's (id, body offset, body size), each bounds-checked against the file.
    static func ptauSections(_ b: [UInt8], count: Int) throws(KZGError) -> [(id: UInt32, offset: Int, size: Int)] {
        var sections: [(id: UInt32, offset: Int, size: Int)] = []
        var offset = 12
        for index in 0..<count {
            guard b.count - offset >= 12 else {
                throw .malformedPowersOfTau("section \(index + 1) of \(count) starts past the end of the file (truncated?)")
            }
            let id = u32(b, offset)
            let size64 = UInt64(u32(b, offset + 4)) | UInt64(u32(b, offset + 8)) << 32
            offset += 12
            guard size64 <= UInt64(b.count - offset) else {
                throw .malformedPowersOfTau("section \(id) claims \(size64) bytes, \(b.count - offset) remain (truncated?)")
            }
            sections.append((id, offset, Int(size64)))
            offset += Int(size64)
        }
        guard offset == b.count else { throw .malformedPowersOfTau("\(b.count - offset) bytes after the last section") }
        return sections
    }

    static func uniqueSection(
        _ sections: [(id: UInt32, offset: Int, size: Int)], id: UInt32, name: String
    ) throws(KZGError) -> (offset: Int, size: Int) {
        let matching = sections.filter { $0.id == id }
        guard matching.count == 1 else {
            throw .malformedPowersOfTau("\(matching.count) \(name) sections (id \(id)), expected exactly one")
        }
        return (matching[0].offset, matching[0].size)
    }
}
