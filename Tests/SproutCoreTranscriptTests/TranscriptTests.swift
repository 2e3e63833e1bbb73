import Testing
import SproutCoreField
import SproutCoreHash
import SproutCoreTranscript

@Suite("Transcript")
struct TranscriptTests {
    static func script(_ t: inout Transcript) -> [String] {
        var out: [String] = []
        t.observe(BabyBear(1))
        t.observe((0..<20).map { BabyBear(UInt32($0)) })
        out.append(t.sample().description)
        t.observe(BabyBearExt4(1, 2, 3, 4))
        out.append(t.sampleExtension().description)
        t.observe(Poseidon2Hasher.hash([BabyBear(9)]))
        out.append(t.sampleIndices(count: 5, logDomainSize: 20).description)
        t.observe(integer: 1 << 40)
        out.append(t.sampleBits(3).description)
        return out
    }

    @Test func proverAndVerifierDeriveTheSameChallenges() {
        var prover = Transcript(domain: "sprout.test")
        var verifier = Transcript(domain: "sprout.test")
        #expect(Self.script(&prover) == Self.script(&verifier))
        #expect(prover == verifier)
    }

    @Test func differentDomainsGiveDifferentChallenges() {
        var a = Transcript(domain: "sprout.test")
        var b = Transcript(domain: "sprout.tesu")
        var c = Transcript(domain: "")
        var d = Transcript(domain: "sprout.test\0")
        let sa = a.sample(), sb = b.sample(), sc = c.sample(), sd = d.sample()
        #expect(Set([sa, sb, sc, sd]).count == 4)
    }

    @Test func differentObservationsGiveDifferentChallenges() {
        var a = Transcript(domain: "x")
        var b = Transcript(domain: "x")
        a.observe(BabyBear(5))
        b.observe(BabyBear(6))
        #expect(a.sample() != b.sample())
        // Order matters.
        var c = Transcript(domain: "x"), d = Transcript(domain: "x")
        c.observe([BabyBear(1), BabyBear(2)])
        d.observe([BabyBear(2), BabyBear(1)])
        #expect(c.sample() != d.sample())
        // An observation between samples changes the following samples.
        var e = Transcript(domain: "x"), f = Transcript(domain: "x")
        _ = e.sample(); _ = f.sample()
        f.observe(BabyBear.zero)
        #expect(e.sample() != f.sample())
    }

    @Test func consecutiveSamplesDiffer() {
        var t = Transcript(domain: "x")
        let samples = (0..<40).map { _ in t.sample() }
        #expect(Set(samples).count == 40)
    }

    @Test func sampledIndicesAreInRange() {
        var t = Transcript(domain: "x")
        for log in [0, 1, 5, 20, 27] {
            for index in t.sampleIndices(count: 50, logDomainSize: log) {
                #expect(index >= 0 && index < 1 << log)
            }
        }
    }

    @Test(arguments: [0, 1, 8, 12])
    func proofOfWorkIsFoundAndVerified(bits: Int) {
        var prover = Transcript(domain: "pow")
        prover.observe(BabyBear(42))
        let witness = prover.grind(bits: bits)
        var verifier = Transcript(domain: "pow")
        verifier.observe(BabyBear(42))
        let accepted = verifier.checkProofOfWork(bits: bits, witness: witness)
        #expect(accepted)
        #expect(prover.sample() == verifier.sample(), "grinding leaves both transcripts in step")
        // The grind is deterministic: the same smallest witness every time.
        var again = Transcript(domain: "pow")
        again.observe(BabyBear(42))
        #expect(again.grind(bits: bits) == witness)
    }

    @Test func wrongProofOfWorkIsRejected() {
        var prover = Transcript(domain: "pow")
        let witness = prover.grind(bits: 10)
        // Every smaller candidate fails (the prover returns the smallest passing one).
        for candidate in 0..<witness.value {
            var verifier = Transcript(domain: "pow")
            let accepted = verifier.checkProofOfWork(bits: 10, witness: BabyBear(candidate))
            #expect(!accepted)
        }
        var otherDomain = Transcript(domain: "pow2")
        let passes = otherDomain.checkProofOfWork(bits: 10, witness: witness)
        // A witness for one transcript passes another only by chance (2⁻¹⁰); this fixed case does not.
        #expect(!passes)
    }
}
