public import SproutCoreField

/// A short Weierstrass curve `y² = x³ + b` over a field of BN254's tower: G1 over 𝔽q or the
/// sextic twist carrying G2 over 𝔽q². Both groups have prime order `r` (G1's cofactor is 1;
/// points of the twist outside G2 are rejected by ``AffinePoint/isInSubgroup``).
public protocol BN254Curve: Sendable {
    associatedtype Base: FieldElement
    /// The constant `b`.
    static var b: Base { get }
    /// The standard generator (EIP-196/197).
    static var generator: AffinePoint<Self> { get }
    /// Whether the curve has cofactor 1 (then on-curve implies in-subgroup).
    static var hasCofactorOne: Bool { get }
}

/// G1: `y² = x³ + 3` over 𝔽q with generator (1, 2) (EIP-196).
public enum G1Curve: BN254Curve {
    @inlinable public static var b: Fq { Fq(integer: 3) }
    public static var generator: AffinePoint<G1Curve> { AffinePoint(x: .one, y: Fq(integer: 2)) }
    public static var hasCofactorOne: Bool { true }
}

/// G2: the D-type twist `y² = x³ + 3/(9 + u)` over 𝔽q², generator from EIP-197.
public enum G2Curve: BN254Curve {
    @inlinable public static var b: Fq2 { BN254Constants.twistB }
    public static let generator = AffinePoint<G2Curve>(
        x: Fq2(hex: "0x1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed",
               "0x198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"),
        y: Fq2(hex: "0x12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
               "0x090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"))
    public static var hasCofactorOne: Bool { false }
}

/// A point in affine coordinates; the point at infinity is flagged (its `x`, `y` are zero).
@frozen
public struct AffinePoint<C: BN254Curve>: Sendable, Hashable {
    public var x: C.Base
    public var y: C.Base
    public var isInfinity: Bool

    @inlinable
    public init(x: C.Base, y: C.Base) { self.x = x; self.y = y; self.isInfinity = false }

    @inlinable
    public static var infinity: AffinePoint { AffinePoint(infinityWith: ()) }

    @inlinable
    init(infinityWith _: Void) { x = .zero; y = .zero; isInfinity = true }

    /// Whether `y² = x³ + b` (the point at infinity is on the curve).
    @inlinable
    public var isOnCurve: Bool {
        isInfinity || y.squared() == x.squared() * x + C.b
    }

    /// Whether the point lies in the order-`r` subgroup: always true on G1 (cofactor 1),
    /// `[r]P = O` on the twist (one 254-bit scalar multiplication).
    @inlinable
    public var isInSubgroup: Bool {
        if isInfinity || C.hasCofactorOne { return true }
        return JacobianPoint(self).multiplied(byLimbs: FrParameters.modulus).isInfinity
    }

    @inlinable
    public static prefix func - (p: AffinePoint) -> AffinePoint {
        p.isInfinity ? p : AffinePoint(x: p.x, y: -p.y)
    }
}

/// A point in Jacobian coordinates `(X, Y, Z)` ↦ `(X/Z², Y/Z³)`; `Z = 0` is the point at
/// infinity. Formulas from the Explicit-Formulas Database for `a = 0`: `dbl-2009-l`
/// (2M + 5S), `add-2007-bl` (11M + 5S), `madd-2007-bl` (7M + 4S).
///
/// Threading: immutable `Sendable` value; all operations are pure.
@frozen
public struct JacobianPoint<C: BN254Curve>: Sendable {
    public var x: C.Base
    public var y: C.Base
    public var z: C.Base

    @inlinable @inline(__always)
    public init(x: C.Base, y: C.Base, z: C.Base) { self.x = x; self.y = y; self.z = z }

    @inlinable
    public init(_ p: AffinePoint<C>) {
        if p.isInfinity { self = .infinity } else { self.init(x: p.x, y: p.y, z: .one) }
    }

