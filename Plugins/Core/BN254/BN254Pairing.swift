/// A G2 point with its Miller-loop line coefficients precomputed, so that pairings against a
/// fixed G2 point (a KZG verifying key) skip the G2 arithmetic.
///
/// The lines come from running `T ← 2T` / `T ← T ± Q` in homogeneous projective coordinates
/// on the D-type twist (Costello–Lange–Naehrig, "Faster pairing computations on curves with
/// high-degree twists", 2010); each line is stored as `(c0, c1, c2)` and evaluated at
/// `P = (xP, yP)` as the sparse 𝔽q¹² element `c0·yP + c1·xP·w + c2·vw`.
public struct G2Prepared: Sendable {
    /// Line coefficients in Miller-loop order; empty for the point at infinity.
    public let lines: [(Fq2, Fq2, Fq2)]
    public let isInfinity: Bool

    public init(_ q: G2Affine) {
        guard !q.isInfinity else { lines = []; isInfinity = true; return }
        isInfinity = false
        var out: [(Fq2, Fq2, Fq2)] = []
        out.reserveCapacity(90)
        var tx = q.x, ty = q.y, tz = Fq2.one
        let twoInverse = Fq(integer: 2).inverse
        let naf = BN254Constants.ateLoopNAF
        let negQ = -q
        for i in stride(from: naf.count - 1, through: 1, by: -1) {
            out.append(Self.doublingStep(&tx, &ty, &tz, twoInverse))
            switch naf[i - 1] {
            case 1: out.append(Self.additionStep(&tx, &ty, &tz, q))
            case -1: out.append(Self.additionStep(&tx, &ty, &tz, negQ))
            default: break
            }
        }
        // The two extra lines of the optimal ate pairing: T + ψ(Q), then T − ψ²(Q).
        let q1 = Self.twistedFrobenius(q)
        let q2 = Self.twistedFrobenius(q1)
        out.append(Self.additionStep(&tx, &ty, &tz, q1))
        out.append(Self.additionStep(&tx, &ty, &tz, -q2))
        lines = out
    }

    /// ψ(x, y) = (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)): the q-power Frobenius transported to the twist.
    static func twistedFrobenius(_ p: G2Affine) -> G2Affine {
        G2Affine(x: p.x.conjugate * BN254Constants.twistFrobeniusX, y: p.y.conjugate * BN254Constants.twistFrobeniusY)
    }

    /// `T ← 2T` and the tangent line at T.
    static func doublingStep(_ x: inout Fq2, _ y: inout Fq2, _ z: inout Fq2, _ twoInverse: Fq) -> (Fq2, Fq2, Fq2) {
        let a = (x * y).scaled(by: twoInverse)
        let b = y.squared()
        let c = z.squared()
        let e = BN254Constants.twistB * (c + c + c)
        let f = e + e + e
        let g = (b + f).scaled(by: twoInverse)
        let h = (y + z).squared() - (b + c)
        let i = e - b
        let j = x.squared()
        let e2 = e.squared()
        x = a * (b - f)
        y = g.squared() - (e2 + e2 + e2)
        z = b * h
        return (-h, j + j + j, i)
    }

    /// `T ← T + Q` and the chord through T and Q.
    static func additionStep(_ x: inout Fq2, _ y: inout Fq2, _ z: inout Fq2, _ q: G2Affine) -> (Fq2, Fq2, Fq2) {
        let theta = y - q.y * z
        let lambda = x - q.x * z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d
        let f = z * c
        let g = x * d
        let h = e + f - g - g
        x = lambda * h
        y = theta * (g - h) - e * y
        z = z * e
        let j = theta * q.x - lambda * q.y
        return (lambda, -theta, j)
    }
}

