import SproutCoreAIR
import SproutCoreField
import SproutCoreFRI
import SproutCoreHash
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreTranscript

/// Prover-side switches.
public struct STARKProverOptions: Sendable {
    /// Evaluate every constraint on every row before committing, and refuse a violating trace
    /// (``STARKError/air(_:)`` with ``AIRError/constraintViolated(table:constraint:row:)``).
    /// Default: on in debug builds, off in release builds.
    public var checkConstraints: Bool
    /// Refuse when the LogUp sums do not balance (cheap; default on).
    public var checkLookupBalance: Bool

    public init(checkConstraints: Bool = STARKProverOptions.debugBuild, checkLookupBalance: Bool = true) {
        self.checkConstraints = checkConstraints
        self.checkLookupBalance = checkLookupBalance
    }

    #if DEBUG
    public static let debugBuild = true
    #else
    public static let debugBuild = false
    #endif
}

/// Proves that traces satisfy a set of AIR tables with LogUp lookups between them.
///
/// Protocol (the transcript order is shared with ``STARKVerifier``; all challenges in 𝔽ₚ⁴):
/// 1. Statement: parameters, each table's shape and height, preprocessed roots, public values.
/// 2. Commit each main trace: interpolate every column over `H = ⟨ω⟩` (`|H| = n`), evaluate on
///    the coset `g·H'` (`|H'| = n·blowup`, `g = 31`), Merkle-commit the rows (bit-reversed).
/// 3. Draw the LogUp challenges `α_L, γ`; commit each table's auxiliary columns (helpers and
///    running sum, ``LogUp``) the same way, and send each table's sum `Σₜ`. Soundness of the
///    lookups rests on the traces being fixed before `α_L, γ` are known.
/// 4. Draw `α`; for each table compute the quotient `Q(x) = Σₖ α^{K−1−k}·Cₖ(x) / (xⁿ − 1)` on the
///    first `q·n` points of the extension (a coset `g·H_{qn}`), where `q = 2^⌈log₂(d − 1)⌉` for
///    the maximum degree `d`. If every `Cₖ` vanishes on `H`, `Q` is a polynomial of degree
///    `< (d − 1)·n ≤ q·n`; it is split as `Q(X) = Σⱼ X^{jn}·Qⱼ(X)` with `deg Qⱼ < n`, and the 4·q
///    base coordinate polynomials of the `Qⱼ` are committed.
/// 5. Draw the out-of-domain point `z` and send every committed polynomial's value at `z` and
///    (except quotients) at `z·ω`. The verifier checks `Σₖ α^{K−1−k}·Cₖ(z) = (zⁿ − 1)·Q(z)`.
/// 6. Draw `λ`; form the DEEP quotients `Dₜ(X) = Σᵢ λⁱ·(pᵢ(X) − pᵢ(z))/(X − z) + Σᵢ λⁱ'·(pᵢ(X) − pᵢ(zω))/(X − zω)`
///    (one power of `λ` per column and point, continuing across tables), of degree `< nₜ`. If
///    an opened value were false, `Dₜ` would not be a polynomial and FRI would fail.
/// 7. Tables of different heights share one FRI instance by lifting: with `N` the tallest height
///    and `rₜ = N/nₜ`, `F(X) = Σₜ Dₜ(g^{1−rₜ}·X^{rₜ})` has degree `< N`, and the point of `g·H'_N` at
///    bit-reversed index `i` maps to index `i >> log₂ rₜ` of table `t`'s extension. FRI proves `F`
///    close to degree `< N`.
/// 8. At FRI's query indices every committed trace is opened; the verifier recomputes `F` there
///    from the opened rows and compares it with FRI's authenticated first-layer value.
public enum STARKProver {
    /// The coset shift `g` of every extension domain: the field generator 31, outside all
    /// two-adic subgroups, so `g·H'` is disjoint from `H`.
    public static let cosetShift = BabyBear.generator

