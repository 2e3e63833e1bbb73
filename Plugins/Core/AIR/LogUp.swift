import SproutCoreField

/// The LogUp lookup argument (Haböck, "Multivariate lookups based on logarithmic derivatives",
/// 2022) as constraints over auxiliary columns in 𝔽ₚ⁴.
///
/// For a table with interactions `k = 0…K−1` (see ``AIRInteraction``), after the main traces are
/// committed the verifier draws `α, γ ∈ 𝔽ₚ⁴`. With `dₖ = α − φₖ`, `φₖ = busₖ + Σⱼ γʲ⁺¹·vₖ,ⱼ`,
/// and the interactions cut into consecutive groups `G` of the table's batch size `b`
/// (``AIR/lookupBatchSize``), the prover fills `⌈K/b⌉ + 1` auxiliary columns:
/// - helpers `h_G = Σ_{k∈G} mₖ / dₖ`, constrained on every row by
///   `h_G·Π_{k∈G} dₖ − Σ_{k∈G} mₖ·Π_{j∈G, j≠k} dⱼ = 0` (for `b = 1`: `hₖ·dₖ − mₖ = 0`, degree
///   `max(1 + deg φₖ, deg mₖ)`; in general `1 + Σ deg φₖ`, or more with high-degree multiplicities);
/// - the running sum `S`, constrained by `isFirstRow·(S − Σₖ hₖ) = 0`,
///   `isTransition·(S' − S − Σₖ hₖ') = 0` and `isLastRow·(S − Σ_table) = 0`,
/// where `Σ_table` is the table's claimed sum, sent in the proof. The verifier accepts only if
/// the claimed sums of all tables add up to 0, i.e. `Σ_tables Σ_rows Σₖ ±mₖ/(α − φₖ) = 0`.
public enum LogUp {
    /// Challenge index of `α` (the denominator shift).
    public static let alphaIndex = 0
    /// Challenge index of `γ` (the tuple compression).
    public static let gammaIndex = 1
    /// Number of extension-field challenges the argument draws.
    public static let numberOfChallenges = 2

    /// `φ = bus + Σⱼ γʲ⁺¹·vⱼ` as an expression (Horner form).
    public static func fingerprint(_ interaction: AIRInteraction) -> AIRExpression {
        let gamma = AIRExpression.variable(.challenge(gammaIndex))
        var accumulator: AIRExpression = 0
        for v in interaction.values.reversed() { accumulator = (accumulator + v) * gamma }
        return accumulator + AIRExpression(BabyBear(UInt32(interaction.bus)))
    }

    /// The LogUp constraints for `interactions` in groups of `batchSize` (none when there are no
    /// interactions).
    public static func constraints(for interactions: [AIRInteraction], batchSize: Int = 1) -> [AIRExpression] {
        if interactions.isEmpty { return [] }
        let alpha = AIRExpression.variable(.challenge(alphaIndex))
        let count = (interactions.count + batchSize - 1) / batchSize
        func helper(_ k: Int, next: Bool) -> AIRExpression { .variable(.auxiliary(column: k, nextRow: next)) }
        var result: [AIRExpression] = []
        for g in 0..<count {
            let group = Array(interactions[(g * batchSize)..<min(interactions.count, (g + 1) * batchSize)])
            // Built without neutral factors, so a group of one gives exactly `h·(α − φ) − m`.
            let denominators = group.map { alpha - fingerprint($0) }
            let product = denominators.dropFirst().reduce(denominators[0]) { $0 * $1 }
            var numerator: AIRExpression?
            for (k, interaction) in group.enumerated() {
                var term = interaction.signedMultiplicity
                for (j, d) in denominators.enumerated() where j != k { term = term * d }
                numerator = numerator.map { $0 + term } ?? term
            }
            result.append(helper(g, next: false) * product - numerator!)
        }
        let sum = AIRExpression.variable(.auxiliary(column: count, nextRow: false))
        let nextSum = AIRExpression.variable(.auxiliary(column: count, nextRow: true))
        let rowTotal = (0..<count).map { helper($0, next: false) }.reduce(0, +)
        let nextRowTotal = (0..<count).map { helper($0, next: true) }.reduce(0, +)
        result.append(.variable(.isFirstRow) * (sum - rowTotal))
        result.append(.variable(.isTransition) * (nextSum - sum - nextRowTotal))
        result.append(.variable(.isLastRow) * (sum - .variable(.cumulativeSum)))
        return result
    }

    /// Computes the auxiliary columns (`⌈K/b⌉` helpers then the running sum, each in 𝔽ₚ⁴) and the
    /// table's sum `S_{n−1}`, or `nil` columns when the table has no interactions.
    ///
    /// Throws: ``AIRError/lookupDenominatorZero(table:row:)`` if some `α − φ` vanishes.
    /// Complexity: one evaluation of the interaction program per row and one batch inversion of
    /// `n·K` extension elements.
    public static func auxiliaryTrace(system: ConstraintSystem, main: RowMajorMatrix<BabyBear>, publicValues: [BabyBear], challenges: [BabyBearExt4]) throws(AIRError) -> (columns: [[BabyBearExt4]], sum: BabyBearExt4) {
        let count = system.interactions.count
        if count == 0 { return ([], .zero) }
        let height = main.height
        let alpha = challenges[alphaIndex], gamma = challenges[gammaIndex]
        let maxArity = system.interactions.map(\.values.count).max() ?? 0
        var gammaPowers = [BabyBearExt4](repeating: gamma, count: maxArity)
        for j in stride(from: 1, to: maxArity, by: 1) { gammaPowers[j] = gammaPowers[j - 1] * gamma }
        let omega = BabyBear.rootOfUnity(logOrder: height.trailingZeroBitCount)
        let omegaInverse = omega.inverse

        var evaluator = ConstraintEvaluator(program: system.interactionProgram)
        var denominators = [BabyBearExt4](repeating: .zero, count: height * count)
        var multiplicities = [BabyBear](repeating: .zero, count: height * count)
        var x = BabyBear.one
        for row in 0..<height {
            system.loadTraceRow(into: &evaluator, row: row, main: main, preprocessed: system.preprocessedTrace, publicValues: publicValues, x: x, omegaInverse: omegaInverse)
            evaluator.execute()
            var root = 0
            for (k, interaction) in system.interactions.enumerated() {
                var fingerprint = BabyBearExt4(BabyBear(UInt32(interaction.bus)))
                for j in 0..<interaction.values.count {
                    fingerprint = fingerprint + gammaPowers[j] * evaluator.baseValue(ofRoot: root)
                    root += 1
                }
                let denominator = alpha - fingerprint
                if denominator.isZero { throw .lookupDenominatorZero(table: system.name, row: row) }
                denominators[row * count + k] = denominator
                multiplicities[row * count + k] = evaluator.baseValue(ofRoot: root)
                root += 1
            }
            x = x * omega
        }
        denominators.batchInvert()
        let batch = system.lookupBatchSize
        let groups = (count + batch - 1) / batch
        var columns = [[BabyBearExt4]](repeating: [BabyBearExt4](repeating: .zero, count: height), count: groups + 1)
        var running = BabyBearExt4.zero
        for row in 0..<height {
            for k in 0..<count {
                let h = denominators[row * count + k] * multiplicities[row * count + k]
                columns[k / batch][row] = columns[k / batch][row] + h
                running = running + h
            }
            columns[groups][row] = running
        }
        return (columns, running)
    }
}
