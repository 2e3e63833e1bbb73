public import SproutCoreBN254
import SproutCoreField

/// One opening claim: polynomial number `polynomial` evaluates to `value` at `point`.
public struct KZGQuery: Sendable, Hashable {
    public var polynomial: Int
    public var point: Fr
    public var value: Fr
    public init(polynomial: Int, point: Fr, value: Fr) {
        self.polynomial = polynomial; self.point = point; self.value = value
    }
}

/// A GWC batched multi-point opening: one witness `W_j` per distinct query point `z_j`, in
/// order of first appearance of the point among the queries.
public struct KZGMultiOpening: Sendable, Hashable {
    public var witnesses: [G1Affine]
    public init(witnesses: [G1Affine]) { self.witnesses = witnesses }
}

/// KZG polynomial commitments over BN254 with GWC-style batched multi-point openings
/// (Gabizon–Williamson–Ciobotaru, PLONK §3; halo2's `GWC` multi-open).
///
/// Commit: `C = [f(τ)]G₁`. Open: group the queries by point; for point `z_j` with polynomials
/// `f_{j,0}, f_{j,1}, …` form `h_j = Σ_t vᵗ f_{j,t}`, `y_j = Σ_t vᵗ y_{j,t}`, and the witness
/// `W_j = [(h_j(τ) − y_j)/(τ − z_j)]G₁`. Verify with a second challenge `u`:
///
///     e(Σ_j uʲ(C_j − [y_j]G₁ + z_j·W_j), G₂) · e(−Σ_j uʲ W_j, [τ]G₂) = 1,
///
/// where `C_j = Σ_t vᵗ C_{j,t}`; this is one two-pair multi-pairing for any number of points.
///
/// The challenges `v` (before the witnesses are sent) and `u` (after) come from the caller's
/// Fiat–Shamir transcript; a verifier must derive them from a transcript that has absorbed
/// the commitments, points and values (for `v`) and the witnesses (for `u`).
public enum KZG {
    /// `[f(τ)]G₁ = Σ aᵢ·g[i]` for coefficients `a` (lowest degree first).
    public static func commit(_ params: KZGParams, coefficients: [Fr]) throws(KZGError) -> G1Affine {
        guard coefficients.count <= params.g.count else {
            throw .polynomialTooLarge(coefficients: coefficients.count, maximum: params.g.count)
        }
        return MultiScalarMultiplication.msm(points: Array(params.g[0..<coefficients.count]), scalars: coefficients).affine
    }

    /// Commitment to the polynomial with evaluations `values` on the size-n subgroup, using
    /// `gLagrange` (requires `values.count == n`).
    public static func commitLagrange(_ params: KZGParams, evaluations values: [Fr]) throws(KZGError) -> G1Affine {
        guard values.count == params.gLagrange.count else {
            throw .polynomialTooLarge(coefficients: values.count, maximum: params.gLagrange.count)
        }
        return MultiScalarMultiplication.msm(points: params.gLagrange, scalars: values).affine
    }

    /// `f(z)` by Horner's rule.
    public static func evaluate(_ coefficients: [Fr], at z: Fr) -> Fr {
        var acc = Fr.zero
        for c in coefficients.reversed() { acc = acc * z + c }
        return acc
    }

    /// The quotient `(f(X) − f(z))/(X − z)` by synthetic division (`deg f` multiplications).
    public static func divideByLinear(_ coefficients: [Fr], at z: Fr) -> [Fr] {
        guard coefficients.count > 1 else { return [] }
        var q = [Fr](repeating: .zero, count: coefficients.count - 1)
        var carry = Fr.zero
        for i in stride(from: coefficients.count - 1, through: 1, by: -1) {
            carry = coefficients[i] + carry * z
            q[i - 1] = carry
        }
        return q
    }