    /// Proves `traces` (one per table of `key`, each `2^logHeight × mainWidth`) with
    /// `publicValues` (one list per table).
    ///
    /// Throws: ``STARKError/air(_:)`` when a trace has the wrong shape, violates a constraint
    /// (with ``STARKProverOptions/checkConstraints``) or its lookups do not balance;
    /// ``STARKError/invalidConfiguration(_:)`` when the heights do not fit the parameters.
    /// Complexity: `O(Σ nₜ·blowup·log)` field work for the extensions, one Merkle commitment per
    /// trace, and `≈ 2^proofOfWorkBits` permutations of grinding. Uses all cores.
    /// `publicLookups` (``STARKPublicLookup``) join the LogUp balance; the verifier must be given
    /// the same ones.
    public static func prove(key: STARKProvingKey, traces: [RowMajorMatrix<BabyBear>], publicValues: [[BabyBear]], publicLookups: [STARKPublicLookup] = [], options: STARKProverOptions = .init()) throws(STARKError) -> STARKProof {
        let vk = key.verifyingKey
        let config = vk.config
        let logBlowup = config.logBlowup
        let tables = vk.systems.count
        if traces.count != tables { throw .statementMismatch(field: "trace count", expected: tables, got: traces.count) }
        if publicValues.count != tables { throw .statementMismatch(field: "public value list count", expected: tables, got: publicValues.count) }
        for t in 0..<tables {
            do { try vk.systems[t].validate(main: traces[t], publicValues: publicValues[t]) } catch { throw .air(error) }
        }
        let logHeights = traces.map { $0.height.trailingZeroBitCount }
        try STARKVerifier.checkHeights(vk, logHeights)
        var transcript = Transcript(domain: STARKVerifier.transcriptDomain)
        STARKVerifier.observeStatement(vk, logHeights: logHeights, publicValues: publicValues, transcript: &transcript)
        if !vk.hasLookups && !publicLookups.isEmpty { throw .statementMismatch(field: "public lookups without lookup tables", expected: 0, got: publicLookups.count) }
        STARKPublicLookup.observe(publicLookups, into: &transcript)

        // Phase 1: main traces.
        let mains = traces.map { trace in CommittedTrace(evaluations: (0..<trace.width).map { trace.column($0) }, logBlowup: logBlowup) }
        for m in mains { transcript.observe(m.tree.root) }

        // Phase 2: LogUp auxiliary traces.
        var challenges = [BabyBearExt4](repeating: .zero, count: LogUp.numberOfChallenges)
        var auxiliaryColumns = [[[BabyBearExt4]]](repeating: [], count: tables)
        var sums = [BabyBearExt4](repeating: .zero, count: tables)
        var auxiliaries = [CommittedTrace?](repeating: nil, count: tables)
        if vk.hasLookups {
            challenges = (0..<LogUp.numberOfChallenges).map { _ in transcript.sampleExtension() }
            for t in 0..<tables where !vk.systems[t].interactions.isEmpty {
                do {
                    (auxiliaryColumns[t], sums[t]) = try LogUp.auxiliaryTrace(system: vk.systems[t], main: traces[t], publicValues: publicValues[t], challenges: challenges)
                } catch { throw .air(error) }
                let coordinates = auxiliaryColumns[t].flatMap { column in
                    [column.map(\.c0), column.map(\.c1), column.map(\.c2), column.map(\.c3)]
                }
                let committed = CommittedTrace(evaluations: coordinates, logBlowup: logBlowup)
                auxiliaries[t] = committed
                transcript.observe(sums[t])
                transcript.observe(committed.tree.root)
            }
            if options.checkLookupBalance {
                guard let external = STARKPublicLookup.total(publicLookups, challenges: challenges),
                    sums.reduce(external, +) == .zero
                else { throw .air(.lookupsUnbalanced) }
            }
        }
        if options.checkConstraints {
            for t in 0..<tables {
                do {
                    try AIRConstraintChecker.check(system: vk.systems[t], main: traces[t], publicValues: publicValues[t], auxiliary: auxiliaryColumns[t], challenges: challenges, cumulativeSum: sums[t])
                } catch { throw .air(error) }
            }
        }

        // Phase 3: quotients.
        let alpha = transcript.sampleExtension()
        var quotients: [CommittedTrace] = []
        for t in 0..<tables {
            quotients.append(quotientTrace(
                system: vk.systems[t], logHeight: logHeights[t], logBlowup: logBlowup, chunks: vk.quotientChunks(t),
                main: mains[t], preprocessed: key.preprocessed[t], auxiliary: auxiliaries[t],
                publicValues: publicValues[t], challenges: challenges, sum: sums[t], alpha: alpha))
            transcript.observe(quotients[t].tree.root)
        }

        // Phase 4: out-of-domain openings.
        let z = transcript.sampleExtension()
        guard !z.isInBaseField else { throw .degenerateChallenge }
        var openings: [STARKTableOpenings] = []
        for t in 0..<tables {
            let n = 1 << logHeights[t]
            let current = powers(of: z, count: n)
            let next = powers(of: z * BabyBear.rootOfUnity(logOrder: logHeights[t]), count: n)
            let pre = key.preprocessed[t], aux = auxiliaries[t]
            let opened = STARKTableOpenings(
                preprocessedCurrent: pre?.evaluate(powers: current) ?? [], preprocessedNext: pre?.evaluate(powers: next) ?? [],
                mainCurrent: mains[t].evaluate(powers: current), mainNext: mains[t].evaluate(powers: next),
                auxiliaryCurrent: aux?.evaluate(powers: current) ?? [], auxiliaryNext: aux?.evaluate(powers: next) ?? [],
                quotient: quotients[t].evaluate(powers: current))
            for list in opened.lists { transcript.observe(list) }
            openings.append(opened)
        }

        // Phase 5: DEEP combination, lifted to the tallest table.
        let lambda = transcript.sampleExtension()
        let logMaxLDE = logHeights.max()! + logBlowup
        var combined = [BabyBearExt4](repeating: .zero, count: 1 << logMaxLDE)
        var lambdaPower = BabyBearExt4.one
        for t in 0..<tables {
            let current = [key.preprocessed[t], mains[t], auxiliaries[t], quotients[t]].compactMap { $0 }
            let next = [key.preprocessed[t], mains[t], auxiliaries[t]].compactMap { $0 }
            let deep = deepQuotient(
                current: current, next: next, openings: openings[t], logHeight: logHeights[t], logBlowup: logBlowup,
                z: z, lambda: lambda, lambdaPower: &lambdaPower)
            let shift = logMaxLDE - (logHeights[t] + logBlowup)
            for i in combined.indices { combined[i] = combined[i] + deep[i >> shift] }
        }

        // Phase 6: FRI on the combination; its first layer is tied to the openings below.
        let friProof: FRIProof
        let queries: [Int]
        do {
            (friProof, queries) = try FRIProver.prove(evaluations: combined, shift: cosetShift, config: config.fri, transcript: &transcript)
        } catch { throw .fri(error) }

        // Phase 7: open every committed trace at the (lifted) query positions.
        var queryOpenings: [[MerkleOpening]] = []
        for t in 0..<tables {
            let shift = logMaxLDE - (logHeights[t] + logBlowup)
            let indices = queries.map { $0 >> shift }
            let committed = [key.preprocessed[t], mains[t], auxiliaries[t], quotients[t]].compactMap { $0 }
            queryOpenings.append(committed.map { $0.tree.open(indices) })
        }
        let lookupTables = (0..<tables).filter { auxiliaries[$0] != nil }
        return STARKProof(
            logHeights: logHeights, mainRoots: mains.map(\.tree.root),
            cumulativeSums: lookupTables.map { sums[$0] }, auxiliaryRoots: lookupTables.map { auxiliaries[$0]!.tree.root },
            quotientRoots: quotients.map(\.tree.root), openings: openings, fri: friProof, queryOpenings: queryOpenings)
    }

