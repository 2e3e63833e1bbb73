import SproutCoreAIR
import SproutCoreField
import SproutCoreFRI
import SproutCoreHash
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

/// Verifies ``STARKProof``s (protocol in ``STARKProver``).
public enum STARKVerifier {
    /// Domain label of the Fiat–Shamir transcript.
    static let transcriptDomain = "sprout.stark.v1"

    /// Checks `proof` for the tables of `key` and their `publicValues`.
    ///
    /// Order of checks: statement and proof shape first (typed expected/got errors), then the
    /// LogUp balance, the out-of-domain identity of every table, FRI, and finally every Merkle
    /// opening and the DEEP combination at every query.
    /// Soundness: ``STARKConfig/conjecturedSecurityBits(logMaxHeight:includingGrinding:)``.
    /// Throws: the first ``STARKError`` found. Never traps on hostile proofs.
    /// Complexity: `O(queries · Σ (widths + log n))` hashes and field operations plus one
    /// evaluation of every constraint at `z`.
    /// `publicLookups`: the statement's own LogUp terms (``STARKPublicLookup``), as given to the prover.
    public static func verify(key: STARKVerifyingKey, proof: STARKProof, publicValues: [[BabyBear]], publicLookups: [STARKPublicLookup] = []) throws(STARKError) {
        let config = key.config
        let logBlowup = config.logBlowup
        let tables = key.systems.count
        if publicValues.count != tables { throw .statementMismatch(field: "public value list count", expected: tables, got: publicValues.count) }
        for t in 0..<tables where publicValues[t].count != key.systems[t].numberOfPublicValues {
            throw .statementMismatch(field: "table \(t) public value count", expected: key.systems[t].numberOfPublicValues, got: publicValues[t].count)
        }
        if proof.logHeights.count != tables { throw .shapeMismatch(field: "table count", expected: tables, got: proof.logHeights.count) }
        try checkHeights(key, proof.logHeights)
        try checkShape(key, proof)
        let lookupTables = (0..<tables).filter { !key.systems[$0].interactions.isEmpty }

        var transcript = Transcript(domain: transcriptDomain)
        observeStatement(key, logHeights: proof.logHeights, publicValues: publicValues, transcript: &transcript)
        if !key.hasLookups && !publicLookups.isEmpty { throw .statementMismatch(field: "public lookups without lookup tables", expected: 0, got: publicLookups.count) }
        STARKPublicLookup.observe(publicLookups, into: &transcript)
        for r in proof.mainRoots { transcript.observe(r) }
        var challenges = [BabyBearExt4](repeating: .zero, count: LogUp.numberOfChallenges)
        var sums = [BabyBearExt4](repeating: .zero, count: tables)
        var auxiliaryRoots = [Poseidon2Digest?](repeating: nil, count: tables)
        if key.hasLookups {
            challenges = (0..<LogUp.numberOfChallenges).map { _ in transcript.sampleExtension() }
            for (k, t) in lookupTables.enumerated() {
                sums[t] = proof.cumulativeSums[k]
                auxiliaryRoots[t] = proof.auxiliaryRoots[k]
                transcript.observe(proof.cumulativeSums[k])
                transcript.observe(proof.auxiliaryRoots[k])
            }
            guard let external = STARKPublicLookup.total(publicLookups, challenges: challenges), sums.reduce(external, +) == .zero else {
                throw .lookupSumNotZero
            }
        }
        let alpha = transcript.sampleExtension()
        for r in proof.quotientRoots { transcript.observe(r) }
        let z = transcript.sampleExtension()
        guard !z.isInBaseField else { throw .degenerateChallenge }
        for o in proof.openings { for list in o.lists { transcript.observe(list) } }
        let lambda = transcript.sampleExtension()

        // Out-of-domain identity per table.
        for t in 0..<tables {
            try checkOutOfDomain(table: t, key: key, opened: proof.openings[t], logHeight: proof.logHeights[t], z: z, alpha: alpha, publicValues: publicValues[t], challenges: challenges, sum: sums[t])
        }

        // FRI on the lifted DEEP combination.
        let logMaxLDE = proof.logHeights.max()! + logBlowup
        let friValues: [(index: Int, value: BabyBearExt4)]
        do {
            friValues = try FRIVerifier.verify(proof: proof.fri, logDomainSize: logMaxLDE, shift: STARKProver.cosetShift, config: config.fri, transcript: &transcript)
        } catch { throw .fri(error) }

        // Authenticate every table's query openings and recompute the DEEP combination.
        var lambdaPower = BabyBearExt4.one
        var rowsByTable: [[[Int: [BabyBear]]]] = []
        var weights: [(current: [BabyBearExt4], next: [BabyBearExt4], currentConstant: BabyBearExt4, nextConstant: BabyBearExt4)] = []
        for t in 0..<tables {
            let logSize = proof.logHeights[t] + logBlowup
            let shift = logMaxLDE - logSize
            let expected = Array(Set(friValues.map { $0.index >> shift })).sorted()
            let roots: [(String, Poseidon2Digest)] = [
                key.preprocessedRoots[t].map { ("preprocessed", $0) }, ("main", proof.mainRoots[t]),
                auxiliaryRoots[t].map { ("auxiliary", $0) }, ("quotient", proof.quotientRoots[t]),
            ].compactMap { $0 }
            let widths = commitmentWidths(key, t)
            var tableRows: [[Int: [BabyBear]]] = []
            for (k, (name, root)) in roots.enumerated() {
                let opening = proof.queryOpenings[t][k]
                if opening.indices != expected { throw .shapeMismatch(field: "table \(t) \(name) opened index count", expected: expected.count, got: opening.indices.count) }
                do { try opening.verify(root: root, logHeight: logSize, width: widths[k]) } catch { throw .merkle(table: t, commitment: name, error) }
                var rows: [Int: [BabyBear]] = [:]
                for (index, row) in zip(opening.indices, opening.rows) { rows[index] = row }
                tableRows.append(rows)
            }
            rowsByTable.append(tableRows)
            let opened = proof.openings[t]
            let currentValues = opened.preprocessedCurrent + opened.mainCurrent + opened.auxiliaryCurrent + opened.quotient
            let nextValues = opened.preprocessedNext + opened.mainNext + opened.auxiliaryNext
            var current: [BabyBearExt4] = [], next: [BabyBearExt4] = []
            for _ in currentValues { current.append(lambdaPower); lambdaPower = lambdaPower * lambda }
            for _ in nextValues { next.append(lambdaPower); lambdaPower = lambdaPower * lambda }
            weights.append((current, next,
                            zip(current, currentValues).reduce(.zero) { $0 + $1.0 * $1.1 },
                            zip(next, nextValues).reduce(.zero) { $0 + $1.0 * $1.1 }))
        }
        for (queryNumber, (index, value)) in friValues.enumerated() {
            var combined = BabyBearExt4.zero
            for t in 0..<tables {
                let logSize = proof.logHeights[t] + logBlowup
                let position = index >> (logMaxLDE - logSize)
                let x = STARKProver.cosetShift * BabyBear.rootOfUnity(logOrder: logSize).power(UInt64(NTT.bitReverse(position, bits: logSize)))
                let zNext = z * BabyBear.rootOfUnity(logOrder: proof.logHeights[t])
                let w = weights[t]
                var a = BabyBearExt4.zero, b = BabyBearExt4.zero
                var column = 0
                let nextCount = rowsByTable[t].count - 1  // every commitment but the quotient
                for (k, rows) in rowsByTable[t].enumerated() {
                    guard let row = rows[position] else { throw .shapeMismatch(field: "table \(t) opening for query \(queryNumber)", expected: 1, got: 0) }
                    for v in row {
                        a = a + w.current[column] * v
                        if k < nextCount { b = b + w.next[column] * v }
                        column += 1
                    }
                }
                let denominators = [BabyBearExt4(x) - z, BabyBearExt4(x) - zNext]
                if denominators.contains(where: \.isZero) { throw .degenerateChallenge }
                combined = combined + (a - w.currentConstant) * denominators[0].inverse + (b - w.nextConstant) * denominators[1].inverse
            }
            if combined != value { throw .deepMismatch(query: queryNumber) }
        }
    }