    /// The distinct points of `queries` in order of first appearance, with the query indices
    /// of each.
    static func groupByPoint(_ points: [Fr]) -> [(Fr, [Int])] {
        var groups: [(Fr, [Int])] = []
        var index: [Fr: Int] = [:]
        for (i, z) in points.enumerated() {
            if let j = index[z] { groups[j].1.append(i) } else { index[z] = groups.count; groups.append((z, [i])) }
        }
        return groups
    }

    /// Produces the GWC opening of `polynomials` (coefficient form) at the `(polynomial, point)`
    /// pairs `queries` with the batching challenge `v`. Cost: one MSM of size `max deg` per
    /// distinct point.
    public static func open(
        _ params: KZGParams, polynomials: [[Fr]], queries: [(polynomial: Int, point: Fr)], v: Fr
    ) throws(KZGError) -> KZGMultiOpening {
        for q in queries where q.polynomial < 0 || q.polynomial >= polynomials.count {
            throw .polynomialIndexOutOfRange(index: q.polynomial, count: polynomials.count)
        }
        var witnesses: [G1Affine] = []
        for (z, members) in groupByPoint(queries.map(\.point)) {
            let length = members.map { polynomials[queries[$0].polynomial].count }.max() ?? 0
            var h = [Fr](repeating: .zero, count: length)
            var power = Fr.one
            for m in members {
                for (i, c) in polynomials[queries[m].polynomial].enumerated() { h[i] = h[i] + power * c }
                power = power * v
            }
            witnesses.append(try commit(params, coefficients: divideByLinear(h, at: z)))
        }
        return KZGMultiOpening(witnesses: witnesses)
    }

    /// Verifies a GWC opening of `commitments` at `queries` (with claimed values) for
    /// challenges `v`, `u`. Throws ``KZGError/pairingCheckFailed`` when the equation fails and
    /// shape errors for malformed input; never traps on hostile input.
    /// Cost: one small MSM and one two-pair multi-pairing.
    public static func verify(
        g2: G2Affine, sG2: G2Affine, commitments: [G1Affine], queries: [KZGQuery],
        opening: KZGMultiOpening, v: Fr, u: Fr
    ) throws(KZGError) {
        for q in queries where q.polynomial < 0 || q.polynomial >= commitments.count {
            throw .polynomialIndexOutOfRange(index: q.polynomial, count: commitments.count)
        }
        let groups = groupByPoint(queries.map(\.point))
        guard opening.witnesses.count == groups.count else {
            throw .wrongWitnessCount(expected: groups.count, got: opening.witnesses.count)
        }
        for w in opening.witnesses where !w.isOnCurve {
            throw .pairingCheckFailed
        }
        var points: [G1Affine] = []
        var scalars: [Fr] = []
        var valueSum = Fr.zero
        var uPower = Fr.one
        for (j, (z, members)) in groups.enumerated() {
            var vPower = Fr.one
            for m in members {
                points.append(commitments[queries[m].polynomial])
                scalars.append(uPower * vPower)
                valueSum = valueSum + uPower * vPower * queries[m].value
                vPower = vPower * v
            }
            points.append(opening.witnesses[j])
            scalars.append(uPower * z)
            uPower = uPower * u
        }
        // R = Σ uʲ W_j.
        var right = G1.infinity
        uPower = .one
        for w in opening.witnesses { right = right + G1(w) * uPower; uPower = uPower * u }
        points.append(G1Curve.generator)
        scalars.append(-valueSum)
        let left = MultiScalarMultiplication.msm(points: points, scalars: scalars)
        let ok = BN254Pairing.pairingCheck([(left.affine, g2), ((-right).affine, sG2)])
        guard ok else { throw .pairingCheckFailed }
    }

    /// ``verify(g2:sG2:commitments:queries:opening:v:u:)`` with the verifier part of `params`.
    public static func verify(
        _ params: KZGParams, commitments: [G1Affine], queries: [KZGQuery], opening: KZGMultiOpening, v: Fr, u: Fr
    ) throws(KZGError) {
        try verify(g2: params.g2, sG2: params.sG2, commitments: commitments, queries: queries, opening: opening, v: v, u: u)
    }
}
