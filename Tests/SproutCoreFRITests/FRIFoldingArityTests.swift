import Testing
@testable import SproutCoreFRI
import SproutCoreField
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

/// Small parameters with folding arity `2^logArity` (domain 2^7, blowup 2: six halvings).
func arityConfig(_ logArity: Int) -> FRIConfig {
    FRIConfig(logBlowup: 1, numberOfQueries: 6, proofOfWorkBits: 2, logFinalPolynomialLength: 0, logFoldingArity: logArity)
}

func proveWithArity(_ logArity: Int, logDomainSize: Int = 7, seed: UInt64 = 21) throws -> FRIProof {
    let (_, evaluations) = lowDegreeCodeword(logDomainSize: logDomainSize, logBlowup: 1, shift: BabyBear.generator, seed: seed)
    var transcript = Transcript(domain: "fri.test")
    return try FRIProver.prove(evaluations: evaluations, shift: BabyBear.generator, config: arityConfig(logArity), transcript: &transcript).proof
}

/// What a cheating prover does with a word of too high degree: the honest steps, except that the
/// final layer's excess coefficients are dropped so that the proof has the expected shape.
func proveDroppingExcessCoefficients(evaluations: [BabyBearExt4], shift: BabyBear, config: FRIConfig) throws -> FRIProof {
    let logDomainSize = evaluations.count.trailingZeroBitCount
    let rounds = config.numberOfRounds(logDomainSize: logDomainSize)!
    let m = config.logFoldingArity
    var transcript = Transcript(domain: "fri.test")
    FRIVerifier.observeStatement(config: config, logDomainSize: logDomainSize, shift: shift, transcript: &transcript)
    var layer = evaluations, layerShift = shift
    var trees: [MerkleTree] = []
    for round in 0..<rounds {
        let tree = MerkleTree(matrix: FRIProver.leafMatrix(layer, arity: config.foldingArity))
        trees.append(tree)
        transcript.observe(tree.root)
        var beta = transcript.sampleExtension()
        for step in 0..<m {
            layer = FRIProver.fold(layer, logSize: logDomainSize - m * round - step, shift: layerShift, beta: beta)
            layerShift = layerShift.squared()
            beta = beta.squared()
        }
    }
    let all = try FRIProver.finalCoefficients(layer, shift: layerShift, keep: layer.count)
    let finalPolynomial = Array(all.prefix(config.finalPolynomialLength(logDomainSize: logDomainSize)!))
    transcript.observe(finalPolynomial)
    let witness = transcript.grind(bits: config.proofOfWorkBits)
    let queries = transcript.sampleIndices(count: config.numberOfQueries, logDomainSize: logDomainSize)
    let openings = (0..<rounds).map { r in trees[r].open(queries.map { $0 >> (m * (r + 1)) }) }
    return FRIProof(logFoldingArity: m, commitments: trees.map(\.root), openings: openings, finalPolynomial: finalPolynomial, proofOfWorkWitness: witness)
}