    /// The element `Σ_c v_c·xᶜ` of 𝔽ₚ⁴ whose base coordinates, as polynomials, took the values
    /// `v₀…v₃` (the extension is 𝔽ₚ-linear, so coordinates commute with evaluation).
    static func fromCoordinates(_ v: ArraySlice<BabyBearExt4>) -> BabyBearExt4 {
        let start = v.startIndex
        let x1 = BabyBearExt4(.zero, .one, .zero, .zero)
        let x2 = BabyBearExt4(.zero, .zero, .one, .zero)
        let x3 = BabyBearExt4(.zero, .zero, .zero, .one)
        return v[start] + v[start + 1] * x1 + v[start + 2] * x2 + v[start + 3] * x3
    }

    /// `Σₖ α^{K−1−k}·Cₖ(z) = (zⁿ − 1)·Σⱼ z^{jn}·Qⱼ(z)` for table `t`.
    static func checkOutOfDomain(table t: Int, key: STARKVerifyingKey, opened: STARKTableOpenings, logHeight: Int, z: BabyBearExt4, alpha: BabyBearExt4, publicValues: [BabyBear], challenges: [BabyBearExt4], sum: BabyBearExt4) throws(STARKError) {
        let system = key.systems[t]
        let n = 1 << logHeight
        let omega = BabyBear.rootOfUnity(logOrder: logHeight)
        let zn = z.exponentiatedByPowerOfTwo(logHeight)
        let vanishing = zn - .one
        let nValue = BabyBear(UInt32(n))
        let firstDenominator = (z - .one) * nValue
        let lastDenominator = (z * omega - .one) * nValue
        guard !vanishing.isZero, !firstDenominator.isZero, !lastDenominator.isZero else { throw .degenerateChallenge }
        let isFirstRow = vanishing * firstDenominator.inverse
        let isLastRow = vanishing * lastDenominator.inverse
        let isTransition = z - omega.inverse
        func leaf(_ v: AIRVariable) -> BabyBearExt4 {
            // Indices were bounds-checked when the system compiled; shapes by checkShape.
            switch v {
            case let .main(c, next): return next ? opened.mainNext[c] : opened.mainCurrent[c]
            case let .preprocessed(c, next): return next ? opened.preprocessedNext[c] : opened.preprocessedCurrent[c]
            case let .publicValue(i): return BabyBearExt4(publicValues[i])
            case .isFirstRow: return isFirstRow
            case .isLastRow: return isLastRow
            case .isTransition: return isTransition
            case let .auxiliary(c, next): return fromCoordinates((next ? opened.auxiliaryNext : opened.auxiliaryCurrent)[(4 * c)..<(4 * c + 4)])
            case let .challenge(i): return challenges[i]
            case .cumulativeSum: return sum
            }
        }
        var combined = BabyBearExt4.zero
        for c in system.constraints { combined = combined * alpha + c.evaluate(leaf) }
        var quotient = BabyBearExt4.zero
        var znPower = BabyBearExt4.one
        for chunk in 0..<key.quotientChunks(t) {
            quotient = quotient + znPower * fromCoordinates(opened.quotient[(4 * chunk)..<(4 * chunk + 4)])
            znPower = znPower * zn
        }
        if combined != vanishing * quotient { throw .outOfDomainMismatch(table: t) }
    }

