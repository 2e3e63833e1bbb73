import SproutCoreBN254

/// The evaluation domains of a circuit with `n = 2ᵏ` rows: `H = ⟨ω⟩` and the extended coset
/// `g·H′` (`|H′| = 2ᵉ·n ≥ (degree − 1)·n`, `g = 7`) where the quotient is computed.
struct PlonkDomain: Sendable {
    let k: Int
    let n: Int
    let domain: EvaluationDomain
    let extendedK: Int
    let extended: EvaluationDomain
    /// Number of `n`-coefficient pieces of the quotient: `degree − 1`.
    let quotientPieces: Int
    /// Index of the row marked `l_last`; rows `0..<lastRow` are usable, the rest blind.
    let lastRow: Int

    /// The coset shift `g` (halo2curves' multiplicative generator of 𝔽r*; `gⁿ ≠ 1`).
    static let cosetShift = Fr(integer: 7)
    /// `δ = g^(2²⁸)`: permutation column `j` labels its cells `δʲ·ωⁱ`, disjoint cosets of `H`.
    static let delta: Fr = {
        var d = Fr(integer: 7)
        for _ in 0..<FrParameters.twoAdicity { d = d.squared() }
        return d
    }()

    init(k: Int, cs: ConstraintSystem) throws(Halo2Error) {
        let pieces = cs.degree - 1
        var e = 0
        while (1 << e) < pieces { e += 1 }
        guard k >= 1, k + e <= FrParameters.twoAdicity, let d = EvaluationDomain(logSize: k), let x = EvaluationDomain(logSize: k + e) else {
            throw .unsupportedK(k)
        }
        self.k = k; n = 1 << k; domain = d; extendedK = k + e; extended = x; quotientPieces = pieces
        lastRow = n - cs.blindingFactors - 1
        guard lastRow >= 1 else { throw .unsupportedK(k) }
    }

    /// Lagrange values → coefficients.
    func coefficients(_ values: [Fr]) -> [Fr] {
        var v = values
        domain.ifft(&v)
        return v
    }

    /// Coefficients (`≤ n`) → evaluations on the extended coset.
    func extendedEvaluations(_ coefficients: [Fr]) -> [Fr] {
        var v = coefficients + [Fr](repeating: .zero, count: extended.size - coefficients.count)
        extended.cosetFFT(&v, shift: Self.cosetShift)
        return v
    }

    /// `ωʳ`, for a rotation `r` (negative allowed).
    func rotate(_ x: Fr, by rotation: Int) -> Fr {
        let w = rotation >= 0 ? domain.omega : domain.omegaInverse
        var p = x
        for _ in 0..<abs(rotation) { p = p * w }
        return p
    }

    /// `Lᵢ(x) = ωⁱ(xⁿ − 1)/(n(x − ωⁱ))` for each row `i` of `rows`; `x` must lie outside `H`.
    func lagrange(at x: Fr, rows: [Int]) -> [Fr] {
        let xn = power(x, n)
        let common = (xn - .one) * domain.sizeInverse
        let omegas = rows.map { power(domain.omega, $0) }
        let inverses = omegas.map { x - $0 }.batchInverted()
        return (0..<rows.count).map { omegas[$0] * common * inverses[$0] }
    }

    func power(_ x: Fr, _ e: Int) -> Fr {
        x.power(limbs: (UInt64(e), 0, 0, 0))
    }
}