/// The optimal ate pairing `e: G1 × G2 → GT ⊂ 𝔽q¹²` of BN254, as in EIP-197:
/// `e(P, Q) = f_{6x+2,Q}(P) · ℓ_{[6x+2]Q,ψ(Q)}(P) · ℓ_{…,−ψ²(Q)}(P)` raised to `(q¹² − 1)/r`.
///
/// Bilinear and non-degenerate: `e(aP, bQ) = e(P, Q)^(ab)`, `e(G1, G2) ≠ 1`.
/// A multi-pairing shares one Miller loop accumulator and one final exponentiation.
public enum BN254Pairing {
    /// `∏ᵢ f_i(Pᵢ)`: the Miller loop over all pairs at once (pairs with an infinity factor
    /// contribute 1). Cost: about 65 𝔽q¹² squarings plus one sparse product per line per pair.
    public static func millerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        guard !active.isEmpty else { return .one }
        var f = Fq12.one
        let naf = BN254Constants.ateLoopNAF
        var index = 0
        @inline(__always) func apply(_ line: (Fq2, Fq2, Fq2), _ p: G1Affine, _ f: inout Fq12) {
            f = f.multiplied(by034: line.0.scaled(by: p.y), line.1.scaled(by: p.x), line.2)
        }
        for i in stride(from: naf.count - 1, through: 1, by: -1) {
            if i != naf.count - 1 { f = f.squared() }
            for (p, q) in active { apply(q.lines[index], p, &f) }
            index += 1
            if naf[i - 1] != 0 {
                for (p, q) in active { apply(q.lines[index], p, &f) }
                index += 1
            }
        }
        for (p, q) in active { apply(q.lines[index], p, &f) }
        index += 1
        for (p, q) in active { apply(q.lines[index], p, &f) }
        return f
    }

    /// `f^((q¹² − 1)/r)`. Easy part `f^((q⁶ − 1)(q² + 1))` by conjugation, one inversion and a
    /// Frobenius; hard part `(q⁴ − q² + 1)/r` by the addition chain of Scott et al., "On the
    /// final exponentiation for calculating pairings on ordinary elliptic curves" (2009), which
    /// uses three exponentiations by x and Frobenius maps, with Granger–Scott cyclotomic squarings.
    public static func finalExponentiation(_ f: Fq12) -> Fq12 {
        var t = f.conjugate * f.inverse
        t = t.frobenius(2) * t
        let x = BN254Constants.x
        let fx = t.cyclotomicPower(x)
        let fx2 = fx.cyclotomicPower(x)
        let fx3 = fx2.cyclotomicPower(x)
        let y0 = t.frobenius(1) * t.frobenius(2) * t.frobenius(3)
        let y1 = t.conjugate
        let y2 = fx2.frobenius(2)
        let y3 = fx.frobenius(1).conjugate
        let y4 = (fx * fx2.frobenius(1)).conjugate
        let y5 = fx2.conjugate
        let y6 = (fx3 * fx3.frobenius(1)).conjugate
        var t0 = y6.cyclotomicSquared() * y4 * y5
        var t1 = y3 * y5 * t0
        t0 = t0 * y2
        t1 = (t1.cyclotomicSquared() * t0).cyclotomicSquared()
        t0 = t1 * y1
        t1 = t1 * y0
        t0 = t0.cyclotomicSquared()
        return t1 * t0
    }

    /// `e(P, Q)`.
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
        finalExponentiation(millerLoop([(p, G2Prepared(q))]))
    }

    /// Whether `∏ᵢ e(Pᵢ, Qᵢ) = 1` (the EIP-197 `0x08` predicate); the points must already be
    /// validated (on curve, in subgroup).
    public static func pairingCheck(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        finalExponentiation(millerLoop(pairs.map { ($0.0, G2Prepared($0.1)) })).isOne
    }

    /// Whether `∏ᵢ e(Pᵢ, Qᵢ) = 1` with prepared G2 points.
    public static func pairingCheck(prepared pairs: [(G1Affine, G2Prepared)]) -> Bool {
        finalExponentiation(millerLoop(pairs)).isOne
    }
}
