import SproutCoreField

/// Checks, row by row, that a trace satisfies every constraint of a ``ConstraintSystem`` — the
/// debug-build check the prover runs before committing (a violated constraint otherwise only
/// shows up as a rejected proof).
public enum AIRConstraintChecker {
    /// Evaluates every constraint on every row `i` at `x = ωⁱ` (selectors exact, next row wrapping).
    ///
    /// `auxiliary` are the LogUp columns (``LogUp/auxiliaryTrace(system:main:publicValues:challenges:)``)
    /// with their `challenges` and `cumulativeSum`; pass empty arrays for tables without lookups.
    /// Throws: ``AIRError/traceShape(table:field:expected:got:)`` or
    /// ``AIRError/constraintViolated(table:constraint:row:)`` for the first failing row.
    /// Complexity: `n` program evaluations.
    public static func check(system: ConstraintSystem, main: RowMajorMatrix<BabyBear>, publicValues: [BabyBear], auxiliary: [[BabyBearExt4]] = [], challenges: [BabyBearExt4] = [], cumulativeSum: BabyBearExt4 = .zero) throws(AIRError) {
        try system.validate(main: main, publicValues: publicValues)
        if auxiliary.count != system.auxiliaryWidth { throw .traceShape(table: system.name, field: "auxiliary width", expected: system.auxiliaryWidth, got: auxiliary.count) }
        let height = main.height
        let layout = system.program.layout
        var evaluator = ConstraintEvaluator(program: system.program)
        for (i, c) in challenges.prefix(layout.numberOfChallenges).enumerated() { evaluator.extended[layout.challenges + i] = c }
        evaluator.extended[layout.cumulativeSum] = cumulativeSum
        let omega = BabyBear.rootOfUnity(logOrder: height.trailingZeroBitCount)
        let omegaInverse = omega.inverse
        var x = BabyBear.one
        for row in 0..<height {
            system.loadTraceRow(into: &evaluator, row: row, main: main, preprocessed: system.preprocessedTrace, publicValues: publicValues, x: x, omegaInverse: omegaInverse)
            let next = row + 1 == height ? 0 : row + 1
            for (c, column) in auxiliary.enumerated() {
                evaluator.extended[layout.auxiliaryCurrent + c] = column[row]
                evaluator.extended[layout.auxiliaryNext + c] = column[next]
            }
            evaluator.execute()
            for k in 0..<system.constraints.count where !evaluator.value(ofRoot: k).isZero {
                throw .constraintViolated(table: system.name, constraint: k, row: row)
            }
            x = x * omega
        }
    }
}