@Suite("FRI folding arity")
struct FRIFoldingArityTests {
    /// (logDomainSize, config, rounds, final length): 2^10 with blowup 2 has 9 halvings, so arity 4
    /// takes 4 rounds and keeps 2 coefficients, arity 8 takes 3 rounds, arity 16 takes 2 and keeps 2.
    @Test(arguments: [
        (10, FRIConfig(logBlowup: 1, numberOfQueries: 10, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: 1), 9, 1),
        (10, FRIConfig(logBlowup: 1, numberOfQueries: 10, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: 2), 4, 2),
        (10, FRIConfig(logBlowup: 1, numberOfQueries: 10, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: 3), 3, 1),
        (10, FRIConfig(logBlowup: 1, numberOfQueries: 10, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: 4), 2, 2),
        (12, FRIConfig(logBlowup: 2, numberOfQueries: 16, proofOfWorkBits: 4, logFinalPolynomialLength: 2, logFoldingArity: 2), 4, 4),
        (13, FRIConfig(logBlowup: 2, numberOfQueries: 16, proofOfWorkBits: 4, logFinalPolynomialLength: 1, logFoldingArity: 3), 3, 4),
    ])
    func honestProofsVerify(logDomainSize: Int, config: FRIConfig, rounds: Int, finalLength: Int) throws {
        #expect(config.numberOfRounds(logDomainSize: logDomainSize) == rounds)
        #expect(config.finalPolynomialLength(logDomainSize: logDomainSize) == finalLength)
        let shift = BabyBear.generator
        let (_, evaluations) = lowDegreeCodeword(logDomainSize: logDomainSize, logBlowup: config.logBlowup, shift: shift, seed: UInt64(logDomainSize * 10 + config.logFoldingArity))
        var proverTranscript = Transcript(domain: "fri.test")
        let (proof, queries) = try FRIProver.prove(evaluations: evaluations, shift: shift, config: config, transcript: &proverTranscript)
        #expect(proof.logFoldingArity == config.logFoldingArity)
        #expect(proof.commitments.count == rounds)
        #expect(proof.finalPolynomial.count == finalLength)
        #expect(proof.openings.allSatisfy { $0.rows.allSatisfy { $0.count == 4 * config.foldingArity } }, "one leaf holds the arity's values")
        var verifierTranscript = Transcript(domain: "fri.test")
        let opened = try FRIVerifier.verify(proof: proof, logDomainSize: logDomainSize, shift: shift, config: config, transcript: &verifierTranscript)
        #expect(opened.map(\.index) == queries)
        for (index, value) in opened { #expect(evaluations[index] == value) }
        #expect(proverTranscript == verifierTranscript)
        #expect(try FRIProof(decoding: proof.encoded()) == proof)
    }

    @Test(arguments: [1, 2, 3])
    func tooHighDegreeIsRejected(logArity: Int) throws {
        let config = FRIConfig(logBlowup: 1, numberOfQueries: 8, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: logArity)
        // Twice the allowed degree: 2^10 coefficients on a domain of 2^10 with blowup 2.
        let (_, evaluations) = lowDegreeCodeword(logDomainSize: 10, logBlowup: 0, shift: BabyBear.generator, seed: 40 + UInt64(logArity))
        var transcript = Transcript(domain: "fri.test")
        #expect(throws: FRIError.inputNotLowDegree) {
            try FRIProver.prove(evaluations: evaluations, shift: BabyBear.generator, config: config, transcript: &transcript)
        }
        let forged = try proveDroppingExcessCoefficients(evaluations: evaluations, shift: BabyBear.generator, config: config)
        var verifierTranscript = Transcript(domain: "fri.test")
        #expect(throws: FRIError.self) {
            try FRIVerifier.verify(proof: forged, logDomainSize: 10, shift: BabyBear.generator, config: config, transcript: &verifierTranscript)
        }
        // The same cheat on a low-degree word is an honest proof: the rejection above is the degree's doing.
        let (_, good) = lowDegreeCodeword(logDomainSize: 10, logBlowup: 1, shift: BabyBear.generator, seed: 50)
        let honest = try proveDroppingExcessCoefficients(evaluations: good, shift: BabyBear.generator, config: config)
        #expect(verifies(honest, logDomainSize: 10, config: config))
    }

    @Test(arguments: [2, 3, 4])
    func rejectsEverySingleByteTamperOfTheEncoding(logArity: Int) throws {
        let proof = try proveWithArity(logArity)
        #expect(verifies(proof, logDomainSize: 7, config: arityConfig(logArity)))
        let bytes = proof.encoded()
        for position in bytes.indices {
            var tampered = bytes
            tampered[position] ^= 0x01
            let accepted = (try? FRIProof(decoding: tampered)).map { verifies($0, logDomainSize: 7, config: arityConfig(logArity)) } ?? false
            #expect(!accepted, "byte \(position) of \(bytes.count)")
        }
    }

    @Test func rejectsMismatchedArity() throws {
        let two = try proveWithArity(1), four = try proveWithArity(2), eight = try proveWithArity(3)
        #expect(verifies(four, logDomainSize: 7, config: arityConfig(2)))
        var transcript = Transcript(domain: "fri.test")
        #expect(throws: FRIError.foldingArityMismatch(expected: 1, got: 2)) {
            try FRIVerifier.verify(proof: four, logDomainSize: 7, shift: BabyBear.generator, config: arityConfig(1), transcript: &transcript)
        }
        for (proof, logArity) in [(two, 2), (two, 3), (four, 3), (eight, 1), (eight, 2)] {
            #expect(!verifies(proof, logDomainSize: 7, config: arityConfig(logArity)), "arity \(1 << proof.logFoldingArity) proof, arity \(1 << logArity) parameters")
        }
        // Relabelling the arity does not help: the layers' shapes and the transcript still differ.
        var relabelled = four
        relabelled.logFoldingArity = 1
        #expect(!verifies(relabelled, logDomainSize: 7, config: arityConfig(1)))
        // The arity byte (right after magic and version) must be 1…4.
        var bytes = four.encoded()
        #expect(bytes[4] == 2)
        for bad: UInt8 in [0, 5, 0xFF] {
            bytes[4] = bad
            #expect(throws: ProofDecodingError.self) { try FRIProof(decoding: bytes) }
        }
        // Version 1 (arity 2 only, no arity byte) is no longer read.
        var old = two.encoded()
        old[3] = 1
        #expect(throws: ProofDecodingError.unsupportedVersion(expected: 2, got: 1)) { try FRIProof(decoding: old) }
    }

    @Test func rejectsUnsupportedArities() {
        for logArity in [0, 5] {
            #expect(!arityConfig(logArity).isValid)
            var transcript = Transcript(domain: "fri.test")
            #expect(throws: FRIError.self) {
                try FRIProver.prove(evaluations: [BabyBearExt4](repeating: .zero, count: 64), shift: .one, config: arityConfig(logArity), transcript: &transcript)
            }
        }
    }

    @Test func securityAccountsForTheArity() {
        #expect(FRIConfig.standard.foldingArity == 2)
        for (logArity, cap) in [(1, 123), (2, 121), (3, 120), (4, 119)] {
            let config = FRIConfig(logBlowup: 4, numberOfQueries: 100, proofOfWorkBits: 0, logFinalPolynomialLength: 0, logFoldingArity: logArity)
            #expect(config.foldingChallengeSecurityBits == cap)
            #expect(config.conjecturedSecurityBits() == cap)
            var standard = FRIConfig.standard
            standard.logFoldingArity = logArity
            #expect(standard.conjecturedSecurityBits() == 112, "the query term is unchanged")
        }
    }
}