    /// The committed quotient chunks of one table (protocol step 4).
    ///
    /// Quotient point `i < M = q·n` is row `i` of every extension: `x = g·ω_M^{rev(i)}`; its next
    /// row `x·ω` is row `rev(rev(i) + q mod M)`. `xⁿ − 1 = gⁿ·ω_q^{rev(i) mod q} − 1` takes only `q`
    /// values. Complexity: `M` program evaluations (parallel), 4 inverse NTTs of size `M`, and the
    /// commitment of `4q` columns.
    static func quotientTrace(system: ConstraintSystem, logHeight: Int, logBlowup: Int, chunks q: Int, main: CommittedTrace, preprocessed: CommittedTrace?, auxiliary: CommittedTrace?, publicValues: [BabyBear], challenges: [BabyBearExt4], sum: BabyBearExt4, alpha: BabyBearExt4) -> CommittedTrace {
        let n = 1 << logHeight
        let logQ = q.trailingZeroBitCount
        let logM = logHeight + logQ
        let m = n << logQ
        let g = cosetShift
        let omega = BabyBear.rootOfUnity(logOrder: logHeight)
        let omegaInverse = omega.inverse
        let natural = powers(of: BabyBear.rootOfUnity(logOrder: logM), count: m)
        let xs = (0..<m).map { g * natural[NTT.bitReverse($0, bits: logM)] }
        let gn = g.power(UInt64(n))
        let vanishing = powers(of: BabyBear.rootOfUnity(logOrder: logQ), count: q).map { gn * $0 - .one }
        let vanishingInverse = vanishing.batchInverted()
        let nInverse = BabyBear(UInt32(n)).inverse
        // L₀(x) = (xⁿ − 1)/(n(x − 1)), L_{n−1}(x) = (xⁿ − 1)/(n(ωx − 1)).
        let firstDenominator = xs.map { $0 - .one }.batchInverted()
        let lastDenominator = xs.map { omega * $0 - .one }.batchInverted()
        let layout = system.program.layout
        // Row i of a bit-reversed extension of size ≥ M is the point g·ω_M^{rev(i)} for i < M, so
        // the committed extensions serve when q ≤ blowup; otherwise extend to M points afresh.
        func quotientDomainRows(_ committed: CommittedTrace?) -> (values: [BabyBear], width: Int) {
            guard let committed else { return ([], 0) }
            if committed.logBlowup >= logQ { return (committed.tree.matrix.values, committed.width) }
            return (CommittedTrace.lowDegreeExtension(of: committed.coefficients, logSize: logM), committed.width)
        }
        let (mainValues, mainWidth) = quotientDomainRows(main)
        let (preValues, preWidth) = quotientDomainRows(preprocessed)
        let (auxValues, auxWidth) = quotientDomainRows(auxiliary)
        let program = system.program

        let rootPowers = program.rootPowers(challenge: alpha)
        let lanes = ConstraintLaneEvaluator.lanes
        let values: [BabyBearExt4] = parallelRows(m) { range in
            var evaluator = ConstraintLaneEvaluator(program: program)
            for (i, v) in publicValues.enumerated() { evaluator.setBase(layout.publicValues + i, v) }
            for (i, c) in challenges.enumerated() { evaluator.setExtension(layout.challenges + i, c) }
            evaluator.setExtension(layout.cumulativeSum, sum)
            // Whole blocks of 16 points; the lanes of a last partial block repeat its last point
            // and their results are dropped.
            var out = [BabyBearExt4](repeating: .zero, count: (range.count + lanes - 1) / lanes * lanes)
            var scales = [BabyBear](repeating: .zero, count: lanes)
            out.withUnsafeMutableBufferPointer { out in
                for block in stride(from: range.lowerBound, to: range.upperBound, by: lanes) {
                    for lane in 0..<lanes {
                        let i = min(block + lane, range.upperBound - 1)
                        let j = NTT.bitReverse(i, bits: logM)
                        let next = NTT.bitReverse((j + q) & (m - 1), bits: logM)
                        let k = j & (q - 1)
                        let scaledVanishing = vanishing[k] * nInverse
                        evaluator.setBase(layout.isFirstRow, lane: lane, scaledVanishing * firstDenominator[i])
                        evaluator.setBase(layout.isLastRow, lane: lane, scaledVanishing * lastDenominator[i])
                        evaluator.setBase(layout.isTransition, lane: lane, xs[i] - omegaInverse)
                        for c in 0..<mainWidth {
                            evaluator.setBase(layout.mainCurrent + c, lane: lane, mainValues[i * mainWidth + c])
                            evaluator.setBase(layout.mainNext + c, lane: lane, mainValues[next * mainWidth + c])
                        }
                        for c in 0..<preWidth {
                            evaluator.setBase(layout.preprocessedCurrent + c, lane: lane, preValues[i * preWidth + c])
                            evaluator.setBase(layout.preprocessedNext + c, lane: lane, preValues[next * preWidth + c])
                        }
                        for a in 0..<(auxWidth / 4) {
                            let o = i * auxWidth + 4 * a, p = next * auxWidth + 4 * a
                            evaluator.setExtension(
                                layout.auxiliaryCurrent + a, lane: lane, BabyBearExt4(auxValues[o], auxValues[o + 1], auxValues[o + 2], auxValues[o + 3]))
                            evaluator.setExtension(
                                layout.auxiliaryNext + a, lane: lane, BabyBearExt4(auxValues[p], auxValues[p + 1], auxValues[p + 2], auxValues[p + 3]))
                        }
                        scales[lane] = vanishingInverse[k]
                    }
                    evaluator.execute()
                    evaluator.combinedRoots(powers: rootPowers, scales: scales, into: out.baseAddress! + (block - range.lowerBound))
                }
            }
            out.removeLast(out.count - range.count)
            return out
        }

        // Coefficients of Q from its values on g·H_M (bit-reversed): per coordinate, reorder,
        // inverse NTT (coefficients of Q(gX)), then divide coefficient j by gʲ.
        let shiftInversePowers = powers(of: g.inverse, count: m)
        let coordinates: [[BabyBear]] = parallelColumns(4) { c in
            var column = values.map { c == 0 ? $0.c0 : c == 1 ? $0.c1 : c == 2 ? $0.c2 : $0.c3 }
            NTT.bitReversePermute(&column)
            NTT.inverse(&column)
            for j in 0..<m { column[j] = column[j] * shiftInversePowers[j] }
            return column
        }
        var columns: [[BabyBear]] = []
        for chunk in 0..<q {
            for c in 0..<4 { columns.append(Array(coordinates[c][(chunk * n)..<((chunk + 1) * n)])) }
        }
        return CommittedTrace(coefficients: columns, logBlowup: logBlowup)
    }