    @inlinable public static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }
    @inlinable public var isInfinity: Bool { z.isZero }
    public static var generator: JacobianPoint { JacobianPoint(C.generator) }

    /// `2P` (`dbl-2009-l`).
    @inlinable
    public func doubled() -> JacobianPoint {
        if isInfinity { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let t = (x + b).squared() - a - c
        let d = t + t
        let e = a + a + a
        let f = e.squared()
        let x3 = f - d - d
        let c8 = c.doubled().doubled().doubled()
        let y3 = e * (d - x3) - c8
        let yz = y * z
        return JacobianPoint(x: x3, y: y3, z: yz + yz)
    }

    /// `P + Q` (`add-2007-bl`), handling `P = Q`, `P = −Q` and infinities.
    @inlinable
    public static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let rr = s2 - s1
        if h.isZero { return rr.isZero ? p.doubled() : .infinity }
        let h2 = h + h
        let i = h2.squared()
        let j = h * i
        let r = rr + rr
        let v = u1 * i
        let x3 = r.squared() - j - v - v
        let s1j = s1 * j
        let y3 = r * (v - x3) - s1j - s1j
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// `P + Q` for affine `Q` (`madd-2007-bl`), handling the exceptional cases.
    @inlinable
    public func adding(_ q: AffinePoint<C>) -> JacobianPoint {
        if q.isInfinity { return self }
        if isInfinity { return JacobianPoint(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let rr = s2 - y
        if h.isZero { return rr.isZero ? doubled() : .infinity }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let r = rr + rr
        let v = x * i
        let x3 = r.squared() - j - v - v
        let yj = y * j
        let y3 = r * (v - x3) - yj - yj
        let z3 = (z + h).squared() - z1z1 - hh
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    @inlinable
    public static prefix func - (p: JacobianPoint) -> JacobianPoint { JacobianPoint(x: p.x, y: -p.y, z: p.z) }

    @inlinable
    public static func - (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint { p + (-q) }

    /// `[k]P` for a 256-bit integer `k` (little-endian limbs), 4-bit fixed window:
    /// 256 doublings and at most 64 additions. Variable time (not for secret scalars on
    /// shared hardware).
    @inlinable
    public func multiplied(byLimbs k: (UInt64, UInt64, UInt64, UInt64)) -> JacobianPoint {
        var table = [JacobianPoint](repeating: .infinity, count: 16)
        for i in 1..<16 { table[i] = table[i - 1] + self }
        var acc = JacobianPoint.infinity
        for word in [k.3, k.2, k.1, k.0] {
            var shift = 60
            while shift >= 0 {
                acc = acc.doubled().doubled().doubled().doubled()
                let nibble = Int((word >> UInt64(shift)) & 0xf)
                if nibble != 0 { acc = acc + table[nibble] }
                shift -= 4
            }
        }
        return acc
    }

    /// `[k]P` for a scalar `k ∈ 𝔽r`.
    @inlinable
    public func multiplied(by k: Fr) -> JacobianPoint { multiplied(byLimbs: k.canonicalLimbs) }

    @inlinable
    public static func * (p: JacobianPoint, k: Fr) -> JacobianPoint { p.multiplied(by: k) }

    /// The affine form: one inversion.
    @inlinable
    public var affine: AffinePoint<C> {
        if isInfinity { return .infinity }
        let zi = z.inverse
        let zi2 = zi.squared()
        return AffinePoint(x: x * zi2, y: y * zi2 * zi)
    }
}

extension JacobianPoint: Equatable {
    /// Equality of the represented points: `X₁Z₂² = X₂Z₁²` and `Y₁Z₂³ = Y₂Z₁³`.
    @inlinable
    public static func == (p: JacobianPoint, q: JacobianPoint) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared(), z2z2 = q.z.squared()
        return p.x * z2z2 == q.x * z1z1 && p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }
}

extension Array {
    /// Converts Jacobian points to affine with one inversion (Montgomery's trick):
    /// `3(n − 1)` multiplications plus one inversion and `4n` multiplications.
    @inlinable
    public func batchAffine<C: BN254Curve>() -> [AffinePoint<C>] where Element == JacobianPoint<C> {
        var prefix = [C.Base](repeating: .one, count: count)
        var acc = C.Base.one
        for i in indices {
            prefix[i] = acc
            if !self[i].isInfinity { acc = acc * self[i].z }
        }
        var inv = acc.inverse
        var out = [AffinePoint<C>](repeating: .infinity, count: count)
        for i in indices.reversed() where !self[i].isInfinity {
            let zi = inv * prefix[i]
            inv = inv * self[i].z
            let zi2 = zi.squared()
            out[i] = AffinePoint(x: self[i].x * zi2, y: self[i].y * zi2 * zi)
        }
        return out
    }
}

/// A G1 point in Jacobian coordinates.
public typealias G1 = JacobianPoint<G1Curve>
/// A G2 point in Jacobian coordinates.
public typealias G2 = JacobianPoint<G2Curve>
/// An affine G1 point.
public typealias G1Affine = AffinePoint<G1Curve>
/// An affine G2 point.
public typealias G2Affine = AffinePoint<G2Curve>
