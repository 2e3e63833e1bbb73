/// Parameters of the FRI low-degree test (folding arity 2).
///
/// A committed vector of `2^logDomainSize` evaluations on a coset `shift·H` is shown to be close
/// to a polynomial of degree `< 2^(logDomainSize − logBlowup)`. Each round halves the domain; the
/// prover stops when `2^logFinalPolynomialLength` coefficients remain and sends them in the clear.
public struct FRIConfig: Sendable, Equatable {
    /// `log₂` of the blowup factor `ρ⁻¹` (rate `ρ = 2^−logBlowup`). At least 1.
    public var logBlowup: Int
    /// Number of query repetitions.
    public var numberOfQueries: Int
    /// Proof-of-work bits ground before the queries are sampled (0 disables grinding).
    public var proofOfWorkBits: Int
    /// `log₂` of the number of coefficients of the final polynomial.
    public var logFinalPolynomialLength: Int

    /// Folding arity: this implementation folds by 2 per round.
    public var foldingArity: Int { 2 }
    /// `2^logBlowup`.
    public var blowup: Int { 1 << logBlowup }

    public init(logBlowup: Int, numberOfQueries: Int, proofOfWorkBits: Int, logFinalPolynomialLength: Int) {
        self.logBlowup = logBlowup
        self.numberOfQueries = numberOfQueries
        self.proofOfWorkBits = proofOfWorkBits
        self.logFinalPolynomialLength = logFinalPolynomialLength
    }

    /// Defaults: blowup 4, 48 queries, 16 bits of grinding, final polynomial of 1 coefficient:
    /// 96 conjectured bits from the queries alone, 112 including grinding.
    public static let standard = FRIConfig(logBlowup: 2, numberOfQueries: 48, proofOfWorkBits: 16, logFinalPolynomialLength: 0)

    /// Whether the parameters are usable at all (independent of the domain size).
    public var isValid: Bool {
        logBlowup >= 1 && logBlowup <= 20 && numberOfQueries >= 1 && numberOfQueries <= 1024
            && proofOfWorkBits >= 0 && proofOfWorkBits <= 27
            && logFinalPolynomialLength >= 0 && logFinalPolynomialLength <= 20
    }

    /// Bits of security of the extension field 𝔽ₚ⁴ = ⌊4·log₂ p⌋ = 123: no argument over it can
    /// claim more (a random challenge collides with a bad value with probability ≥ 1/|𝔽ₚ⁴|).
    public static let fieldSecurityBits = 123  // 4·log₂(2013265921) = 4·30.907… = 123.6

    /// Conjectured security in bits under the "ethSTARK conjecture" (each query against a word far
    /// from the code passes with probability at most the rate `ρ`), as Plonky3 reports it:
    /// `logBlowup · numberOfQueries`, plus `proofOfWorkBits` when `includingGrinding`, capped at
    /// ``fieldSecurityBits``. Proven (rather than conjectured) bounds are lower.
    public func conjecturedSecurityBits(includingGrinding: Bool = true) -> Int {
        let bits = logBlowup * numberOfQueries + (includingGrinding ? proofOfWorkBits : 0)
        return min(bits, Self.fieldSecurityBits)
    }

    /// Number of folding rounds for a domain of `2^logDomainSize` points, or `nil` when the
    /// domain is too small for the blowup and final length.
    public func numberOfRounds(logDomainSize: Int) -> Int? {
        let rounds = logDomainSize - logBlowup - logFinalPolynomialLength
        return rounds >= 0 ? rounds : nil
    }
}