    /// One table's DEEP quotient on its extension domain (protocol step 6), in bit-reversed order.
    /// `lambdaPower` enters as the first power of `λ` to use and leaves past the last one used.
    static func deepQuotient(current: [CommittedTrace], next: [CommittedTrace], openings: STARKTableOpenings, logHeight: Int, logBlowup: Int, z: BabyBearExt4, lambda: BabyBearExt4, lambdaPower: inout BabyBearExt4) -> [BabyBearExt4] {
        let currentValues = openings.preprocessedCurrent + openings.mainCurrent + openings.auxiliaryCurrent + openings.quotient
        let nextValues = openings.preprocessedNext + openings.mainNext + openings.auxiliaryNext
        let currentWeights = (0..<currentValues.count).map { _ in
            defer { lambdaPower = lambdaPower * lambda }
            return lambdaPower
        }
        let nextWeights = (0..<nextValues.count).map { _ in
            defer { lambdaPower = lambdaPower * lambda }
            return lambdaPower
        }
        let currentConstant = zip(currentWeights, currentValues).reduce(BabyBearExt4.zero) { $0 + $1.0 * $1.1 }
        let nextConstant = zip(nextWeights, nextValues).reduce(BabyBearExt4.zero) { $0 + $1.0 * $1.1 }
        let logSize = logHeight + logBlowup
        let size = 1 << logSize
        let zNext = z * BabyBear.rootOfUnity(logOrder: logHeight)
        let natural = powers(of: BabyBear.rootOfUnity(logOrder: logSize), count: size)
        let g = cosetShift
        let inverses: [[BabyBearExt4]] = parallelColumns(2) { k in
            let point = k == 0 ? z : zNext
            return (0..<size).map { BabyBearExt4(g * natural[NTT.bitReverse($0, bits: logSize)]) - point }.batchInverted()
        }
        let currentMatrices = current.map { ($0.tree.matrix.values, $0.width) }
        let nextCount = next.count
        // Each row's two weighted sums run 16 columns at a time on SIMD lanes: per coefficient of
        // the weights, a lane vector of 16 consecutive columns' weights (the row's values are
        // contiguous), summed across lanes once per row; the columns after the last whole group
        // of 16 are added one by one.
        typealias Vector = BabyBearLanes.Vector
        func laneWeights(_ weights: ArraySlice<BabyBearExt4>) -> [Vector] {
            (0..<(weights.count / 16)).flatMap { chunk in
                let group = weights[(weights.startIndex + 16 * chunk)..<(weights.startIndex + 16 * chunk + 16)]
                return [\.c0, \.c1, \.c2, \.c3].map { (coefficient: KeyPath<BabyBearExt4, BabyBear>) in
                    var lanes = Vector()
                    for (lane, w) in group.enumerated() { lanes[lane] = w[keyPath: coefficient].montgomery }
                    return lanes
                }
            }
        }
        var firstColumn = 0, firstNextColumn = 0
        let matrixWeights: [(current: [Vector], next: [Vector], firstColumn: Int, firstNextColumn: Int)] = currentMatrices.enumerated().map { index, matrix in
            defer {
                firstColumn += matrix.1
                if index < nextCount { firstNextColumn += matrix.1 }
            }
            return (
                laneWeights(currentWeights[firstColumn..<(firstColumn + matrix.1)]),
                index < nextCount ? laneWeights(nextWeights[firstNextColumn..<(firstNextColumn + matrix.1)]) : [], firstColumn, firstNextColumn
            )
        }
        return parallelRows(size) { range in
            var out: [BabyBearExt4] = []
            out.reserveCapacity(range.count)
            for r in range {
                var a = BabyBearExt4.zero, b = BabyBearExt4.zero
                var la = (Vector(), Vector(), Vector(), Vector()), lb = (Vector(), Vector(), Vector(), Vector())
                for (index, (values, width)) in currentMatrices.enumerated() {
                    let weights = matrixWeights[index], inNext = index < nextCount
                    let whole = width / 16 * 16
                    values.withUnsafeBufferPointer { values in
                        let row = values.baseAddress! + r * width
                        for chunk in 0..<(width / 16) {
                            let v = BabyBearLanes.load(row + 16 * chunk)
                            let w = 4 * chunk
                            la.0 = BabyBearLanes.add(la.0, BabyBearLanes.multiply(weights.current[w], v))
                            la.1 = BabyBearLanes.add(la.1, BabyBearLanes.multiply(weights.current[w + 1], v))
                            la.2 = BabyBearLanes.add(la.2, BabyBearLanes.multiply(weights.current[w + 2], v))
                            la.3 = BabyBearLanes.add(la.3, BabyBearLanes.multiply(weights.current[w + 3], v))
                            if inNext {
                                lb.0 = BabyBearLanes.add(lb.0, BabyBearLanes.multiply(weights.next[w], v))
                                lb.1 = BabyBearLanes.add(lb.1, BabyBearLanes.multiply(weights.next[w + 1], v))
                                lb.2 = BabyBearLanes.add(lb.2, BabyBearLanes.multiply(weights.next[w + 2], v))
                                lb.3 = BabyBearLanes.add(lb.3, BabyBearLanes.multiply(weights.next[w + 3], v))
                            }
                        }
                        for c in whole..<width {
                            let v = row[c]
                            a = a + currentWeights[weights.firstColumn + c] * v
                            if inNext { b = b + nextWeights[weights.firstNextColumn + c] * v }
                        }
                    }
                }
                a = a + BabyBearExt4(BabyBearLanes.sum(la.0), BabyBearLanes.sum(la.1), BabyBearLanes.sum(la.2), BabyBearLanes.sum(la.3))
                b = b + BabyBearExt4(BabyBearLanes.sum(lb.0), BabyBearLanes.sum(lb.1), BabyBearLanes.sum(lb.2), BabyBearLanes.sum(lb.3))
                out.append((a - currentConstant) * inverses[0][r] + (b - nextConstant) * inverses[1][r])
            }
            return out
        }
    }
}