    /// Widths of table `t`'s commitments in proof order: preprocessed (if any), main, auxiliary
    /// (if lookups), quotient.
    static func commitmentWidths(_ key: STARKVerifyingKey, _ t: Int) -> [Int] {
        let s = key.systems[t]
        var widths: [Int] = []
        if key.preprocessedRoots[t] != nil { widths.append(s.preprocessedWidth) }
        widths.append(s.mainWidth)
        if s.auxiliaryWidth > 0 { widths.append(4 * s.auxiliaryWidth) }
        widths.append(4 * key.quotientChunks(t))
        return widths
    }

    /// Rejects heights that the parameters or the preprocessed traces do not allow.
    static func checkHeights(_ key: STARKVerifyingKey, _ logHeights: [Int]) throws(STARKError) {
        let fri = key.config.fri
        for (t, h) in logHeights.enumerated() {
            let logQuotient = key.quotientChunks(t).trailingZeroBitCount
            guard h >= 1, h + max(key.config.logBlowup, logQuotient) <= BabyBear.twoAdicity else {
                throw .invalidConfiguration("table \(t) height 2^\(h) does not fit blowup 2^\(key.config.logBlowup) and \(1 << logQuotient) quotient chunks")
            }
            if let trace = key.systems[t].preprocessedTrace, trace.height != 1 << h {
                throw .shapeMismatch(field: "table \(t) logHeight", expected: trace.height.trailingZeroBitCount, got: h)
            }
        }
        let maxHeight = logHeights.max() ?? 0
        // FRI needs one whole round (logFoldingArity halvings) above the final polynomial.
        guard maxHeight >= fri.logFinalPolynomialLength + fri.logFoldingArity else {
            throw .invalidConfiguration("the tallest table (2^\(maxHeight) rows) must be at least the final polynomial length 2^\(fri.logFinalPolynomialLength) times the folding arity \(fri.foldingArity)")
        }
    }

