import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

/// Verifies ``FRIProof``s.
public enum FRIVerifier {
    /// Binds the statement (parameters, domain size and shift) into the transcript first.
    static func observeStatement(config: FRIConfig, logDomainSize: Int, shift: BabyBear, transcript: inout Transcript) {
        transcript.observe(integer: UInt64(config.logBlowup))
        transcript.observe(integer: UInt64(config.numberOfQueries))
        transcript.observe(integer: UInt64(config.proofOfWorkBits))
        transcript.observe(integer: UInt64(config.logFinalPolynomialLength))
        transcript.observe(integer: UInt64(config.logFoldingArity))
        transcript.observe(integer: UInt64(logDomainSize))
        transcript.observe(shift)
    }

    /// Checks `proof` for a committed vector of `2^logDomainSize` evaluations on `shift·H`.
    ///
    /// Returns the query indices and, for each, the value of the first layer at that index
    /// (authenticated by `proof.commitments[0]`), so that a caller can tie them to its own
    /// openings (e.g. a DEEP quotient). The first commitment is the commitment to the input.
    ///
    /// Soundness: see ``FRIConfig/conjecturedSecurityBits(includingGrinding:)``.
    /// Throws: the first ``FRIError`` found; never traps on hostile proofs.
    /// Complexity: `O(numberOfQueries · logDomainSize)` hashes.
    public static func verify(proof: FRIProof, logDomainSize: Int, shift: BabyBear, config: FRIConfig, transcript: inout Transcript) throws(FRIError) -> [(index: Int, value: BabyBearExt4)] {
        guard config.isValid else { throw .invalidConfiguration("parameters out of range: \(config)") }
        guard logDomainSize >= 1, logDomainSize <= BabyBear.twoAdicity, let rounds = config.numberOfRounds(logDomainSize: logDomainSize),
              let finalLength = config.finalPolynomialLength(logDomainSize: logDomainSize) else {
            throw .invalidConfiguration("domain 2^\(logDomainSize) does not fit the configuration")
        }
        guard rounds >= 1 else { throw .invalidConfiguration("at least one folding round is needed to authenticate the input") }
        if proof.logFoldingArity != config.logFoldingArity {
            throw .foldingArityMismatch(expected: config.logFoldingArity, got: proof.logFoldingArity)
        }
        if proof.commitments.count != rounds { throw .shapeMismatch(field: "commitment count", expected: rounds, got: proof.commitments.count) }
        if proof.openings.count != rounds { throw .shapeMismatch(field: "opening count", expected: rounds, got: proof.openings.count) }
        if proof.finalPolynomial.count != finalLength { throw .shapeMismatch(field: "final polynomial length", expected: finalLength, got: proof.finalPolynomial.count) }

        observeStatement(config: config, logDomainSize: logDomainSize, shift: shift, transcript: &transcript)
        var betas: [BabyBearExt4] = []
        for commitment in proof.commitments {
            transcript.observe(commitment)
            betas.append(transcript.sampleExtension())
        }
        transcript.observe(proof.finalPolynomial)
        guard transcript.checkProofOfWork(bits: config.proofOfWorkBits, witness: proof.proofOfWorkWitness) else { throw .proofOfWorkFailed }
        let queries = transcript.sampleIndices(count: config.numberOfQueries, logDomainSize: logDomainSize)

        // Authenticate every layer's opened leaves (k = arity values each) and index them by leaf.
        let arityBits = config.logFoldingArity, arity = config.foldingArity
        var leavesByRound: [[Int: [BabyBearExt4]]] = []
        for round in 0..<rounds {
            let opening = proof.openings[round]
            let expectedIndices = Array(Set(queries.map { $0 >> (arityBits * (round + 1)) })).sorted()
            if opening.indices != expectedIndices {
                throw .shapeMismatch(field: "round \(round) opened index count", expected: expectedIndices.count, got: opening.indices.count)
            }
            do {
                try opening.verify(root: proof.commitments[round], logHeight: logDomainSize - arityBits * (round + 1), width: 4 * arity)
            } catch {
                throw .merkle(round: round, error)
            }
            var leaves: [Int: [BabyBearExt4]] = [:]
            for (index, row) in zip(opening.indices, opening.rows) {
                leaves[index] = (0..<arity).map { BabyBearExt4(row[4 * $0], row[4 * $0 + 1], row[4 * $0 + 2], row[4 * $0 + 3]) }
            }
            leavesByRound.append(leaves)
        }

        var results: [(index: Int, value: BabyBearExt4)] = []
        for (queryNumber, query) in queries.enumerated() {
            var layerShift = shift
            var current = BabyBearExt4.zero
            for round in 0..<rounds {
                let logSize = logDomainSize - arityBits * round
                let position = query >> (arityBits * round)
                let leafIndex = position >> arityBits
                guard let leaf = leavesByRound[round][leafIndex] else {
                    throw .shapeMismatch(field: "round \(round) opening for query \(queryNumber)", expected: 1, got: 0)
                }
                let opened = leaf[position & (arity - 1)]
                if round == 0 {
                    results.append((query, opened))
                } else if opened != current {
                    throw .foldingMismatch(query: queryNumber, round: round)
                }
                current = FRIFolding.foldLeaf(leaf, leaf: leafIndex, logSize: logSize, shift: layerShift, beta: betas[round])
                for _ in 0..<arityBits { layerShift = layerShift.squared() }
            }
            // The final layer has 2^(logDomainSize − arityBits·rounds) points on layerShift·H'.
            let finalLogSize = logDomainSize - arityBits * rounds
            let finalPosition = query >> (arityBits * rounds)
            let omega = BabyBear.rootOfUnity(logOrder: finalLogSize)
            let point = layerShift * omega.power(UInt64(NTT.bitReverse(finalPosition, bits: finalLogSize)))
            var evaluation = BabyBearExt4.zero
            for c in proof.finalPolynomial.reversed() { evaluation = evaluation * point + c }
            if evaluation != current { throw .finalPolynomialMismatch(query: queryNumber) }
        }
        return results
    }
}
