/// An element `c0 + c1·v + c2·v²` of 𝔽q⁶ = 𝔽q²[v]/(v³ − ξ), ξ = 9 + u (EIP-197, halo2curves).
///
/// Threading: immutable `Sendable` value; all operations are pure.
@frozen
public struct Fq6: Sendable, Hashable, CustomStringConvertible {
    public var c0: Fq2
    public var c1: Fq2
    public var c2: Fq2

    @inlinable @inline(__always)
    public init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    @inlinable public static var zero: Fq6 { Fq6(.zero, .zero, .zero) }
    @inlinable public static var one: Fq6 { Fq6(.one, .zero, .zero) }

    @inlinable @inline(__always)
    public static func + (lhs: Fq6, rhs: Fq6) -> Fq6 { Fq6(lhs.c0 + rhs.c0, lhs.c1 + rhs.c1, lhs.c2 + rhs.c2) }
    @inlinable @inline(__always)
    public static func - (lhs: Fq6, rhs: Fq6) -> Fq6 { Fq6(lhs.c0 - rhs.c0, lhs.c1 - rhs.c1, lhs.c2 - rhs.c2) }
    @inlinable @inline(__always)
    public static prefix func - (value: Fq6) -> Fq6 { Fq6(-value.c0, -value.c1, -value.c2) }

    /// Karatsuba-style product (Devegili et al., "Multiplication and squaring on
    /// pairing-friendly fields"): six 𝔽q² multiplications.
    @inlinable
    public static func * (a: Fq6, b: Fq6) -> Fq6 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let v2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).multipliedByXi() + v0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.multipliedByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Fq6(c0, c1, c2)
    }

    /// CH-SQR2 squaring (Chung–Hasan): two multiplications and three squarings in 𝔽q².
    @inlinable
    public func squared() -> Fq6 {
        let s0 = c0.squared()
        let ab = c0 * c1
        let s1 = ab + ab
        let s2 = (c0 - c1 + c2).squared()
        let bc = c1 * c2
        let s3 = bc + bc
        let s4 = c2.squared()
        return Fq6(s3.multipliedByXi() + s0, s4.multipliedByXi() + s1, s1 + s2 + s3 - s0 - s4)
    }

    /// Multiplication by an 𝔽q² scalar.
    @inlinable @inline(__always)
    public func scaled(by s: Fq2) -> Fq6 { Fq6(c0 * s, c1 * s, c2 * s) }

    /// `x·v = ξc2 + c0·v + c1·v²`.
    @inlinable @inline(__always)
    public func multipliedByV() -> Fq6 { Fq6(c2.multipliedByXi(), c0, c1) }

    /// `x·(b0 + b1·v)` for sparse operands: five 𝔽q² multiplications.
    @inlinable
    public func multiplied(by01 b0: Fq2, _ b1: Fq2) -> Fq6 {
        let v0 = c0 * b0
        let v1 = c1 * b1
        let r0 = ((c1 + c2) * b1 - v1).multipliedByXi() + v0
        let r1 = (c0 + c1) * (b0 + b1) - v0 - v1
        let r2 = (c0 + c2) * b0 - v0 + v1
        return Fq6(r0, r1, r2)
    }

    /// `x·(b1·v)`.
    @inlinable
    public func multiplied(by1 b1: Fq2) -> Fq6 {
        Fq6((c2 * b1).multipliedByXi(), c0 * b1, c1 * b1)
    }

    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    /// Inverse via the adjugate: `t0 = c0² − ξc1c2`, `t1 = ξc2² − c0c1`, `t2 = c1² − c0c2`,
    /// `x⁻¹ = (t0, t1, t2)/(c0t0 + ξ(c2t1 + c1t2))`; `0⁻¹ = 0`.
    @inlinable
    public var inverse: Fq6 {
        let t0 = c0.squared() - (c1 * c2).multipliedByXi()
        let t1 = c2.squared().multipliedByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let det = c0 * t0 + (c2 * t1 + c1 * t2).multipliedByXi()
        let inv = det.inverse
        return Fq6(t0 * inv, t1 * inv, t2 * inv)
    }

    /// `x^(qⁿ)`: conjugate each coefficient when `n` is odd, then scale `c1` by
    /// `ξ^((qⁿ−1)/3)` and `c2` by `ξ^(2(qⁿ−1)/3)`.
    @inlinable
    public func frobenius(_ n: Int) -> Fq6 {
        let k = n % 6
        let odd = k % 2 == 1
        let a0 = odd ? c0.conjugate : c0
        let a1 = odd ? c1.conjugate : c1
        let a2 = odd ? c2.conjugate : c2
        return Fq6(a0, a1 * BN254Constants.frobeniusFq6C1[k], a2 * BN254Constants.frobeniusFq6C2[k])
    }

    public var description: String { "[\(c0), \(c1), \(c2)]" }
}
