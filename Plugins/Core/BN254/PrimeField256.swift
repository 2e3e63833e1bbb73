public import SproutCoreField

/// The constants of a prime field 𝔽ₚ with `2²⁵³ < p < 2²⁵⁴` held in four 64-bit limbs.
///
/// Every constant is little-endian by limb. `R = 2²⁵⁶ mod p` is the Montgomery radix.
/// The bound `p < 2²⁵⁴` (top limb below `2⁶³ − 1`) is what lets ``PrimeField256`` use the
/// "no-carry" CIOS variant: the running accumulator of a product never needs a fifth limb.
public protocol PrimeField256Parameters: Sendable {
    /// `p`, little-endian limbs.
    static var modulus: (UInt64, UInt64, UInt64, UInt64) { get }
    /// `R mod p`: the Montgomery form of 1.
    static var montgomeryOne: (UInt64, UInt64, UInt64, UInt64) { get }
    /// `R² mod p`: multiplying by it converts into Montgomery form.
    static var montgomeryRSquared: (UInt64, UInt64, UInt64, UInt64) { get }
    /// `R³ mod p`: used for wide (512-bit) reductions.
    static var montgomeryRCubed: (UInt64, UInt64, UInt64, UInt64) { get }
    /// `−p⁻¹ mod 2⁶⁴`.
    static var montgomeryInverse: UInt64 { get }
    /// The largest `s` with `2ˢ | p − 1`.
    static var twoAdicity: Int { get }
    /// A primitive `2^twoAdicity`-th root of unity, canonical (not Montgomery) limbs.
    static var twoAdicRootOfUnity: (UInt64, UInt64, UInt64, UInt64) { get }
    /// A quadratic non-residue, canonical limbs (for Tonelli–Shanks).
    static var quadraticNonResidue: (UInt64, UInt64, UInt64, UInt64) { get }
    /// A short name for descriptions ("Fq", "Fr").
    static var name: String { get }
}

/// A 256-bit-limbed prime field element in Montgomery form: the stored value is `a·R mod p`
/// with `R = 2²⁵⁶`, always fully reduced into `[0, p)`, so equality and hashing compare limbs.
///
/// Multiplication is CIOS Montgomery multiplication (Koç, Acar, Kaliski 1996) built on
/// `multipliedFullWidth`: `mont(a, b) = a·b·R⁻¹ mod p`. Inversion is Fermat's `a^(p−2)` with
/// `0⁻¹ = 0`; square roots are Tonelli–Shanks (which for `p ≡ 3 mod 4` is `a^((p+1)/4)`).
///
/// Threading: immutable `Sendable` value; all operations are pure.
@frozen
public struct PrimeField256<P: PrimeField256Parameters>: FieldElement, Comparable {
    /// Montgomery-form limbs, little-endian, each value in `[0, p)`.
    public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    /// Wraps Montgomery-form limbs; the caller guarantees the value is below `p`.
    @inlinable @inline(__always)
    public init(montgomeryLimbs l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0; self.l1 = l1; self.l2 = l2; self.l3 = l3
    }

    @inlinable @inline(__always)
    init(_ t: (UInt64, UInt64, UInt64, UInt64)) {
        l0 = t.0; l1 = t.1; l2 = t.2; l3 = t.3
    }

    public static var degree: Int { 1 }

    @inlinable public static var zero: Self { Self(montgomeryLimbs: 0, 0, 0, 0) }
    @inlinable public static var one: Self { Self(P.montgomeryOne) }

    /// The element with canonical little-endian limbs `limbs`, or `nil` when `limbs ≥ p`.
    @inlinable
    public init?(canonicalLimbs limbs: (UInt64, UInt64, UInt64, UInt64)) {
        guard Self.isBelowModulus(limbs) else { return nil }
        self = Self(limbs) * Self(P.montgomeryRSquared)
    }

    /// `n mod p`.
    @inlinable
    public init(integer n: UInt64) {
        self = Self((n, 0, 0, 0)) * Self(P.montgomeryRSquared)
    }

