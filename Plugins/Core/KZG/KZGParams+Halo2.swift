import SproutCoreBN254
import SproutCoreField

/// How PSE halo2 serialised its points (`halo2_proofs::SerdeFormat`).
public enum Halo2SerdeFormat: Sendable {
    /// Compressed points (`GroupEncoding::to_bytes`): G1 32 bytes, G2 64 bytes, x little-endian
    /// (G2: `x.c0 ‖ x.c1`), bit 7 of the last byte = sign of y, bit 6 = infinity (newer
    /// halo2curves; all-zero also reads as infinity).
    case processed
    /// Uncompressed Montgomery limbs (`SerdeObject::write_raw`): G1 `x ‖ y` 64 bytes, G2
    /// `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1` 128 bytes, each coordinate its four Montgomery-form limbs
    /// little-endian. The format of `ParamsKZG::write`.
    case rawBytes
}

/// Loading and writing PSE halo2 `ParamsKZG<Bn256>` files.
///
/// Layout (`halo2_proofs/src/poly/kzg/commitment.rs`, `write_custom`): `k` as u32
/// little-endian, then `n = 2ᵏ` points `g`, `n` points `g_lagrange`, then `g2` and `s_g2`.
/// `n` itself is not stored. The point format is one of ``Halo2SerdeFormat``; PSE halo2
/// v0.3 `ParamsKZG::write` uses ``Halo2SerdeFormat/rawBytes``. Later PSE revisions drop
/// `g_lagrange` from the file (and default to ``Halo2SerdeFormat/processed``); such files load
/// with an empty ``KZGParams/gLagrange``.
extension KZGParams {
    /// Byte length of a ParamsKZG file for `k` in `format`.
    public static func halo2Length(k: Int, format: Halo2SerdeFormat, includesLagrange: Bool = true) -> Int {
        let (g1, g2) = format == .rawBytes ? (64, 128) : (32, 64)
        return 4 + (includesLagrange ? 2 : 1) * (1 << k) * g1 + 2 * g2
    }

    /// Parses a PSE halo2 `ParamsKZG<Bn256>` file. The format, and whether `g_lagrange` is
    /// present, are inferred from the length when `format` is nil. Every point is range-checked and on-curve-checked; the G2 points are
    /// subgroup-checked. For compressed files the sign of `s_g2` is confirmed by the pairing
    /// `e(g[1], g2) = e(g[0], s_g2)`. Call ``verifyStructure()`` for the full consistency check.
    public init(halo2Bytes bytes: [UInt8], format: Halo2SerdeFormat? = nil) throws(KZGError) {
        guard bytes.count >= 4 else { throw .wrongLength(expected: 4, got: bytes.count) }
        let k32 = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        guard k32 <= Self.maxK else { throw .unsupportedK(k: k32, maxK: Self.maxK) }
        let k = Int(k32)
        var layout: (Halo2SerdeFormat, Bool)? = nil
        for candidate in [(Halo2SerdeFormat.rawBytes, true), (.processed, true), (.rawBytes, false), (.processed, false)]
        where format == nil || format == candidate.0 {
            if bytes.count == Self.halo2Length(k: k, format: candidate.0, includesLagrange: candidate.1) {
                layout = candidate
                break
            }
        }
        guard let (chosen, hasLagrange) = layout else {
            throw .wrongLength(expected: Self.halo2Length(k: k, format: format ?? .rawBytes), got: bytes.count)
        }
        let n = 1 << k
        var offset = 4
        var g: [G1Affine] = []
        var gLagrange: [G1Affine] = []
        g.reserveCapacity(n)
        gLagrange.reserveCapacity(hasLagrange ? n : 0)
        do {
            for i in 0..<((hasLagrange ? 2 : 1) * n) {
                let p: G1Affine
                if chosen == .rawBytes {
                    p = try Self.readRawG1(bytes, offset)
                    offset += 64
                } else {
                    p = try Self.readCompressedG1(bytes, offset)
                    offset += 32
                }
                if i < n { g.append(p) } else { gLagrange.append(p) }
            }
        } catch {
            throw .invalidPoint(offset: offset, reason: error)
        }
        let g2: G2Affine
        var sG2Candidates: [G2Affine]
        do {
            if chosen == .rawBytes {
                g2 = try Self.readRawG2(bytes, offset)
                sG2Candidates = [try Self.readRawG2(bytes, offset + 128)]
            } else {
                g2 = try Self.readCompressedG2(bytes, offset).first!
                sG2Candidates = try Self.readCompressedG2(bytes, offset + 64)
            }
        } catch {
            throw .invalidPoint(offset: offset, reason: error)
        }
        var sG2 = sG2Candidates[0]
        if chosen == .processed && n >= 2 {
            // The sign convention of compressed G2 varies across halo2curves versions; the
            // pairing equation picks the only consistent candidate.
            guard let match = sG2Candidates.first(where: {
                BN254Pairing.pairingCheck([(g[1], g2), (-g[0], $0)])
            }) else { throw .inconsistentParameters("s_g2 does not match g[1]") }
            sG2 = match
        }
        self.init(k: k, g: g, gLagrange: gLagrange, g2: g2, sG2: sG2)
    }

