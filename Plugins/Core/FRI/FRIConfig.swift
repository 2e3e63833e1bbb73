/// Parameters of the FRI low-degree test.
///
/// A committed vector of `2^logDomainSize` evaluations on a coset `shift·H` is shown to be close
/// to a polynomial of degree `< 2^(logDomainSize − logBlowup)`. Each round divides the domain by
/// the folding arity `2^logFoldingArity`; the prover stops after ``numberOfRounds(logDomainSize:)``
/// rounds and sends the remaining ``finalPolynomialLength(logDomainSize:)`` coefficients in the clear.
public struct FRIConfig: Sendable, Equatable {
    /// `log₂` of the blowup factor `ρ⁻¹` (rate `ρ = 2^−logBlowup`). At least 1.
    public var logBlowup: Int
    /// Number of query repetitions.
    public var numberOfQueries: Int
    /// Proof-of-work bits ground before the queries are sampled (0 disables grinding).
    public var proofOfWorkBits: Int
    /// `log₂` of the number of coefficients of the final polynomial.
    public var logFinalPolynomialLength: Int

    /// `log₂` of the folding arity: 1, 2, 3 or 4 (arity 2, 4, 8 or 16).
    public var logFoldingArity: Int

    /// Evaluations folded into one per round (one Merkle leaf of a committed layer).
    public var foldingArity: Int { 1 << logFoldingArity }
    /// `2^logBlowup`.
    public var blowup: Int { 1 << logBlowup }

    public init(logBlowup: Int, numberOfQueries: Int, proofOfWorkBits: Int, logFinalPolynomialLength: Int, logFoldingArity: Int = 1) {
        self.logBlowup = logBlowup
        self.logFoldingArity = logFoldingArity
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
            && logFoldingArity >= 1 && logFoldingArity <= 4
    }

    /// Bits of security of the extension field 𝔽ₚ⁴ = ⌊4·log₂ p⌋ = 123: no argument over it can
    /// claim more (a random challenge collides with a bad value with probability ≥ 1/|𝔽ₚ⁴|).
    public static let fieldSecurityBits = 123  // 4·log₂(2013265921) = 4·30.907… = 123.6

    /// Conjectured security in bits under the "ethSTARK conjecture" (each query against a word far
    /// from the code passes with probability at most the rate `ρ`), as Plonky3 reports it:
    /// `logBlowup · numberOfQueries`, plus `proofOfWorkBits` when `includingGrinding`, capped at
    /// ``foldingChallengeSecurityBits``. Proven (rather than conjectured) bounds are lower.
    ///
    /// The arity does not change the query term (a query still lands on a far word's bad leaf with
    /// probability about `ρ`); it changes the folding challenge's term, see
    /// ``foldingChallengeSecurityBits``.
    public func conjecturedSecurityBits(includingGrinding: Bool = true) -> Int {
        let bits = logBlowup * numberOfQueries + (includingGrinding ? proofOfWorkBits : 0)
        return min(bits, foldingChallengeSecurityBits)
    }

    /// Cap from the folding challenges: an arity-`k` round combines `k` parts with `1, β, …, β^{k−1}`,
    /// a polynomial of degree `k − 1` in `β`, so a bad `β` has probability `(k − 1)` times that of
    /// arity 2: ``fieldSecurityBits`` `− ⌈log₂(k − 1)⌉` = 123, 121, 120, 119 for k = 2, 4, 8, 16.
    public var foldingChallengeSecurityBits: Int {
        // ⌈log₂(2^m − 1)⌉ is 0 for m = 1 and m for m ≥ 2.
        Self.fieldSecurityBits - (logFoldingArity == 1 ? 0 : logFoldingArity)
    }

    /// Number of folding rounds for a domain of `2^logDomainSize` points:
    /// `⌊(logDomainSize − logBlowup − logFinalPolynomialLength) / logFoldingArity⌋`, or `nil`
    /// when the domain is too small for the blowup and final length.
    public func numberOfRounds(logDomainSize: Int) -> Int? {
        let halvings = logDomainSize - logBlowup - logFinalPolynomialLength
        return halvings >= 0 ? halvings / logFoldingArity : nil
    }

    /// Coefficients of the final polynomial for a domain of `2^logDomainSize` points:
    /// `2^(logDomainSize − logBlowup − logFoldingArity·rounds)`. It equals
    /// `2^logFinalPolynomialLength` when `logFoldingArity` divides the number of halvings, and is
    /// up to `2^(logFoldingArity − 1)` times larger otherwise (the halvings a whole round cannot
    /// take), so that any domain size works with any arity.
    public func finalPolynomialLength(logDomainSize: Int) -> Int? {
        numberOfRounds(logDomainSize: logDomainSize).map { 1 << (logDomainSize - logBlowup - logFoldingArity * $0) }
    }
}