    /// The element from a 32-byte big-endian integer, or `nil` when it is not below `p`
    /// (the canonicity rule of Ethereum's precompiles).
    @inlinable
    public init?(bigEndianBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var limbs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var index = 0
        for byte in bytes {
            let limb = 3 - index / 8
            switch limb {
            case 3: limbs.3 = (limbs.3 << 8) | UInt64(byte)
            case 2: limbs.2 = (limbs.2 << 8) | UInt64(byte)
            case 1: limbs.1 = (limbs.1 << 8) | UInt64(byte)
            default: limbs.0 = (limbs.0 << 8) | UInt64(byte)
            }
            index += 1
        }
        self.init(canonicalLimbs: limbs)
    }

    /// `x mod p` for a 32- or 64-byte little-endian integer `x` (a 64-byte input is
    /// halo2's `from_uniform_bytes`: statistically uniform for uniform bytes), or `nil` for
    /// any other length.
    ///
    /// Maths: a 256-bit word `w < 2²⁵⁶ < 8p` is first reduced by at most seven subtractions of
    /// `p`; then for `x = lo + hi·2²⁵⁶`, the Montgomery form `x·R = mont(lo, R²) + mont(hi, R³)`.
    public init?(reducingLittleEndianBytes bytes: [UInt8]) {
        guard bytes.count == 32 || bytes.count == 64 else { return nil }
        func word(_ offset: Int) -> (UInt64, UInt64, UInt64, UInt64) {
            var l: [UInt64] = [0, 0, 0, 0]
            for i in 0..<32 { l[i / 8] |= UInt64(bytes[offset + i]) << UInt64(8 * (i % 8)) }
            var w = (l[0], l[1], l[2], l[3])
            while !Self.isBelowModulus(w) {
                let m = P.modulus
                let (d0, b0) = Self.sbb(w.0, m.0, 0)
                let (d1, b1) = Self.sbb(w.1, m.1, b0)
                let (d2, b2) = Self.sbb(w.2, m.2, b1)
                let (d3, _) = Self.sbb(w.3, m.3, b2)
                w = (d0, d1, d2, d3)
            }
            return w
        }
        var value = Self.montgomeryProduct(word(0), P.montgomeryRSquared)
        if bytes.count == 64 { value = value + Self.montgomeryProduct(word(32), P.montgomeryRCubed) }
        self = value
    }

    /// Canonical little-endian limbs of the value.
    @inlinable
    public var canonicalLimbs: (UInt64, UInt64, UInt64, UInt64) {
        let r = Self.montgomeryProduct((l0, l1, l2, l3), (1, 0, 0, 0))
        return (r.l0, r.l1, r.l2, r.l3)
    }

    /// The canonical value as 32 big-endian bytes.
    @inlinable
    public var bigEndianBytes: [UInt8] {
        let c = canonicalLimbs
        var out = [UInt8](repeating: 0, count: 32)
        let limbs = [c.3, c.2, c.1, c.0]
        for i in 0..<4 {
            for j in 0..<8 { out[i * 8 + j] = UInt8(truncatingIfNeeded: limbs[i] >> UInt64(56 - 8 * j)) }
        }
        return out
    }

    /// The canonical value as 32 little-endian bytes.
    @inlinable
    public var littleEndianBytes: [UInt8] { bigEndianBytes.reversed() }

