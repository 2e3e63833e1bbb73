import SproutCoreAIR
import SproutCoreField
import SproutCoreHash
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

    /// Observes the bus, the direction and a digest of the tuples: the encoding
    /// `[count, len₀, v₀…, len₁, v₁…, …]` is cut into rows of ``observedRowWidth`` elements
    /// (zero-padded; the encoding's length is observed too, so the padding is unambiguous),
    /// the rows are hashed 16 at a time by the batched Poseidon2 sponge, and their digests are
    /// hashed the same way until at most one row remains, which is observed. A statement's
    /// lookups can hold hundreds of thousands of tuples (a zkwasm segment's touched memory), and
    /// absorbing them element by element into the duplex transcript dominated verification.
    /// Binding as before: changing a tuple needs a Poseidon2 collision.
    func observe(into transcript: inout Transcript) {
        transcript.observe(integer: UInt64(bus))
        transcript.observe(integer: isSend ? 1 : 0)
        var encoding: [BabyBear] = [BabyBear(UInt32(truncatingIfNeeded: tuples.count))]
        encoding.reserveCapacity(1 + tuples.count * (1 + (tuples.first?.count ?? 0)))
        for tuple in tuples {
            encoding.append(BabyBear(UInt32(truncatingIfNeeded: tuple.count)))
            encoding.append(contentsOf: tuple)
        }
        transcript.observe(integer: UInt64(encoding.count))
        while encoding.count > Self.observedRowWidth {
            let rows = (encoding.count + Self.observedRowWidth - 1) / Self.observedRowWidth
            encoding.append(contentsOf: [BabyBear](repeating: .zero, count: rows * Self.observedRowWidth - encoding.count))
            var digests = [Poseidon2Digest](repeating: .zero, count: rows)
            encoding.withUnsafeBufferPointer { values in
                digests.withUnsafeMutableBufferPointer { Poseidon2Hasher.hash(rows: values, width: Self.observedRowWidth, into: $0) }
            }
            encoding = digests.flatMap { $0.elements }
        }
        transcript.observe(encoding)
    }

    /// Elements per hashed row of ``observe(into:)``: 16 sponge blocks of 8.
    static let observedRowWidth = 128

    /// `Σ ±1/(α − φ)` over the tuples, or `nil` if a denominator vanishes.
    func sum(challenges: [BabyBearExt4]) -> BabyBearExt4? {
        let alpha = challenges[LogUp.alphaIndex], gamma = challenges[LogUp.gammaIndex]
        // φ = bus + Σⱼ γʲ⁺¹·vⱼ with the powers of γ computed once: an 𝔽ₚ⁴ × 𝔽ₚ product per
        // value instead of a Horner step in 𝔽ₚ⁴.
        var gammaPowers: [BabyBearExt4] = [gamma]
        var denominators: [BabyBearExt4] = []
        denominators.reserveCapacity(tuples.count)
        let shiftedAlpha = alpha - BabyBearExt4(BabyBear(UInt32(bus)))
        for tuple in tuples {
            while gammaPowers.count < tuple.count { gammaPowers.append(gammaPowers[gammaPowers.count - 1] * gamma) }
            var fingerprint = BabyBearExt4.zero
            for (j, v) in tuple.enumerated() { fingerprint = fingerprint + gammaPowers[j] * v }
            let denominator = shiftedAlpha - fingerprint
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
