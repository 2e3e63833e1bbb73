import Testing
import SproutCoreField
import SproutCoreFRI
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // wraps by design: SplitMix64 works mod 2⁶⁴
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9  // mod 2⁶⁴ by design
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB  // mod 2⁶⁴ by design
        return z ^ (z >> 31)
    }
}

/// Bit-reversed evaluations on `shift·H` (|H| = 2^logDomainSize) of a random polynomial with
/// `2^(logDomainSize − logBlowup)` extension coefficients.
func lowDegreeCodeword(logDomainSize: Int, logBlowup: Int, shift: BabyBear, seed: UInt64) -> (coefficients: [BabyBearExt4], evaluations: [BabyBearExt4]) {
    var rng = SplitMix(state: seed)
    let coefficients = (0..<(1 << (logDomainSize - logBlowup))).map { _ in BabyBearExt4.random(using: &rng) }
    let coordinates = (0..<4).map { k in
        NTT.evaluateOnCoset(coefficients: coefficients.map { $0.coefficients[k] }, logSize: logDomainSize, shift: shift, bitReversedOutput: true)
    }
    let evaluations = (0..<(1 << logDomainSize)).map { BabyBearExt4(coordinates[0][$0], coordinates[1][$0], coordinates[2][$0], coordinates[3][$0]) }
    return (coefficients, evaluations)
}

let smallConfig = FRIConfig(logBlowup: 1, numberOfQueries: 4, proofOfWorkBits: 2, logFinalPolynomialLength: 0)

func proveSmall(seed: UInt64 = 1) throws -> (FRIProof, [BabyBearExt4]) {
    let (_, evaluations) = lowDegreeCodeword(logDomainSize: 6, logBlowup: 1, shift: BabyBear.generator, seed: seed)
    var transcript = Transcript(domain: "fri.test")
    let (proof, _) = try FRIProver.prove(evaluations: evaluations, shift: BabyBear.generator, config: smallConfig, transcript: &transcript)
    return (proof, evaluations)
}

func verifies(_ proof: FRIProof, logDomainSize: Int = 6, shift: BabyBear = BabyBear.generator, config: FRIConfig = smallConfig, domain: String = "fri.test") -> Bool {
    var transcript = Transcript(domain: domain)
    return (try? FRIVerifier.verify(proof: proof, logDomainSize: logDomainSize, shift: shift, config: config, transcript: &transcript)) != nil
}

@Suite("FRI")
struct FRITests {
    @Test(arguments: [
        (8, FRIConfig(logBlowup: 1, numberOfQueries: 10, proofOfWorkBits: 0, logFinalPolynomialLength: 0)),
        (10, FRIConfig(logBlowup: 2, numberOfQueries: 20, proofOfWorkBits: 4, logFinalPolynomialLength: 2)),
        (12, FRIConfig(logBlowup: 3, numberOfQueries: 8, proofOfWorkBits: 8, logFinalPolynomialLength: 1)),
        (14, FRIConfig.standard),
    ])
    func honestProofsVerify(logDomainSize: Int, config: FRIConfig) throws {
        let shift = BabyBear.generator
        let (_, evaluations) = lowDegreeCodeword(logDomainSize: logDomainSize, logBlowup: config.logBlowup, shift: shift, seed: UInt64(logDomainSize))
        var proverTranscript = Transcript(domain: "fri.test")
        let (proof, queries) = try FRIProver.prove(evaluations: evaluations, shift: shift, config: config, transcript: &proverTranscript)
        var verifierTranscript = Transcript(domain: "fri.test")
        let opened = try FRIVerifier.verify(proof: proof, logDomainSize: logDomainSize, shift: shift, config: config, transcript: &verifierTranscript)
        #expect(opened.map(\.index) == queries)
        for (index, value) in opened { #expect(evaluations[index] == value) }
        #expect(proverTranscript == verifierTranscript, "prover and verifier end in the same transcript state")
        let decoded = try FRIProof(decoding: proof.encoded())
        #expect(decoded == proof)
    }

    @Test func proverRefusesHighDegreeInput() {
        var (_, evaluations) = lowDegreeCodeword(logDomainSize: 6, logBlowup: 1, shift: BabyBear.generator, seed: 3)
        evaluations[17] = evaluations[17] + BabyBearExt4.one
        var transcript = Transcript(domain: "fri.test")
        #expect(throws: FRIError.inputNotLowDegree) {
            try FRIProver.prove(evaluations: evaluations, shift: BabyBear.generator, config: smallConfig, transcript: &transcript)
        }
    }

