/// An element of the degree-4 extension `𝔽ₚ⁴ = 𝔽ₚ[x]/(x⁴ + 11)` of ``BabyBear``, about 2¹²⁴ elements.
///
/// This is RISC Zero's extension field (`risc0-core` `baby_bear::ExtElem`, documented there as
/// `F_p[X]/(X⁴ + 11)`, `NBETA = P − 11`): `x⁴ = W` with `W = −11`. `x⁴ + 11` is irreducible because
/// `p ≡ 1 (mod 4)` and `−11` is a non-square in 𝔽ₚ. (Plonky3's BabyBear quartic extension uses
/// `x⁴ − 11` instead; the two fields are isomorphic but their coordinates differ.)
///
/// An element is `c₀ + c₁x + c₂x² + c₃x³`, stored as four ``BabyBear`` coefficients; the base
/// field embeds as `c₁ = c₂ = c₃ = 0`.
///
/// Threading: a plain `Sendable` value.
@frozen
public struct BabyBearExt4: FieldElement {
    public var c0: BabyBear
    public var c1: BabyBear
    public var c2: BabyBear
    public var c3: BabyBear

    /// `W = −11`, the constant with `x⁴ = W`.
    public static let nonResidue: BabyBear = BabyBear(BabyBear.modulus - 11)
    /// `γ = W^((p−1)/4)`, so that the Frobenius map sends `x ↦ xᵖ = γ·x`. `γ` is a primitive
    /// fourth root of unity (`γ² = −1`).
    public static let frobeniusGamma: BabyBear = nonResidue.power(UInt64(BabyBear.modulus - 1) / 4)

    public static let degree = 4
    public static let zero = BabyBearExt4(BabyBear.zero)
    public static let one = BabyBearExt4(BabyBear.one)

