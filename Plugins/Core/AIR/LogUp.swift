import SproutCoreField

/// The LogUp lookup argument (Haböck, "Multivariate lookups based on logarithmic derivatives",
/// 2022) as constraints over auxiliary columns in 𝔽ₚ⁴.
///
/// For a table with interactions `k = 0…K−1` (see ``AIRInteraction``), after the main traces are
/// committed the verifier draws `α, γ ∈ 𝔽ₚ⁴`. The prover fills `K + 1` auxiliary columns:
/// - helpers `hₖ = mₖ / (α − φₖ)` with `φₖ = busₖ + Σⱼ γʲ⁺¹·vₖ,ⱼ`, constrained on every row by
///   `hₖ·(α − φₖ) − mₖ = 0` (degree `max(1 + deg φₖ, deg mₖ)`);
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

    /// The LogUp constraints for `interactions` (none when there are no interactions).
    public static func constraints(for interactions: [AIRInteraction]) -> [AIRExpression] {
        if interactions.isEmpty { return [] }
        let alpha = AIRExpression.variable(.challenge(alphaIndex))
        let count = interactions.count
        func helper(_ k: Int, next: Bool) -> AIRExpression { .variable(.auxiliary(column: k, nextRow: next)) }
        var result: [AIRExpression] = []
        for (k, interaction) in interactions.enumerated() {
            result.append(helper(k, next: false) * (alpha - fingerprint(interaction)) - interaction.signedMultiplicity)
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

    /// Computes the auxiliary columns (`K` helpers then the running sum, each in 𝔽ₚ⁴) and the
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
        var columns = [[BabyBearExt4]](repeating: [BabyBearExt4](repeating: .zero, count: height), count: count + 1)
        var running = BabyBearExt4.zero
        for row in 0..<height {
            for k in 0..<count {
                let h = denominators[row * count + k] * multiplicities[row * count + k]
                columns[k][row] = h
                running = running + h
            }
            columns[count][row] = running
        }
        return (columns, running)
    }
}