    /// The Montgomery limbs as 32 little-endian bytes (halo2curves' "raw bytes").
    @inlinable
    public var montgomeryLittleEndianBytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let limbs = [l0, l1, l2, l3]
        for i in 0..<32 { out[i] = UInt8(truncatingIfNeeded: limbs[i / 8] >> UInt64(8 * (i % 8))) }
        return out
    }

    /// Whether the canonical value is odd.
    @inlinable public var isOdd: Bool { canonicalLimbs.0 & 1 == 1 }

    @inlinable @inline(__always)
    static func isBelowModulus(_ a: (UInt64, UInt64, UInt64, UInt64)) -> Bool {
        let m = P.modulus
        if a.3 != m.3 { return a.3 < m.3 }
        if a.2 != m.2 { return a.2 < m.2 }
        if a.1 != m.1 { return a.1 < m.1 }
        return a.0 < m.0
    }

    // MARK: Arithmetic

    /// `a + b + c` as (low, high): `a + b·c + d ≤ (2⁶⁴−1)² + 2(2⁶⁴−1) = 2¹²⁸ − 1` fits 128 bits.
    @inlinable @inline(__always)
    static func mac(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> (UInt64, UInt64) {
        let (hi, lo) = b.multipliedFullWidth(by: c)
        let (s1, o1) = lo.addingReportingOverflow(a)
        let (s2, o2) = s1.addingReportingOverflow(d)
        // Bound: the full sum is below 2¹²⁸ (see above), so hi + carries ≤ 2⁶⁴ − 1.
        return (s2, hi &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0))
    }

    /// `a + b + carry` for limbs, returning the new carry (0 or 1).
    @inlinable @inline(__always)
    static func adc(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        return (s2, (o1 ? 1 : 0) | (o2 ? 1 : 0))
    }

    /// `a − b − borrow`, returning the new borrow (0 or 1).
    @inlinable @inline(__always)
    static func sbb(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        return (d2, (o1 ? 1 : 0) | (o2 ? 1 : 0))
    }

    /// Subtracts `p` once if the 256-bit value `t` is at least `p` (input `t < 2p`).
    @inlinable @inline(__always)
    static func reduceOnce(_ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64) -> Self {
        let m = P.modulus
        let (d0, b0) = sbb(t0, m.0, 0)
        let (d1, b1) = sbb(t1, m.1, b0)
        let (d2, b2) = sbb(t2, m.2, b1)
        let (d3, b3) = sbb(t3, m.3, b2)
        return b3 == 0 ? Self(montgomeryLimbs: d0, d1, d2, d3) : Self(montgomeryLimbs: t0, t1, t2, t3)
    }

    /// One outer round of no-carry CIOS: `t ← (t + a·bᵢ + k·p) / 2⁶⁴` with `k` chosen so the
    /// division is exact.
    @inlinable @inline(__always)
    static func ciosRound(
        _ a: (UInt64, UInt64, UInt64, UInt64), _ bi: UInt64, _ m: (UInt64, UInt64, UInt64, UInt64), _ inv: UInt64,
        _ t0: inout UInt64, _ t1: inout UInt64, _ t2: inout UInt64, _ t3: inout UInt64
    ) {
        var c: UInt64, c2: UInt64
        (t0, c) = mac(t0, a.0, bi, 0)
        // Wrapping: the Montgomery quotient k is defined modulo 2⁶⁴.
        let k = t0 &* inv
        (_, c2) = mac(t0, k, m.0, 0)
        (t1, c) = mac(t1, a.1, bi, c)
        (t0, c2) = mac(t1, k, m.1, c2)
        (t2, c) = mac(t2, a.2, bi, c)
        (t1, c2) = mac(t2, k, m.2, c2)
        (t3, c) = mac(t3, a.3, bi, c)
        (t2, c2) = mac(t3, k, m.3, c2)
        // Bound: a.3, m.3 < 2⁶² (no-carry condition) so c, c2 < 2⁶³ and the sum fits a limb.
        t3 = c &+ c2
    }

    /// CIOS Montgomery product `a·b·2⁻²⁵⁶ mod p` for `a, b < p`.
    ///
    /// "No-carry" CIOS (valid as `p`'s top limb is below `(2⁶⁴ − 1)/2 − 1`): after each outer
    /// round the accumulator `t < 2p < 2²⁵⁶`, so it fits four limbs; a final conditional
    /// subtraction brings it into `[0, p)`.
    @inlinable @inline(__always)
    static func montgomeryProduct(_ a: (UInt64, UInt64, UInt64, UInt64), _ b: (UInt64, UInt64, UInt64, UInt64)) -> Self {
        let m = P.modulus
        let inv = P.montgomeryInverse
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        ciosRound(a, b.0, m, inv, &t0, &t1, &t2, &t3)
        ciosRound(a, b.1, m, inv, &t0, &t1, &t2, &t3)
        ciosRound(a, b.2, m, inv, &t0, &t1, &t2, &t3)
        ciosRound(a, b.3, m, inv, &t0, &t1, &t2, &t3)
        return reduceOnce(t0, t1, t2, t3)
    }

    @inlinable @inline(__always)
    public static func * (lhs: Self, rhs: Self) -> Self {
        montgomeryProduct((lhs.l0, lhs.l1, lhs.l2, lhs.l3), (rhs.l0, rhs.l1, rhs.l2, rhs.l3))
    }

    @inlinable @inline(__always)
    public static func + (lhs: Self, rhs: Self) -> Self {
        // a + b < 2p < 2²⁵⁵: no carry out of the top limb.
        let (s0, c0) = adc(lhs.l0, rhs.l0, 0)
        let (s1, c1) = adc(lhs.l1, rhs.l1, c0)
        let (s2, c2) = adc(lhs.l2, rhs.l2, c1)
        let (s3, _) = adc(lhs.l3, rhs.l3, c2)
        return reduceOnce(s0, s1, s2, s3)
    }

    @inlinable @inline(__always)
    public static func - (lhs: Self, rhs: Self) -> Self {
        let (d0, b0) = sbb(lhs.l0, rhs.l0, 0)
        let (d1, b1) = sbb(lhs.l1, rhs.l1, b0)
        let (d2, b2) = sbb(lhs.l2, rhs.l2, b1)
        let (d3, b3) = sbb(lhs.l3, rhs.l3, b2)
        if b3 == 0 { return Self(montgomeryLimbs: d0, d1, d2, d3) }
        let m = P.modulus
        let (e0, c0) = adc(d0, m.0, 0)
        let (e1, c1) = adc(d1, m.1, c0)
        let (e2, c2) = adc(d2, m.2, c1)
        let (e3, _) = adc(d3, m.3, c2)
        return Self(montgomeryLimbs: e0, e1, e2, e3)
    }

    @inlinable @inline(__always)
    public static prefix func - (value: Self) -> Self { zero - value }

    @inlinable @inline(__always)
    public func squared() -> Self { self * self }

    @inlinable @inline(__always)
    public var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// `self^e` for a 256-bit exponent given as little-endian limbs (square-and-multiply,
    /// at most 512 multiplications).
    @inlinable
    public func power(limbs e: (UInt64, UInt64, UInt64, UInt64)) -> Self {
        var result = Self.one
        let words = [e.3, e.2, e.1, e.0]
        for word in words {
            var bit = 63
            while bit >= 0 {
                result = result.squared()
                if (word >> UInt64(bit)) & 1 == 1 { result = result * self }
                bit -= 1
            }
        }
        return result
    }

    /// `p − k` for small `k`, as limbs.
    @inlinable
    static func modulusMinus(_ k: UInt64) -> (UInt64, UInt64, UInt64, UInt64) {
        let m = P.modulus
        let (d0, b0) = sbb(m.0, k, 0)
        let (d1, b1) = sbb(m.1, 0, b0)
        let (d2, b2) = sbb(m.2, 0, b1)
        let (d3, _) = sbb(m.3, 0, b2)
        return (d0, d1, d2, d3)
    }

    /// `x⁻¹ = x^(p−2)` (Fermat), `0⁻¹ = 0`. About 256 squarings and 128 multiplications.
    @inlinable
    public var inverse: Self { power(limbs: Self.modulusMinus(2)) }

    /// The Legendre symbol as `x^((p−1)/2)`: `one` for a non-zero square, `−one` for a
    /// non-square, `zero` for zero.
    @inlinable
    public var legendre: Self {
        let e = Self.modulusMinus(1)
        // (p − 1) / 2: shift the 256-bit value right by one.
        let half = ((e.0 >> 1) | (e.1 << 63), (e.1 >> 1) | (e.2 << 63), (e.2 >> 1) | (e.3 << 63), e.3 >> 1)
        return power(limbs: half)
    }

    /// A square root of `self`, or `nil` when `self` is not a square. Tonelli–Shanks with
    /// `p − 1 = 2ˢ·t`: `O(s²)` multiplications after one exponentiation by `(t − 1)/2`.
    public var squareRoot: Self? {
        if isZero { return .zero }
        if legendre != .one { return nil }
        let s = P.twoAdicity
        // t = (p − 1) >> s
        let e = Self.modulusMinus(1)
        var t = [e.0, e.1, e.2, e.3]
        for _ in 0..<s {
            for i in 0..<4 { t[i] = (t[i] >> 1) | (i < 3 ? t[i + 1] << 63 : 0) }
        }
        // (t − 1) / 2 = t >> 1 as t is odd.
        var h = t
        for i in 0..<4 { h[i] = (h[i] >> 1) | (i < 3 ? h[i + 1] << 63 : 0) }
        let w = power(limbs: (h[0], h[1], h[2], h[3]))  // x^((t−1)/2)
        var x = self * w  // x^((t+1)/2)
        var b = x * w  // x^t
        var z = Self(canonicalLimbs: P.twoAdicRootOfUnity)!
        var v = s
        while b != .one {
            var k = 0
            var b2k = b
            while b2k != .one { b2k = b2k.squared(); k += 1 }
            guard k < v else { return nil }
            var w2 = z
            for _ in 0..<(v - k - 1) { w2 = w2.squared() }
            z = w2.squared(); b = b * z; x = x * w2; v = k
        }
        return x
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        while true {
            let top = UInt64.random(in: 0...P.modulus.3, using: &generator)
            let limbs = (generator.next(), generator.next(), generator.next(), top)
            if let value = Self(canonicalLimbs: limbs) { return value }
        }
    }

    /// A uniformly random element from the system generator.
    public static func random() -> Self {
        var g = SystemRandomNumberGenerator()
        return random(using: &g)
    }

    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let a = lhs.canonicalLimbs, b = rhs.canonicalLimbs
        if a.3 != b.3 { return a.3 < b.3 }
        if a.2 != b.2 { return a.2 < b.2 }
        if a.1 != b.1 { return a.1 < b.1 }
        return a.0 < b.0
    }

    /// `0x`-prefixed big-endian hex of the canonical value.
    public var description: String {
        let hex = bigEndianBytes.map { b -> String in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        return "0x" + hex
    }

    /// Parses `0x`-prefixed (or bare) big-endian hex; `nil` if malformed or `≥ p`.
    public init?(hex: String) {
        var s = Substring(hex)
        if s.hasPrefix("0x") { s = s.dropFirst(2) }
        guard s.count <= 64, !s.isEmpty else { return nil }
        let padded = String(repeating: "0", count: 64 - s.count) + s
        var bytes: [UInt8] = []
        var index = padded.startIndex
        while index < padded.endIndex {
            let next = padded.index(index, offsetBy: 2)
            guard let byte = UInt8(padded[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bigEndianBytes: bytes)
    }
}

extension PrimeField256: Hashable {
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.l0 == rhs.l0 && lhs.l1 == rhs.l1 && lhs.l2 == rhs.l2 && lhs.l3 == rhs.l3
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(l0); hasher.combine(l1); hasher.combine(l2); hasher.combine(l3)
    }
}

/// BN254's base field 𝔽q, `q = 21888242871839275222246405745257275088696311157297823662689037894645226208583`
/// (EIP-196; halo2curves `bn256::Fq`).
public enum FqParameters: PrimeField256Parameters {
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x3c20_8c16_d87c_fd47, 0x9781_6a91_6871_ca8d, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029)
    }
    @inlinable public static var montgomeryOne: (UInt64, UInt64, UInt64, UInt64) {
        (0xd35d_438d_c58f_0d9d, 0x0a78_eb28_f5c7_0b3d, 0x666e_a36f_7879_462c, 0x0e0a_77c1_9a07_df2f)
    }
    @inlinable public static var montgomeryRSquared: (UInt64, UInt64, UInt64, UInt64) {
        (0xf32c_fc5b_538a_fa89, 0xb5e7_1911_d445_01fb, 0x47ab_1eff_0a41_7ff6, 0x06d8_9f71_cab8_351f)
    }
    @inlinable public static var montgomeryRCubed: (UInt64, UInt64, UInt64, UInt64) {
        (0xb1cd_6daf_da15_30df, 0x62f2_10e6_a728_3db6, 0xef7f_0b0c_0ada_0afb, 0x20fd_6e90_2d59_2544)
    }
    @inlinable public static var montgomeryInverse: UInt64 { 0x87d2_0782_e486_6389 }
    /// q − 1 = 2·odd.
    @inlinable public static var twoAdicity: Int { 1 }
    /// −1 is the primitive square root of unity.
    @inlinable public static var twoAdicRootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0x3c20_8c16_d87c_fd46, 0x9781_6a91_6871_ca8d, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029)
    }
    /// q ≡ 3 (mod 4), so −1 is a non-residue.
    @inlinable public static var quadraticNonResidue: (UInt64, UInt64, UInt64, UInt64) { twoAdicRootOfUnity }
    public static var name: String { "Fq" }
}