    @inlinable @inline(__always)
    public init(_ c0: BabyBear, _ c1: BabyBear, _ c2: BabyBear, _ c3: BabyBear) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
        self.c3 = c3
    }

    /// The base-field element `b` embedded in 𝔽ₚ⁴.
    @inlinable @inline(__always)
    public init(_ base: BabyBear) {
        self.init(base, .zero, .zero, .zero)
    }

    /// `c₀ + c₁x + c₂x² + c₃x³` from exactly four coefficients. Precondition: `count == 4`.
    @inlinable
    public init(coefficients: some Collection<BabyBear>) {
        precondition(coefficients.count == 4, "BabyBearExt4 needs 4 coefficients, got \(coefficients.count)")
        var iterator = coefficients.makeIterator()
        self.init(iterator.next()!, iterator.next()!, iterator.next()!, iterator.next()!)
    }

    @inlinable
    public init(integer n: UInt64) { self.init(BabyBear(integer: n)) }

    /// The coefficients `[c₀, c₁, c₂, c₃]` over the basis `1, x, x², x³`.
    @inlinable
    public var coefficients: [BabyBear] { [c0, c1, c2, c3] }

    /// Whether the element lies in the base field (`c₁ = c₂ = c₃ = 0`).
    @inlinable
    public var isInBaseField: Bool { c1.isZero && c2.isZero && c3.isZero }

    @inlinable @inline(__always)
    public static func + (lhs: BabyBearExt4, rhs: BabyBearExt4) -> BabyBearExt4 {
        BabyBearExt4(lhs.c0 + rhs.c0, lhs.c1 + rhs.c1, lhs.c2 + rhs.c2, lhs.c3 + rhs.c3)
    }

    @inlinable @inline(__always)
    public static func - (lhs: BabyBearExt4, rhs: BabyBearExt4) -> BabyBearExt4 {
        BabyBearExt4(lhs.c0 - rhs.c0, lhs.c1 - rhs.c1, lhs.c2 - rhs.c2, lhs.c3 - rhs.c3)
    }

    @inlinable @inline(__always)
    public static prefix func - (value: BabyBearExt4) -> BabyBearExt4 {
        BabyBearExt4(-value.c0, -value.c1, -value.c2, -value.c3)
    }

    /// Product in 𝔽ₚ[x]/(x⁴ − W):
    /// `r₀ = a₀b₀ + W(a₁b₃ + a₂b₂ + a₃b₁)`, `r₁ = a₀b₁ + a₁b₀ + W(a₂b₃ + a₃b₂)`,
    /// `r₂ = a₀b₂ + a₁b₁ + a₂b₀ + W·a₃b₃`, `r₃ = a₀b₃ + a₁b₂ + a₂b₁ + a₃b₀`.
    ///
    /// Products of Montgomery words are summed in `UInt64` (at most four terms, each `< p²`) and
    /// reduced once per sum: 7 reductions instead of 16.
    @inlinable @inline(__always)
    public static func * (lhs: BabyBearExt4, rhs: BabyBearExt4) -> BabyBearExt4 {
        let a0 = UInt64(lhs.c0.montgomery), a1 = UInt64(lhs.c1.montgomery)
        let a2 = UInt64(lhs.c2.montgomery), a3 = UInt64(lhs.c3.montgomery)
        let b0 = UInt64(rhs.c0.montgomery), b1 = UInt64(rhs.c1.montgomery)
        let b2 = UInt64(rhs.c2.montgomery), b3 = UInt64(rhs.c3.montgomery)
        let w = UInt64(nonResidue.montgomery)
        // Every word is < p, so each product is ≤ (p−1)² and a sum of at most four such products is
        // ≤ 4(p−1)² < 2⁶⁴ (no wrap) and < 2·p·2³² (valid input of montgomeryReduceWide).
        let high0 = UInt64(BabyBear.montgomeryReduceWide(a1 &* b3 &+ a2 &* b2 &+ a3 &* b1))  // 3 products
        let high1 = UInt64(BabyBear.montgomeryReduceWide(a2 &* b3 &+ a3 &* b2))  // 2 products
        let high2 = UInt64(BabyBear.montgomeryReduceWide(a3 &* b3))  // 1 product
        let r0 = BabyBear.montgomeryReduceWide(a0 &* b0 &+ w &* high0)  // 2 products
        let r1 = BabyBear.montgomeryReduceWide(a0 &* b1 &+ a1 &* b0 &+ w &* high1)  // 3 products
        let r2 = BabyBear.montgomeryReduceWide(a0 &* b2 &+ a1 &* b1 &+ a2 &* b0 &+ w &* high2)  // 4 products
        let r3 = BabyBear.montgomeryReduceWide(a0 &* b3 &+ a1 &* b2 &+ a2 &* b1 &+ a3 &* b0)  // 4 products
        return BabyBearExt4(
            BabyBear(montgomery: r0), BabyBear(montgomery: r1),
            BabyBear(montgomery: r2), BabyBear(montgomery: r3))
    }

    /// Product with a base-field scalar: four base multiplications.
    @inlinable @inline(__always)
    public static func * (lhs: BabyBearExt4, rhs: BabyBear) -> BabyBearExt4 {
        BabyBearExt4(lhs.c0 * rhs, lhs.c1 * rhs, lhs.c2 * rhs, lhs.c3 * rhs)
    }

    @inlinable @inline(__always)
    public static func * (lhs: BabyBear, rhs: BabyBearExt4) -> BabyBearExt4 { rhs * lhs }

    @inlinable @inline(__always)
    public static func + (lhs: BabyBearExt4, rhs: BabyBear) -> BabyBearExt4 {
        BabyBearExt4(lhs.c0 + rhs, lhs.c1, lhs.c2, lhs.c3)
    }

    @inlinable @inline(__always)
    public static func - (lhs: BabyBearExt4, rhs: BabyBear) -> BabyBearExt4 {
        BabyBearExt4(lhs.c0 - rhs, lhs.c1, lhs.c2, lhs.c3)
    }

    @inlinable @inline(__always)
    public static func *= (lhs: inout BabyBearExt4, rhs: BabyBear) { lhs = lhs * rhs }

    /// The Frobenius automorphism `φ(a) = aᵖ`. Since `xᵖ = γx` with `γ = W^((p−1)/4)`,
    /// `φ(Σ cᵢxⁱ) = Σ cᵢγⁱxⁱ`. `φ` has order 4 and fixes exactly 𝔽ₚ.
    @inlinable
    public func frobenius() -> BabyBearExt4 {
        let gamma = BabyBearExt4.frobeniusGamma
        // γ² = −1, γ³ = −γ
        return BabyBearExt4(c0, c1 * gamma, -c2, -(c3 * gamma))
    }

    /// `φᵏ(a)` for `k ≥ 0`.
    @inlinable
    public func frobenius(repeated k: Int) -> BabyBearExt4 {
        var result = self
        for _ in 0..<(k & 3) { result = result.frobenius() }
        return result
    }

    /// The norm `N(a) = a·φ(a)·φ²(a)·φ³(a) ∈ 𝔽ₚ`; `N(a) = 0 ⇔ a = 0`.
    @inlinable
    public var norm: BabyBear {
        // a(x)·a(−x) = b(x²) lies in the quadratic subfield 𝔽ₚ[y]/(y² − W); then
        // b(y)·b(−y) = b₀² − W·b₂² lies in 𝔽ₚ.
        let conjugate = BabyBearExt4(c0, -c1, c2, -c3)
        let b = self * conjugate
        return b.c0 * b.c0 - BabyBearExt4.nonResidue * b.c2 * b.c2
    }

    /// `a⁻¹ = a(−x)·b(−y)·N(a)⁻¹` where `b(x²) = a(x)·a(−x)` (see ``norm``), with `0⁻¹ = 0`.
    /// Cost: one base-field inversion and about 30 base multiplications.
    @inlinable
    public var inverse: BabyBearExt4 {
        let conjugate = BabyBearExt4(c0, -c1, c2, -c3)
        let b = self * conjugate  // b.c1 = b.c3 = 0
        let normValue = b.c0 * b.c0 - BabyBearExt4.nonResidue * b.c2 * b.c2
        let normInverse = normValue.inverse
        let bConjugate = BabyBearExt4(b.c0 * normInverse, .zero, -(b.c2 * normInverse), .zero)
        return conjugate * bConjugate
    }

    @inlinable @inline(__always)
    public func squared() -> BabyBearExt4 { self * self }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> BabyBearExt4 {
        BabyBearExt4(
            .random(using: &generator), .random(using: &generator),
            .random(using: &generator), .random(using: &generator))
    }

    public var description: String { "[\(c0), \(c1), \(c2), \(c3)]" }
}