    /// Writes the ParamsKZG layout in `format`, with `g_lagrange` unless `includesLagrange`
    /// is false or the parameters have none.
    public func halo2Bytes(format: Halo2SerdeFormat = .rawBytes, includesLagrange: Bool = true) -> [UInt8] {
        let withLagrange = includesLagrange && !gLagrange.isEmpty
        var out: [UInt8] = []
        out.reserveCapacity(Self.halo2Length(k: k, format: format, includesLagrange: withLagrange))
        let k32 = UInt32(k)
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: k32 >> UInt32(8 * i))) }
        for p in g + (withLagrange ? gLagrange : []) {
            if format == .rawBytes {
                out += p.x.montgomeryLittleEndianBytes + p.y.montgomeryLittleEndianBytes
            } else {
                out += Self.compress(p)
            }
        }
        for p in [g2, sG2] {
            if format == .rawBytes {
                out += p.x.c0.montgomeryLittleEndianBytes + p.x.c1.montgomeryLittleEndianBytes
                out += p.y.c0.montgomeryLittleEndianBytes + p.y.c1.montgomeryLittleEndianBytes
            } else {
                out += Self.compress(p)
            }
        }
        return out
    }

    // MARK: Point codecs

    /// Reads four little-endian limbs at `offset` (the caller checked the length).
    static func limbs(_ b: [UInt8], _ offset: Int) -> (UInt64, UInt64, UInt64, UInt64) {
        var l: [UInt64] = [0, 0, 0, 0]
        for i in 0..<32 { l[i / 8] |= UInt64(b[offset + i]) << UInt64(8 * (i % 8)) }
        return (l[0], l[1], l[2], l[3])
    }

    static func rawFq(_ b: [UInt8], _ offset: Int) throws(BN254EncodingError) -> Fq {
        let l = limbs(b, offset)
        // Montgomery limbs must be a reduced residue: compare against q via canonical parsing.
        guard Fq(canonicalLimbs: l) != nil else { throw .coordinateOutOfRange(offset: offset) }
        return Fq(montgomeryLimbs: l.0, l.1, l.2, l.3)
    }

    static func readRawG1(_ b: [UInt8], _ offset: Int) throws(BN254EncodingError) -> G1Affine {
        let x = try rawFq(b, offset), y = try rawFq(b, offset + 32)
        if x.isZero && y.isZero { return .infinity }
        let p = G1Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve(offset: offset) }
        return p
    }

    static func readRawG2(_ b: [UInt8], _ offset: Int) throws(BN254EncodingError) -> G2Affine {
        let x = Fq2(try rawFq(b, offset), try rawFq(b, offset + 32))
        let y = Fq2(try rawFq(b, offset + 64), try rawFq(b, offset + 96))
        if x.isZero && y.isZero { return .infinity }
        let p = G2Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve(offset: offset) }
        guard p.isInSubgroup else { throw .notInSubgroup(offset: offset) }
        return p
    }

    /// Canonical little-endian field element at `offset` with the top two bits of the last
    /// byte masked off; returns (value, sign bit, infinity flag, all bytes zero).
    static func compressedCoordinate(_ b: [UInt8], _ offset: Int, flagByte: Int) throws(BN254EncodingError) -> (Fq, Bool, Bool) {
        var le = Array(b[offset..<offset + 32])
        var sign = false, infinity = false
        if flagByte == 31 {
            sign = le[31] & 0x80 != 0
            infinity = le[31] & 0x40 != 0
            le[31] &= 0x3f
        }
        guard let v = Fq(bigEndianBytes: le.reversed()) else { throw .coordinateOutOfRange(offset: offset) }
        return (v, sign, infinity)
    }

    static func readCompressedG1(_ b: [UInt8], _ offset: Int) throws(BN254EncodingError) -> G1Affine {
        let (x, sign, infinity) = try compressedCoordinate(b, offset, flagByte: 31)
        if infinity || (x.isZero && !sign) {
            guard x.isZero, !sign else { throw .notOnCurve(offset: offset) }
            return .infinity
        }
        guard var y = (x.squared() * x + G1Curve.b).squareRoot else { throw .notDecompressible(offset: offset) }
        if y.isOdd != sign { y = -y }
        return G1Affine(x: x, y: y)
    }

    /// Both square-root candidates (preferred sign first) of a compressed G2 point.
    static func readCompressedG2(_ b: [UInt8], _ offset: Int) throws(BN254EncodingError) -> [G2Affine] {
        let (c0, _, _) = try compressedCoordinate(b, offset, flagByte: -1)
        let (c1, sign, infinity) = try compressedCoordinate(b, offset + 32, flagByte: 31)
        let x = Fq2(c0, c1)
        if infinity || (x.isZero && !sign) {
            guard x.isZero, !sign else { throw .notOnCurve(offset: offset) }
            return [.infinity]
        }
        guard var y = (x.squared() * x + G2Curve.b).squareRoot else { throw .notDecompressible(offset: offset) }
        if sgn0(y) != sign { y = -y }
        let p = G2Affine(x: x, y: y)
        guard p.isInSubgroup else { throw .notInSubgroup(offset: offset) }
        return [p, -p]
    }

    /// `sgn0` of RFC 9380 for 𝔽q²: parity of c0, or of c1 when c0 = 0.
    static func sgn0(_ y: Fq2) -> Bool { y.c0.isZero ? y.c1.isOdd : y.c0.isOdd }

    static func compress(_ p: G1Affine) -> [UInt8] {
        if p.isInfinity { var z = [UInt8](repeating: 0, count: 32); z[31] = 0x40; return z }
        var out = p.x.littleEndianBytes
        if p.y.isOdd { out[31] |= 0x80 }
        return out
    }

    static func compress(_ p: G2Affine) -> [UInt8] {
        if p.isInfinity { var z = [UInt8](repeating: 0, count: 64); z[63] = 0x40; return z }
        var out = p.x.c0.littleEndianBytes + p.x.c1.littleEndianBytes
        if sgn0(p.y) { out[63] |= 0x80 }
        return out
    }
}
