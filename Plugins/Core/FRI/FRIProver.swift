import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

/// Proves that a vector of extension-field evaluations on a coset is a low-degree polynomial.
///
/// Transcript order (shared with ``FRIVerifier``): the configuration (folding arity included) and
/// `logDomainSize`; for each round its commitment, then the folding challenge `β_r`; the final polynomial; the
/// proof-of-work check; then the query indices.
public enum FRIProver {
    /// Proves that `evaluations` (length `2^logDomainSize`, bit-reversed order, values
    /// `f(shift·ω^{rev(j)})`) come from a polynomial of degree `< 2^logDomainSize / blowup`.
    ///
    /// Returns the proof and the query indices (positions into `evaluations`) that the verifier
    /// will sample, so that a caller can open its own commitments at the same positions.
    /// Throws: ``FRIError/invalidConfiguration(_:)`` or ``FRIError/inputNotLowDegree`` (the prover
    /// refuses to produce a proof that cannot verify).
    /// Complexity: `O(n)` field operations plus `≈ n` Poseidon2 permutations for `n` evaluations,
    /// and `≈ 2^proofOfWorkBits` permutations of grinding.
    public static func prove(evaluations: [BabyBearExt4], shift: BabyBear, config: FRIConfig, transcript: inout Transcript) throws(FRIError) -> (proof: FRIProof, queryIndices: [Int]) {
        guard config.isValid else { throw .invalidConfiguration("parameters out of range: \(config)") }
        let n = evaluations.count
        guard n > 0, n & (n - 1) == 0 else { throw .invalidConfiguration("domain size \(n) is not a power of two") }
        let logDomainSize = n.trailingZeroBitCount
        guard logDomainSize <= BabyBear.twoAdicity, let rounds = config.numberOfRounds(logDomainSize: logDomainSize),
              let finalLength = config.finalPolynomialLength(logDomainSize: logDomainSize) else {
            throw .invalidConfiguration("domain 2^\(logDomainSize) is too small for blowup 2^\(config.logBlowup) and final length 2^\(config.logFinalPolynomialLength)")
        }
        FRIVerifier.observeStatement(config: config, logDomainSize: logDomainSize, shift: shift, transcript: &transcript)

        let arityBits = config.logFoldingArity
        var layer = evaluations
        var layerShift = shift
        var trees: [MerkleTree] = []
        var commitments: [Poseidon2Digest] = []
        for round in 0..<rounds {
            let tree = MerkleTree(matrix: leafMatrix(layer, arity: config.foldingArity))
            trees.append(tree)
            commitments.append(tree.root)
            transcript.observe(tree.root)
            // An arity-2^m round is m arity-2 folds with β, β², β⁴, … (see FRIFolding.foldLeaf).
            var beta = transcript.sampleExtension()
            for step in 0..<arityBits {
                layer = fold(layer, logSize: logDomainSize - arityBits * round - step, shift: layerShift, beta: beta)
                layerShift = layerShift.squared()
                beta = beta.squared()
            }
        }

        let finalPolynomial = try finalCoefficients(layer, shift: layerShift, keep: finalLength)
        transcript.observe(finalPolynomial)
        let witness = transcript.grind(bits: config.proofOfWorkBits)
        let queries = transcript.sampleIndices(count: config.numberOfQueries, logDomainSize: logDomainSize)

        var openings: [MerkleOpening] = []
        for round in 0..<rounds {
            openings.append(trees[round].open(queries.map { $0 >> (arityBits * (round + 1)) }))
        }
        let proof = FRIProof(logFoldingArity: arityBits, commitments: commitments, openings: openings, finalPolynomial: finalPolynomial, proofOfWorkWitness: witness)
        return (proof, queries)
    }

    /// Rows `[layer[k·i], …, layer[k·i + k − 1]]` (one coset `x·μ_k` in bit-reversed order)
    /// flattened to `4k` base elements.
    static func leafMatrix(_ layer: [BabyBearExt4], arity: Int) -> RowMajorMatrix<BabyBear> {
        var values: [BabyBear] = []
        values.reserveCapacity(layer.count * 4)
        for e in layer { values.append(e.c0); values.append(e.c1); values.append(e.c2); values.append(e.c3) }
        return RowMajorMatrix(width: 4 * arity, values: values)
    }

    /// One arity-2 fold of a bit-reversed layer on `shift·H` (`|H| = 2^logSize`).
    static func fold(_ layer: [BabyBearExt4], logSize: Int, shift: BabyBear, beta: BabyBearExt4) -> [BabyBearExt4] {
        let half = layer.count / 2
        // ω^{−j} for j < half, natural order; pair i uses ω^{−rev(i)}.
        let omegaInverse = BabyBear.rootOfUnity(logOrder: logSize).inverse
        var inversePowers = [BabyBear](repeating: .one, count: half)
        for j in 1..<max(half, 1) { inversePowers[j] = inversePowers[j - 1] * omegaInverse }
        let scale = shift.inverse * FRIFolding.halfInverse  // 1/(2·shift)
        var folded = [BabyBearExt4](repeating: .zero, count: half)
        for i in 0..<half {
            let halfInverseX = scale * inversePowers[NTT.bitReverse(i, bits: logSize - 1)]
            folded[i] = FRIFolding.fold(layer[2 * i], layer[2 * i + 1], beta: beta, halfInverseX: halfInverseX)
        }
        return folded
    }

    /// Coefficients of the polynomial whose bit-reversed evaluations on `shift·H` are `layer`,
    /// checked to have at most `keep` non-zero leading coefficients.
    static func finalCoefficients(_ layer: [BabyBearExt4], shift: BabyBear, keep: Int) throws(FRIError) -> [BabyBearExt4] {
        // The NTT is 𝔽ₚ-linear, so interpolate each of the four coordinates separately.
        var coordinates = (0..<4).map { k in layer.map { [$0.c0, $0.c1, $0.c2, $0.c3][k] } }
        for k in 0..<4 {
            NTT.bitReversePermute(&coordinates[k])
            NTT.inverse(&coordinates[k])
        }
        // Evaluations on shift·H give the coefficients of f(shift·X): divide cⱼ by shiftʲ.
        let shiftInverse = shift.inverse
        var power = BabyBear.one
        var coefficients: [BabyBearExt4] = []
        for j in 0..<layer.count {
            let c = BabyBearExt4(coordinates[0][j], coordinates[1][j], coordinates[2][j], coordinates[3][j]) * power
            if j < keep {
                coefficients.append(c)
            } else if !c.isZero {
                throw .inputNotLowDegree
            }
            power = power * shiftInverse
        }
        return coefficients
    }
}
