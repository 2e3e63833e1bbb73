import SproutCoreAIR
import SproutCoreField
import SproutCoreTranscript

/// LogUp terms fixed by the statement instead of a trace: tuples the verifier itself sends or
/// receives on a bus, e.g. the bytes of a public input stream that a table must consume in full.
///
/// Both sides add `Σ ±1/(α − φ(tuple))` (``LogUp/fingerprint(_:)`` with constant values) to
/// the balance, so the tables' claimed sums must add up to `−Σ` instead of 0. The tuples are
/// observed in the transcript before the LogUp challenges are drawn, so they cannot be chosen
/// after `α, γ`. Soundness as for ``AIRInteraction``: a tuple sent or received here must be
/// matched by the tables with the same multiplicity, except with probability about
/// (tuples + total rows · terms)/|𝔽ₚ⁴|.
public struct STARKPublicLookup: Sendable, Equatable {
    public var bus: Int
    /// Each tuple is sent (`isSend`) or received once.
    public var tuples: [[BabyBear]]
    public var isSend: Bool

    public init(bus: Int, tuples: [[BabyBear]], isSend: Bool) {
        self.bus = bus
        self.tuples = tuples
        self.isSend = isSend
    }

    func observe(into transcript: inout Transcript) {
        transcript.observe(integer: UInt64(bus))
        transcript.observe(integer: isSend ? 1 : 0)
        transcript.observe(integer: UInt64(tuples.count))
        for tuple in tuples {
            transcript.observe(integer: UInt64(tuple.count))
            transcript.observe(tuple)
        }
    }

    /// `Σ ±1/(α − φ)` over the tuples, or `nil` if a denominator vanishes.
    func sum(challenges: [BabyBearExt4]) -> BabyBearExt4? {
        let alpha = challenges[LogUp.alphaIndex], gamma = challenges[LogUp.gammaIndex]
        var denominators: [BabyBearExt4] = []
        denominators.reserveCapacity(tuples.count)
        for tuple in tuples {
            var accumulator = BabyBearExt4.zero
            for v in tuple.reversed() { accumulator = (accumulator + BabyBearExt4(v)) * gamma }
            let denominator = alpha - (accumulator + BabyBearExt4(BabyBear(UInt32(bus))))
            if denominator.isZero { return nil }
            denominators.append(denominator)
        }
        denominators.batchInvert()
        let total = denominators.reduce(BabyBearExt4.zero, +)
        return isSend ? total : .zero - total
    }

    /// Observes `lookups` (nothing at all when empty, so proofs without them are unchanged).
    static func observe(_ lookups: [STARKPublicLookup], into transcript: inout Transcript) {
        if lookups.isEmpty { return }
        transcript.observe(integer: UInt64(lookups.count))
        for lookup in lookups { lookup.observe(into: &transcript) }
    }

    /// The summed contribution of `lookups`, or `nil` if a denominator vanishes.
    static func total(_ lookups: [STARKPublicLookup], challenges: [BabyBearExt4]) -> BabyBearExt4? {
        var total = BabyBearExt4.zero
        for lookup in lookups {
            guard let s = lookup.sum(challenges: challenges) else { return nil }
            total = total + s
        }
        return total
    }
}
