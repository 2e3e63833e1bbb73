/// Ethereum's precompile encodings for BN254 (EIP-196, EIP-197):
/// - G1: 64 bytes `x ‖ y`, each a 32-byte big-endian integer below q; `(0, 0)` is infinity.
/// - G2: 128 bytes `x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0` (imaginary part first); all-zero is infinity.
/// - Scalars (ecMul): 32-byte big-endian integers, any value below 2²⁵⁶.
///
/// Decoders validate the range of every coordinate, the curve equation and, for G2, the
/// subgroup, and report failures as ``BN254EncodingError``.
public enum BN254Encoding {
    /// Encodes a G1 point as 64 bytes.
    public static func encode(_ p: G1Affine) -> [UInt8] {
        if p.isInfinity { return [UInt8](repeating: 0, count: 64) }
        return p.x.bigEndianBytes + p.y.bigEndianBytes
    }

    /// Encodes a G2 point as 128 bytes `x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0`.
    public static func encode(_ p: G2Affine) -> [UInt8] {
        if p.isInfinity { return [UInt8](repeating: 0, count: 128) }
        return p.x.c1.bigEndianBytes + p.x.c0.bigEndianBytes + p.y.c1.bigEndianBytes + p.y.c0.bigEndianBytes
    }

    static func fq(_ bytes: ArraySlice<UInt8>, offset: Int) throws(BN254EncodingError) -> Fq {
        guard let v = Fq(bigEndianBytes: bytes) else { throw .coordinateOutOfRange(offset: offset) }
        return v
    }

    /// Decodes 64 bytes to a G1 point; `offset` only labels errors.
    public static func decodeG1(_ bytes: ArraySlice<UInt8>, offset: Int = 0) throws(BN254EncodingError) -> G1Affine {
        guard bytes.count == 64 else { throw .wrongLength(expected: 64, got: bytes.count) }
        let s = bytes.startIndex
        let x = try fq(bytes[s..<s + 32], offset: offset)
        let y = try fq(bytes[s + 32..<s + 64], offset: offset + 32)
        if x.isZero && y.isZero { return .infinity }
        let p = G1Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve(offset: offset) }
        return p
    }

    /// Decodes 128 bytes to a G2 point (on the twist and in the order-r subgroup).
    public static func decodeG2(_ bytes: ArraySlice<UInt8>, offset: Int = 0) throws(BN254EncodingError) -> G2Affine {
        guard bytes.count == 128 else { throw .wrongLength(expected: 128, got: bytes.count) }
        let s = bytes.startIndex
        let x1 = try fq(bytes[s..<s + 32], offset: offset)
        let x0 = try fq(bytes[s + 32..<s + 64], offset: offset + 32)
        let y1 = try fq(bytes[s + 64..<s + 96], offset: offset + 64)
        let y0 = try fq(bytes[s + 96..<s + 128], offset: offset + 96)
        let x = Fq2(x0, x1), y = Fq2(y0, y1)
        if x.isZero && y.isZero { return .infinity }
        let p = G2Affine(x: x, y: y)
        guard p.isOnCurve else { throw .notOnCurve(offset: offset) }
        guard p.isInSubgroup else { throw .notInSubgroup(offset: offset) }
        return p
    }

    /// Right-pads `input` with zeros to `length` (the precompiles' rule for short input) or
    /// truncates extra bytes.
    static func padded(_ input: [UInt8], to length: Int) -> [UInt8] {
        if input.count >= length { return Array(input[0..<length]) }
        return input + [UInt8](repeating: 0, count: length - input.count)
    }

    /// Precompile `0x06` (ecAdd): 128 input bytes (short input zero-padded) → 64 bytes.
    public static func ecAdd(_ input: [UInt8]) throws(BN254EncodingError) -> [UInt8] {
        let data = padded(input, to: 128)
        let a = try decodeG1(data[0..<64], offset: 0)
        let b = try decodeG1(data[64..<128], offset: 64)
        return encode((G1(a) + G1(b)).affine)
    }

    /// Precompile `0x07` (ecMul): 96 input bytes `P ‖ s` → `[s]P`, 64 bytes.
    public static func ecMul(_ input: [UInt8]) throws(BN254EncodingError) -> [UInt8] {
        let data = padded(input, to: 96)
        let p = try decodeG1(data[0..<64], offset: 0)
        var limbs: [UInt64] = [0, 0, 0, 0]
        for i in 0..<32 { limbs[3 - i / 8] = (limbs[3 - i / 8] << 8) | UInt64(data[64 + i]) }
        return encode(G1(p).multiplied(byLimbs: (limbs[0], limbs[1], limbs[2], limbs[3])).affine)
    }

    /// Precompile `0x08` (ecPairing): `k·192` bytes of `(G1, G2)` pairs → 32-byte 1 if
    /// `∏ e(Pᵢ, Qᵢ) = 1` (true for k = 0), else 0.
    public static func ecPairing(_ input: [UInt8]) throws(BN254EncodingError) -> [UInt8] {
        guard input.count % 192 == 0 else {
            throw .wrongLength(expected: (input.count / 192 + 1) * 192, got: input.count)
        }
        var pairs: [(G1Affine, G2Affine)] = []
        var offset = 0
        while offset < input.count {
            let p = try decodeG1(input[offset..<offset + 64], offset: offset)
            let q = try decodeG2(input[offset + 64..<offset + 192], offset: offset + 64)
            pairs.append((p, q))
            offset += 192
        }
        var out = [UInt8](repeating: 0, count: 32)
        if BN254Pairing.pairingCheck(pairs) { out[31] = 1 }
        return out
    }
}
