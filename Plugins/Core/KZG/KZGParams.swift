public import SproutCoreBN254
import SproutCoreField

/// KZG structured reference string over BN254, laid out like PSE halo2's `ParamsKZG<Bn256>`:
/// `g[i] = [τⁱ]G₁` (monomial basis, `i < n = 2ᵏ`), `gLagrange[i] = [Lᵢ(τ)]G₁` for the Lagrange
/// basis of the size-`n` subgroup `H`, `g2 = G₂` and `sG2 = [τ]G₂`.
///
/// A commitment to `f = Σ aᵢXⁱ` is `[f(τ)]G₁ = Σ aᵢ·g[i]`; an opening at `z` is checked with
/// `e(C − [y]G₁ + z·W, G₂) = e(W, [τ]G₂)`.
///
/// Threading: immutable and `Sendable`.
public struct KZGParams: Sendable {
    /// `log₂ n`.
    public let k: Int
    public let g: [G1Affine]
    public let gLagrange: [G1Affine]
    public let g2: G2Affine
    public let sG2: G2Affine

    /// `n = 2ᵏ`.
    public var n: Int { 1 << k }

    /// The largest `k` accepted from files (halo2 circuits stop well below 2²⁸ rows).
    public static let maxK: UInt32 = 26

    /// Wraps points without checks; use ``verifyStructure()`` for untrusted parameters.
    public init(k: Int, g: [G1Affine], gLagrange: [G1Affine], g2: G2Affine, sG2: G2Affine) {
        self.k = k; self.g = g; self.gLagrange = gLagrange; self.g2 = g2; self.sG2 = sG2
    }

    /// **INSECURE — development and tests only.** Parameters from a *known* secret `tau`:
    /// anyone who knows `tau` can forge openings for every commitment made with them.
    /// Never use these for proofs that anyone else relies on.
    ///
    /// Cost: `2n` scalar multiplications of G₁ plus one batch normalisation.
    public static func insecureDevelopmentSetup(k: Int, tau: Fr) -> KZGParams {
        precondition(k >= 0 && k <= Int(maxK), "insecureDevelopmentSetup: k = \(k) out of range")
        let n = 1 << k
        let generator = G1.generator
        var powers = [Fr](repeating: .one, count: n)
        for i in 1..<max(1, n) { powers[i] = powers[i - 1] * tau }
        let g = powers.map { generator * $0 }.batchAffine()
        // Lᵢ(τ) = ωⁱ(τⁿ − 1) / (n(τ − ωⁱ)), or [τ = ωⁱ] when τ ∈ H.
        let domain = EvaluationDomain(logSize: k)!
        let tauN = powers[n - 1] * tau
        var lagrange = [Fr](repeating: .zero, count: n)
        var omegaI = Fr.one
        if tauN == .one {
            for i in 0..<n { if omegaI == tau { lagrange[i] = .one }; omegaI = omegaI * domain.omega }
        } else {
            let common = (tauN - .one) * domain.sizeInverse
            var denominators = [Fr](repeating: .one, count: n)
            for i in 0..<n { denominators[i] = tau - omegaI; omegaI = omegaI * domain.omega }
            let inverses = denominators.batchInverted()
            omegaI = .one
            for i in 0..<n { lagrange[i] = omegaI * common * inverses[i]; omegaI = omegaI * domain.omega }
        }
        let gLagrange = lagrange.map { generator * $0 }.batchAffine()
        return KZGParams(k: k, g: g, gLagrange: gLagrange, g2: G2Curve.generator, sG2: (G2.generator * tau).affine)
    }

    /// Checks that the parameters are powers of one secret, with random linear combinations
    /// (soundness error about `n/r` per check):
    /// `e(Σρⁱg[i+1], G₂) = e(Σρⁱg[i], sG₂)`, `g2` is the standard generator, and for a random
    /// evaluation vector `e`, `Σ eᵢ·gLagrange[i] = Σ (IFFT e)ᵢ·g[i]`.
    /// Cost: three MSMs of size n and one two-pairing check.
    public func verifyStructure() throws(KZGError) {
        guard g.count == n, gLagrange.isEmpty || gLagrange.count == n else {
            throw .inconsistentParameters("point counts \(g.count), \(gLagrange.count) for n = \(n)")
        }
        guard g2 == G2Curve.generator else { throw .inconsistentParameters("g2 is not the G2 generator") }
        guard !sG2.isInfinity, sG2.isInSubgroup else { throw .inconsistentParameters("s_g2 not in G2") }
        if n >= 2 {
            let rho = Fr.random()
            var coefficients = [Fr](repeating: .one, count: n - 1)
            for i in 1..<(n - 1) { coefficients[i] = coefficients[i - 1] * rho }
            let shifted = MultiScalarMultiplication.msm(points: Array(g[1...]), scalars: coefficients)
            let base = MultiScalarMultiplication.msm(points: Array(g[..<(n - 1)]), scalars: coefficients)
            let ok = BN254Pairing.pairingCheck([(shifted.affine, g2), ((-base).affine, sG2)])
            guard ok else { throw .inconsistentParameters("g is not a power sequence matching s_g2") }
        }
        if !gLagrange.isEmpty {
            var e = (0..<n).map { _ in Fr.random() }
            let lhs = MultiScalarMultiplication.msm(points: gLagrange, scalars: e)
            EvaluationDomain(logSize: k)!.ifft(&e)
            let rhs = MultiScalarMultiplication.msm(points: g, scalars: e)
            guard lhs == rhs else { throw .inconsistentParameters("g_lagrange does not match g") }
        }
    }
}
