/// An element `c0 + c1·w` of 𝔽q¹² = 𝔽q⁶[w]/(w² − v) (EIP-197, halo2curves): the target
/// group GT of the BN254 pairing is its order-`r` subgroup.
///
/// Threading: immutable `Sendable` value; all operations are pure.
@frozen
public struct Fq12: Sendable, Hashable, CustomStringConvertible {
    public var c0: Fq6
    public var c1: Fq6

    @inlinable @inline(__always)
    public init(_ c0: Fq6, _ c1: Fq6) { self.c0 = c0; self.c1 = c1 }

    @inlinable public static var zero: Fq12 { Fq12(.zero, .zero) }
    @inlinable public static var one: Fq12 { Fq12(.one, .zero) }

    @inlinable @inline(__always)
    public static func + (lhs: Fq12, rhs: Fq12) -> Fq12 { Fq12(lhs.c0 + rhs.c0, lhs.c1 + rhs.c1) }
    @inlinable @inline(__always)
    public static func - (lhs: Fq12, rhs: Fq12) -> Fq12 { Fq12(lhs.c0 - rhs.c0, lhs.c1 - rhs.c1) }
    @inlinable @inline(__always)
    public static prefix func - (value: Fq12) -> Fq12 { Fq12(-value.c0, -value.c1) }

    /// Karatsuba: `(a0 + a1w)(b0 + b1w) = (a0b0 + a1b1·v) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)w`.
    @inlinable
    public static func * (a: Fq12, b: Fq12) -> Fq12 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fq12(v0 + v1.multipliedByV(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: `c0 = (a0 + a1)(a0 + a1v) − a0a1 − a0a1v`, `c1 = 2a0a1`.
    @inlinable
    public func squared() -> Fq12 {
        let ab = c0 * c1
        let t = (c0 + c1) * (c0 + c1.multipliedByV()) - ab - ab.multipliedByV()
        return Fq12(t, ab + ab)
    }

    /// `x·(d0 + d3·w + d4·v·w)`: the sparse line value of a D-twist Miller step
    /// (coefficients 0, 3 and 4 in the 𝔽q² basis `1, v, v², w, vw, v²w`).
    @inlinable
    public func multiplied(by034 d0: Fq2, _ d3: Fq2, _ d4: Fq2) -> Fq12 {
        let a = c0.scaled(by: d0)
        let b = c1.multiplied(by01: d3, d4)
        let e = (c0 + c1).multiplied(by01: d0 + d3, d4)
        return Fq12(b.multipliedByV() + a, e - a - b)
    }

    /// `x²` for `x` in the cyclotomic subgroup `{x : x^(q⁴ − q² + 1) = 1}` (Granger–Scott,
    /// "Faster squaring in the cyclotomic subgroup of sixth degree extensions", 2010): viewing
    /// 𝔽q¹² as 𝔽q⁴³, each 𝔽q⁴ coefficient `a + b·y` (`y² = ξ`) is squared as
    /// `(3A² − 2ā)`-style updates, 6 𝔽q² multiplications instead of 12. Only valid on that
    /// subgroup (after the easy part of the final exponentiation).
    @inlinable
    public func cyclotomicSquared() -> Fq12 {
        let z0 = c0.c0, z4 = c0.c1, z3 = c0.c2, z2 = c1.c0, z1 = c1.c1, z5 = c1.c2
        // (z0 + z1·y)², (z2 + z3·y)², (z4 + z5·y)² in 𝔽q⁴ = 𝔽q²[y]/(y² − ξ).
        var tmp = z0 * z1
        let t0 = (z0 + z1) * (z0 + z1.multipliedByXi()) - tmp - tmp.multipliedByXi()
        let t1 = tmp + tmp
        tmp = z2 * z3
        let t2 = (z2 + z3) * (z2 + z3.multipliedByXi()) - tmp - tmp.multipliedByXi()
        let t3 = tmp + tmp
        tmp = z4 * z5
        let t4 = (z4 + z5) * (z4 + z5.multipliedByXi()) - tmp - tmp.multipliedByXi()
        let t5 = tmp + tmp
        var r0 = t0 - z0
        r0 = r0 + r0 + t0
        var r1 = t1 + z1
        r1 = r1 + r1 + t1
        let t5x = t5.multipliedByXi()
        var r2 = t5x + z2
        r2 = r2 + r2 + t5x
        var r3 = t4 - z3
        r3 = r3 + r3 + t4
        var r4 = t2 - z4
        r4 = r4 + r4 + t2
        var r5 = t3 + z5
        r5 = r5 + r5 + t3
        return Fq12(Fq6(r0, r4, r3), Fq6(r2, r1, r5))
    }

    /// `x^e` with cyclotomic squarings; only valid in the cyclotomic subgroup.
    @inlinable
    public func cyclotomicPower(_ e: UInt64) -> Fq12 {
        if e == 0 { return .one }
        var result = self
        var bit = 62 - e.leadingZeroBitCount
        while bit >= 0 {
            result = result.cyclotomicSquared()
            if (e >> UInt64(bit)) & 1 == 1 { result = result * self }
            bit -= 1
        }
        return result
    }

    /// `x^(q⁶) = c0 − c1·w`; for `x` in the cyclotomic subgroup (after the easy part of the
    /// final exponentiation) this is `x⁻¹`.
    @inlinable @inline(__always)
    public var conjugate: Fq12 { Fq12(c0, -c1) }

    /// `x⁻¹ = (c0 − c1w)/(c0² − c1²v)`; `0⁻¹ = 0`.
    @inlinable
    public var inverse: Fq12 {
        let t = (c0.squared() - c1.squared().multipliedByV()).inverse
        return Fq12(c0 * t, -(c1 * t))
    }

    /// `x^(qⁿ)`: `c0^(qⁿ) + c1^(qⁿ)·ξ^((qⁿ−1)/6)·w`.
    @inlinable
    public func frobenius(_ n: Int) -> Fq12 {
        let k = n % 12
        let g = BN254Constants.frobeniusFq12C1[k]
        let b = c1.frobenius(k)
        return Fq12(c0.frobenius(k), Fq6(b.c0 * g, b.c1 * g, b.c2 * g))
    }

    /// `x^e` for a non-negative 64-bit exponent, square-and-multiply.
    @inlinable
    public func power(_ e: UInt64) -> Fq12 {
        if e == 0 { return .one }
        var result = self
        var bit = 62 - e.leadingZeroBitCount
        while bit >= 0 {
            result = result.squared()
            if (e >> UInt64(bit)) & 1 == 1 { result = result * self }
            bit -= 1
        }
        return result
    }

    /// `x^e` for an exponent given as big-endian bytes (any length).
    public func power(bigEndian bytes: [UInt8]) -> Fq12 {
        var result = Fq12.one
        for byte in bytes {
            for bit in stride(from: 7, through: 0, by: -1) {
                result = result.squared()
                if (byte >> UInt8(bit)) & 1 == 1 { result = result * self }
            }
        }
        return result
    }

    /// `x^e` for a scalar-field exponent `e ∈ 𝔽r` (canonical value).
    public func power(_ e: Fr) -> Fq12 { power(bigEndian: e.bigEndianBytes) }

    public var isOne: Bool { self == .one }

    public var description: String { "{\(c0); \(c1)}" }
}
