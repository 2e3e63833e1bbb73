import SproutCoreFRI

/// Parameters of the STARK: the FRI parameters (blowup, queries, grinding, final polynomial) and
/// what follows from them.
///
/// Every table's traces are extended to `blowup = 2^logBlowup` times their height on the coset
/// `g·H` (`g = 31`). Constraints of degree up to `blowup + 1` are quotiented on that same
/// extension (the quotient of a degree-`d` constraint has degree below `(d − 1)·n`); higher
/// degrees cost one more extension of the traces to `2^⌈log₂(d − 1)⌉·n` points.
public struct STARKConfig: Sendable, Equatable {
    public var fri: FRIConfig

    public init(fri: FRIConfig) { self.fri = fri }

    /// ``FRIConfig/standard``: blowup 4, 48 queries, 16 bits of grinding. 96 conjectured bits
    /// from the queries alone, 112 with grinding; capped below by the algebraic bound of
    /// ``conjecturedSecurityBits(logMaxHeight:includingGrinding:)`` (101 bits at 2²⁰ rows).
    public static let standard = STARKConfig(fri: .standard)

    public var logBlowup: Int { fri.logBlowup }
    public var blowup: Int { fri.blowup }
    /// The largest constraint degree quotiented on the committed extension: `blowup + 1`.
    public var maxConstraintDegreeWithoutReextension: Int { blowup + 1 }

    /// Conjectured security in bits for proofs whose tallest table has `2^logMaxHeight` rows.
    ///
    /// `min(FRI, algebraic)`, where FRI gives `logBlowup·queries` (+ `proofOfWorkBits` when
    /// `includingGrinding`) under the ethSTARK conjecture (``FRIConfig/conjecturedSecurityBits(includingGrinding:)``),
    /// and the algebraic bound `⌊log₂|𝔽ₚ⁴|⌋ − log₂(n·blowup) = 123 − (logMaxHeight + logBlowup)`
    /// covers the out-of-domain point `z`, the constraint combiner `α`, the DEEP combiner `λ` and
    /// the LogUp challenges, each of which fails with probability about (polynomial degree)/|𝔽ₚ⁴|
    /// and every degree involved is below `n·blowup` times a small constant.
    ///
    /// For constraint degrees `d > blowup + 1` pass `maxConstraintDegree`: the bound then uses
    /// `log₂ q = ⌈log₂(d − 1)⌉` in place of `logBlowup` when larger.
    public func conjecturedSecurityBits(logMaxHeight: Int, maxConstraintDegree: Int = 2, includingGrinding: Bool = true) -> Int {
        let friBits = fri.conjecturedSecurityBits(includingGrinding: includingGrinding)
        let logQuotient = (max(maxConstraintDegree - 1, 1) - 1).bitWidthNeeded
        let algebraicBits = FRIConfig.fieldSecurityBits - (logMaxHeight + max(logBlowup, logQuotient))
        return max(0, min(friBits, algebraicBits))
    }
}

extension Int {
    /// Number of bits needed to write `self ≥ 0` (0 for 0): `⌈log₂(self + 1)⌉`.
    var bitWidthNeeded: Int { self <= 0 ? 0 : Int.bitWidth - leadingZeroBitCount }
}