/// BN254's scalar field 𝔽r, `r = 21888242871839275222246405745257275088548364400416034343698204186575808495617`
/// (the order of G1 and G2; EIP-196; halo2curves `bn256::Fr`). `r − 1 = 2²⁸·t`.
public enum FrParameters: PrimeField256Parameters {
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x43e1_f593_f000_0001, 0x2833_e848_79b9_7091, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029)
    }
    @inlinable public static var montgomeryOne: (UInt64, UInt64, UInt64, UInt64) {
        (0xac96_341c_4fff_fffb, 0x36fc_7695_9f60_cd29, 0x666e_a36f_7879_462e, 0x0e0a_77c1_9a07_df2f)
    }
    @inlinable public static var montgomeryRSquared: (UInt64, UInt64, UInt64, UInt64) {
        (0x1bb8_e645_ae21_6da7, 0x53fe_3ab1_e35c_59e3, 0x8c49_833d_53bb_8085, 0x0216_d0b1_7f4e_44a5)
    }
    @inlinable public static var montgomeryRCubed: (UInt64, UInt64, UInt64, UInt64) {
        (0x5e94_d8e1_b4bf_0040, 0x2a48_9cbe_1cfb_b6b8, 0x893c_c664_a19f_cfed, 0x0cf8_594b_7fcc_657c)
    }
    @inlinable public static var montgomeryInverse: UInt64 { 0xc2e1_f593_efff_ffff }
    @inlinable public static var twoAdicity: Int { 28 }
    /// `7^((r−1)/2²⁸)`, 7 being halo2curves' multiplicative generator of 𝔽r.
    @inlinable public static var twoAdicRootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0xd34f_1ed9_60c3_7c9c, 0x3215_cf6d_d393_29c8, 0x9886_5ea9_3dd3_1f74, 0x03dd_b9f5_166d_18b7)
    }
    /// 7 generates 𝔽r*, so it is a non-residue.
    @inlinable public static var quadraticNonResidue: (UInt64, UInt64, UInt64, UInt64) { (7, 0, 0, 0) }
    public static var name: String { "Fr" }
}

/// BN254's base field 𝔽q.
public typealias Fq = PrimeField256<FqParameters>
/// BN254's scalar field 𝔽r.
public typealias Fr = PrimeField256<FrParameters>
