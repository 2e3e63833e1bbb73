public import SproutCoreField

/// An element `c0 + c1·u` of 𝔽q² = 𝔽q[u]/(u² + 1), the tower base of Ethereum's and
/// halo2curves' BN254 (EIP-197: "Fp2 = Fp[i]/(i² + 1)").
///
/// Threading: immutable `Sendable` value; all operations are pure.
@frozen
public struct Fq2: FieldElement {
    public var c0: Fq
    public var c1: Fq

    @inlinable @inline(__always)
    public init(_ c0: Fq, _ c1: Fq) { self.c0 = c0; self.c1 = c1 }

    public static var degree: Int { 2 }
    @inlinable public static var zero: Fq2 { Fq2(.zero, .zero) }
    @inlinable public static var one: Fq2 { Fq2(.one, .zero) }
    @inlinable public init(integer n: UInt64) { self.init(Fq(integer: n), .zero) }

    /// ξ = 9 + u, the cubic and sextic non-residue that defines 𝔽q⁶ and 𝔽q¹² (EIP-197).
    @inlinable public static var xi: Fq2 { Fq2(Fq(integer: 9), .one) }

    @inlinable @inline(__always)
    public static func + (lhs: Fq2, rhs: Fq2) -> Fq2 { Fq2(lhs.c0 + rhs.c0, lhs.c1 + rhs.c1) }
    @inlinable @inline(__always)
    public static func - (lhs: Fq2, rhs: Fq2) -> Fq2 { Fq2(lhs.c0 - rhs.c0, lhs.c1 - rhs.c1) }
    @inlinable @inline(__always)
    public static prefix func - (value: Fq2) -> Fq2 { Fq2(-value.c0, -value.c1) }

    /// Karatsuba: `(a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u`,
    /// three 𝔽q multiplications.
    @inlinable @inline(__always)
    public static func * (lhs: Fq2, rhs: Fq2) -> Fq2 {
        let v0 = lhs.c0 * rhs.c0
        let v1 = lhs.c1 * rhs.c1
        let s = (lhs.c0 + lhs.c1) * (rhs.c0 + rhs.c1)
        return Fq2(v0 - v1, s - v0 - v1)
    }

    /// `(a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u`: two 𝔽q multiplications.
    @inlinable @inline(__always)
    public func squared() -> Fq2 {
        let t = c0 * c1
        return Fq2((c0 + c1) * (c0 - c1), t + t)
    }

    /// Multiplication by an 𝔽q scalar.
    @inlinable @inline(__always)
    public func scaled(by s: Fq) -> Fq2 { Fq2(c0 * s, c1 * s) }

    /// `x·ξ = (9a0 − a1) + (a0 + 9a1)u` with additions only.
    @inlinable @inline(__always)
    public func multipliedByXi() -> Fq2 {
        let a8 = c0.doubled().doubled().doubled()
        let b8 = c1.doubled().doubled().doubled()
        return Fq2(a8 + c0 - c1, b8 + c1 + c0)
    }

    /// `x^q = c0 − c1·u` (the conjugate).
    @inlinable @inline(__always)
    public var conjugate: Fq2 { Fq2(c0, -c1) }

    @inlinable @inline(__always)
    public var isZero: Bool { c0.isZero && c1.isZero }

    /// `(a0 − a1u)/(a0² + a1²)`; `0⁻¹ = 0`.
    @inlinable
    public var inverse: Fq2 {
        let t = (c0.squared() + c1.squared()).inverse
        return Fq2(c0 * t, -(c1 * t))
    }

    /// `self^e` for a 256-bit exponent (little-endian limbs).
    @inlinable
    public func power(limbs e: (UInt64, UInt64, UInt64, UInt64)) -> Fq2 {
        var result = Fq2.one
        for word in [e.3, e.2, e.1, e.0] {
            var bit = 63
            while bit >= 0 {
                result = result.squared()
                if (word >> UInt64(bit)) & 1 == 1 { result = result * self }
                bit -= 1
            }
        }
        return result
    }

    /// A square root, or `nil` for a non-square. Algorithm 9 of Adj and Rodríguez-Henríquez,
    /// "Square root computation over even extension fields" (2012), for `q ≡ 3 (mod 4)`:
    /// `a₁ = a^((q−3)/4)`, `α = a₁²a`; if `α = −1` the root is `u·a₁a`, otherwise
    /// `(1 + α)^((q−1)/2)·a₁a`. The result is verified by squaring.
    public var squareRoot: Fq2? {
        if isZero { return .zero }
        let m = FqParameters.modulus
        // (q − 3)/4 and (q − 1)/2 as limbs: q is odd and q ≡ 3 mod 4.
        let qm3 = (m.0 - 3, m.1, m.2, m.3)
        let e1 = ((qm3.0 >> 2) | (qm3.1 << 62), (qm3.1 >> 2) | (qm3.2 << 62), (qm3.2 >> 2) | (qm3.3 << 62), qm3.3 >> 2)
        let qm1 = (m.0 - 1, m.1, m.2, m.3)
        let e2 = ((qm1.0 >> 1) | (qm1.1 << 63), (qm1.1 >> 1) | (qm1.2 << 63), (qm1.2 >> 1) | (qm1.3 << 63), qm1.3 >> 1)
        let a1 = power(limbs: e1)
        let alpha = a1.squared() * self
        let x0 = a1 * self
        let candidate: Fq2
        if alpha == -Fq2.one {
            candidate = Fq2(-x0.c1, x0.c0)
        } else {
            candidate = (alpha + .one).power(limbs: e2) * x0
        }
        return candidate.squared() == self ? candidate : nil
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq2 {
        Fq2(Fq.random(using: &generator), Fq.random(using: &generator))
    }

    public var description: String { "(\(c0) + \(c1)·u)" }
}