    @Test func rejectsWrongStatement() throws {
        let (proof, _) = try proveSmall()
        #expect(verifies(proof))
        #expect(!verifies(proof, domain: "fri.other"), "different transcript domain")
        #expect(!verifies(proof, shift: BabyBear(7)), "different coset shift")
        #expect(!verifies(proof, logDomainSize: 7), "different domain size")
        #expect(!verifies(proof, config: FRIConfig(logBlowup: 1, numberOfQueries: 5, proofOfWorkBits: 2, logFinalPolynomialLength: 0)))
    }

    @Test func rejectsTamperedProofElements() throws {
        let (proof, _) = try proveSmall()
        for r in proof.commitments.indices {
            var t = proof
            t.commitments[r].e0 = t.commitments[r].e0 + .one
            #expect(!verifies(t), "commitment \(r)")
        }
        for r in proof.openings.indices {
            for row in proof.openings[r].rows.indices {
                for c in 0..<8 {
                    var t = proof
                    t.openings[r].rows[row][c] = t.openings[r].rows[row][c] + .one
                    #expect(!verifies(t), "opening \(r) row \(row) column \(c)")
                }
            }
            for s in proof.openings[r].siblings.indices {
                var t = proof
                t.openings[r].siblings[s].e7 = t.openings[r].siblings[s].e7 + .one
                #expect(!verifies(t), "opening \(r) sibling \(s)")
            }
        }
        var t = proof
        t.finalPolynomial[0] = t.finalPolynomial[0] + .one
        #expect(!verifies(t), "final polynomial")
        // A witness that fails the 2-bit proof of work (the prover returned the smallest passing one,
        // so all smaller candidates fail).
        if proof.proofOfWorkWitness.value > 0 {
            var w = proof
            w.proofOfWorkWitness = BabyBear(proof.proofOfWorkWitness.value - 1)
            #expect(!verifies(w), "proof-of-work witness")
        }
    }

    @Test func rejectsEverySingleByteTamperOfTheEncoding() throws {
        let (proof, _) = try proveSmall(seed: 5)
        let bytes = proof.encoded()
        for position in bytes.indices {
            var tampered = bytes
            tampered[position] ^= 0x01
            let accepted = (try? FRIProof(decoding: tampered)).map { verifies($0) } ?? false
            #expect(!accepted, "byte \(position) of \(bytes.count)")
        }
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: ProofDecodingError.self) { try FRIProof(decoding: Array(bytes[0..<length])) }
        }
    }

    @Test func decodingRoundTripsAndRejectsTrailingBytesAndGarbage() throws {
        let (proof, _) = try proveSmall(seed: 6)
        let bytes = proof.encoded()
        #expect(try FRIProof(decoding: bytes) == proof)
        for extra: [UInt8] in [[0], [0xFF], [0, 0, 0, 0]] {
            #expect(throws: ProofDecodingError.self) { try FRIProof(decoding: bytes + extra) }
        }
        var state: UInt64 = 11
        for length in [0, 1, 2, 5, 16, 100, 1000, bytes.count] {
            let garbage = (0..<length).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // LCG mod 2⁶⁴, wraps by design
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            // Random bytes either fail to decode (with an error, not a trap) or do not verify.
            let accepted = (try? FRIProof(decoding: garbage)).map { verifies($0) } ?? false
            #expect(!accepted, "\(length) random bytes")
        }
    }

    @Test func securityBitsFollowTheConjecture() {
        #expect(FRIConfig.standard.conjecturedSecurityBits() == 112)
        #expect(FRIConfig.standard.conjecturedSecurityBits(includingGrinding: false) == 96)
        #expect(FRIConfig(logBlowup: 1, numberOfQueries: 100, proofOfWorkBits: 16, logFinalPolynomialLength: 0).conjecturedSecurityBits() == 116)
        #expect(FRIConfig(logBlowup: 4, numberOfQueries: 100, proofOfWorkBits: 20, logFinalPolynomialLength: 0).conjecturedSecurityBits() == FRIConfig.fieldSecurityBits)
        #expect(FRIConfig.fieldSecurityBits == 123)
    }

    @Test func rejectsInvalidConfigurations() {
        var transcript = Transcript(domain: "fri.test")
        let evaluations = [BabyBearExt4](repeating: .zero, count: 4)
        #expect(throws: FRIError.self) {
            try FRIProver.prove(evaluations: evaluations, shift: .one, config: FRIConfig(logBlowup: 3, numberOfQueries: 1, proofOfWorkBits: 0, logFinalPolynomialLength: 0), transcript: &transcript)
        }
        #expect(throws: FRIError.self) {
            try FRIProver.prove(evaluations: [BabyBearExt4](repeating: .zero, count: 6), shift: .one, config: smallConfig, transcript: &transcript)
        }
    }
}