    /// Checks the counts of every list in `proof` against the key.
    static func checkShape(_ key: STARKVerifyingKey, _ proof: STARKProof) throws(STARKError) {
        let tables = key.systems.count
        let lookupTables = key.systems.filter { !$0.interactions.isEmpty }.count
        func expect(_ field: String, _ expected: Int, _ got: Int) throws(STARKError) {
            if expected != got { throw .shapeMismatch(field: field, expected: expected, got: got) }
        }
        try expect("main root count", tables, proof.mainRoots.count)
        try expect("quotient root count", tables, proof.quotientRoots.count)
        try expect("cumulative sum count", lookupTables, proof.cumulativeSums.count)
        try expect("auxiliary root count", lookupTables, proof.auxiliaryRoots.count)
        try expect("opened table count", tables, proof.openings.count)
        try expect("query opening table count", tables, proof.queryOpenings.count)
        for t in 0..<tables {
            let s = key.systems[t], o = proof.openings[t]
            try expect("table \(t) preprocessed openings", s.preprocessedWidth, o.preprocessedCurrent.count)
            try expect("table \(t) preprocessed next openings", s.preprocessedWidth, o.preprocessedNext.count)
            try expect("table \(t) main openings", s.mainWidth, o.mainCurrent.count)
            try expect("table \(t) main next openings", s.mainWidth, o.mainNext.count)
            try expect("table \(t) auxiliary openings", 4 * s.auxiliaryWidth, o.auxiliaryCurrent.count)
            try expect("table \(t) auxiliary next openings", 4 * s.auxiliaryWidth, o.auxiliaryNext.count)
            try expect("table \(t) quotient openings", 4 * key.quotientChunks(t), o.quotient.count)
            try expect("table \(t) commitment count", commitmentWidths(key, t).count, proof.queryOpenings[t].count)
        }
    }

    /// Binds the statement: protocol version, parameters, every table's shape, height,
    /// preprocessed commitment and public values.
    static func observeStatement(_ key: STARKVerifyingKey, logHeights: [Int], publicValues: [[BabyBear]], transcript: inout Transcript) {
        let fri = key.config.fri
        transcript.observe(integer: UInt64(STARKProof.formatVersion))
        for v in [fri.logBlowup, fri.numberOfQueries, fri.proofOfWorkBits, fri.logFinalPolynomialLength, fri.logFoldingArity, key.systems.count] {
            transcript.observe(integer: UInt64(v))
        }
        for (t, s) in key.systems.enumerated() {
            for v in [logHeights[t], s.mainWidth, s.preprocessedWidth, s.numberOfPublicValues, s.constraints.count, s.interactions.count, s.maxDegree] {
                transcript.observe(integer: UInt64(v))
            }
            transcript.observe(key.systemDigests[t])
            if let root = key.preprocessedRoots[t] { transcript.observe(root) }
            transcript.observe(publicValues[t])
        }
    }
}
