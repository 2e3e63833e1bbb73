import Testing
import SproutCoreAIR
import SproutCoreField

/// `a' = b, b' = a + b`, `a₀ = pub₀`, `b₀ = pub₁`, `b_{n−1} = pub₂`.
struct FibonacciAIR: AIR {
    var name: String { "fibonacci" }
    var mainWidth: Int { 2 }
    var numberOfPublicValues: Int { 3 }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZeroOnFirstRow(b.main(0) - b.publicValue(0))
        b.assertZeroOnFirstRow(b.main(1) - b.publicValue(1))
        b.assertZeroOnTransition(b.nextMain(0) - b.main(1))
        b.assertZeroOnTransition(b.nextMain(1) - b.main(0) - b.main(1))
        b.assertZeroOnLastRow(b.main(1) - b.publicValue(2))
    }
    static func trace(logHeight: Int) -> (RowMajorMatrix<BabyBear>, [BabyBear]) {
        var a = BabyBear.zero, c = BabyBear.one
        var values: [BabyBear] = []
        for _ in 0..<(1 << logHeight) { values += [a, c]; (a, c) = (c, a + c) }
        let matrix = RowMajorMatrix(width: 2, values: values)
        return (matrix, [0, 1, matrix[matrix.height - 1, 1]])
    }
}

/// Sends column 0 to bus 7.
struct SenderAIR: AIR {
    var name: String { "sender" }
    var mainWidth: Int { 1 }
    func evaluate(_ b: inout AIRBuilder) { b.send(bus: 7, values: [b.main(0)]) }
}

/// Receives the fixed column `0…n−1` on bus 7 with multiplicity column 0.
struct TableAIR: AIR {
    var logHeight: Int
    var name: String { "table" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { 1 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? {
        RowMajorMatrix(width: 1, values: (0..<(1 << logHeight)).map { BabyBear(UInt32($0)) })
    }
    func evaluate(_ b: inout AIRBuilder) { b.receive(bus: 7, values: [b.preprocessed(0)], multiplicity: b.main(0)) }
}

@Suite("AIR")
struct AIRTests {
    @Test func degreesFollowTheExpression() throws {
        var b = AIRBuilder(mainWidth: 2, preprocessedWidth: 0, numberOfPublicValues: 1)
        #expect((b.main(0) * b.main(1) * b.nextMain(0)).degree == 3)
        #expect((b.isTransition * (b.main(0) - 5)).degree == 2)
        #expect((b.publicValue(0) * 7 + 1).degree == 0)
        #expect(b.main(0).power(5).degree == 5)
        b.assertBoolean(b.main(0))
        #expect(b.constraints.count == 1)
        let system = try ConstraintSystem(air: FibonacciAIR())
        #expect(system.maxDegree == 2)
        #expect(system.auxiliaryWidth == 0)
    }

    /// A layout and expressions that use every opcode of the compiled program (base, extension
    /// and mixed operands; `4 − aux` is base minus extension), for the evaluator tests.
    static let layout = ConstraintProgram.Layout(mainWidth: 3, preprocessedWidth: 1, numberOfPublicValues: 1, auxiliaryWidth: 1, numberOfChallenges: 2)
    static let expressions: [AIRExpression] = {
        let m0 = AIRExpression.variable(.main(column: 0, nextRow: false))
        let m1 = AIRExpression.variable(.main(column: 1, nextRow: false))
        let m2n = AIRExpression.variable(.main(column: 2, nextRow: true))
        let p = AIRExpression.variable(.preprocessed(column: 0, nextRow: true))
        let aux = AIRExpression.variable(.auxiliary(column: 0, nextRow: false))
        let ch = AIRExpression.variable(.challenge(1))
        let pub = AIRExpression.variable(.publicValue(0))
        return [
            m0 * m0 * m2n - 3 * p + pub, -(m0 - aux) * ch + m0, (m0 - ch) * (aux + p) - -m2n, m0 - aux * 5, 4 - aux, -m1 * m0 - m2n,
            aux * ch * aux + m1, (aux - m1) * m0, .variable(.isFirstRow) * m1,
        ]
    }()

    @Test func compiledProgramAgreesWithTreeEvaluation() throws {
        let layout = Self.layout, expressions = Self.expressions
        let program = try ConstraintProgram(expressions: expressions, layout: layout, table: "t")
        var evaluator = ConstraintEvaluator(program: program)
        var rng = SystemRandomNumberGenerator()
        var leaves: [AIRVariable: BabyBearExt4] = [:]
        for c in 0..<3 {
            for next in [false, true] {
                let v = BabyBear.random(using: &rng)
                evaluator.base[(next ? layout.mainNext : layout.mainCurrent) + c] = v
                leaves[.main(column: c, nextRow: next)] = BabyBearExt4(v)
            }
        }
        let pv = BabyBear.random(using: &rng), pubValue = BabyBear.random(using: &rng)
        evaluator.base[layout.preprocessedNext] = pv
        evaluator.base[layout.publicValues] = pubValue
        leaves[.preprocessed(column: 0, nextRow: true)] = BabyBearExt4(pv)
        leaves[.publicValue(0)] = BabyBearExt4(pubValue)
        let auxValue = BabyBearExt4.random(using: &rng), gamma = BabyBearExt4.random(using: &rng)
        evaluator.extended[layout.auxiliaryCurrent] = auxValue
        evaluator.extended[layout.challenges + 1] = gamma
        leaves[.auxiliary(column: 0, nextRow: false)] = auxValue
        leaves[.challenge(1)] = gamma
        evaluator.execute()
        for (k, e) in expressions.enumerated() {
            #expect(evaluator.value(ofRoot: k) == e.evaluate { leaves[$0] ?? .zero }, "expression \(k)")
        }
    }

    /// The prover's 16-lane evaluator gives, on every lane, the verifier's Horner combination of
    /// the roots times the lane's scale.
    @Test func laneEvaluatorAgreesWithHornerOnEveryLane() throws {
        let layout = Self.layout, expressions = Self.expressions
        let program = try ConstraintProgram(expressions: expressions, layout: layout, table: "t")
        var lanes = ConstraintLaneEvaluator(program: program)
        var rng = SystemRandomNumberGenerator()
        let pubValue = BabyBear.random(using: &rng), gamma = BabyBearExt4.random(using: &rng), alpha = BabyBearExt4.random(using: &rng)
        lanes.setBase(layout.publicValues, pubValue)
        lanes.setExtension(layout.challenges + 1, gamma)
        var expected: [BabyBearExt4] = []
        var scales: [BabyBear] = []
        for lane in 0..<ConstraintLaneEvaluator.lanes {
            var leaves: [AIRVariable: BabyBearExt4] = [.publicValue(0): BabyBearExt4(pubValue), .challenge(1): gamma]
            for c in 0..<3 {
                for next in [false, true] {
                    let v = BabyBear.random(using: &rng)
                    lanes.setBase((next ? layout.mainNext : layout.mainCurrent) + c, lane: lane, v)
                    leaves[.main(column: c, nextRow: next)] = BabyBearExt4(v)
                }
            }
            let pv = BabyBear.random(using: &rng), first = BabyBear.random(using: &rng), auxValue = BabyBearExt4.random(using: &rng)
            lanes.setBase(layout.preprocessedNext, lane: lane, pv)
            lanes.setBase(layout.isFirstRow, lane: lane, first)
            lanes.setExtension(layout.auxiliaryCurrent, lane: lane, auxValue)
            leaves[.preprocessed(column: 0, nextRow: true)] = BabyBearExt4(pv)
            leaves[.isFirstRow] = BabyBearExt4(first)
            leaves[.auxiliary(column: 0, nextRow: false)] = auxValue
            let scale = BabyBear.random(using: &rng)
            scales.append(scale)
            expected.append(expressions.reduce(BabyBearExt4.zero) { $0 * alpha + $1.evaluate { leaves[$0] ?? .zero } } * scale)
        }
        lanes.execute()
        var output = [BabyBearExt4](repeating: .zero, count: ConstraintLaneEvaluator.lanes)
        output.withUnsafeMutableBufferPointer { lanes.combinedRoots(powers: program.rootPowers(challenge: alpha), scales: scales, into: $0.baseAddress!) }
        #expect(output == expected)
    }

    @Test func checkerAcceptsAValidTraceAndNamesAViolatedConstraint() throws {
        let system = try ConstraintSystem(air: FibonacciAIR())
        var (trace, publicValues) = FibonacciAIR.trace(logHeight: 5)
        try AIRConstraintChecker.check(system: system, main: trace, publicValues: publicValues)
        trace[9, 1] = trace[9, 1] + .one
        #expect(throws: AIRError.constraintViolated(table: "fibonacci", constraint: 3, row: 8)) {
            try AIRConstraintChecker.check(system: system, main: trace, publicValues: publicValues)
        }
        var wrongPublic = publicValues
        wrongPublic[2] = wrongPublic[2] + .one
        (trace, _) = FibonacciAIR.trace(logHeight: 5)
        #expect(throws: AIRError.constraintViolated(table: "fibonacci", constraint: 4, row: 31)) {
            try AIRConstraintChecker.check(system: system, main: trace, publicValues: wrongPublic)
        }
    }

    @Test func logUpSumsBalanceExactlyWhenMultiplicitiesMatch() throws {
        let sender = try ConstraintSystem(air: SenderAIR())
        let table = try ConstraintSystem(air: TableAIR(logHeight: 3))
        #expect(table.auxiliaryWidth == 2)
        let looked: [UInt32] = [3, 5, 5, 0, 7, 3, 3, 1]
        let senderTrace = RowMajorMatrix(width: 1, values: looked.map { BabyBear($0) })
        var counts = [BabyBear](repeating: .zero, count: 8)
        for v in looked { counts[Int(v)] = counts[Int(v)] + .one }
        var rng = SystemRandomNumberGenerator()
        let challenges = [BabyBearExt4.random(using: &rng), BabyBearExt4.random(using: &rng)]
        let (senderColumns, senderSum) = try LogUp.auxiliaryTrace(system: sender, main: senderTrace, publicValues: [], challenges: challenges)
        let (tableColumns, tableSum) = try LogUp.auxiliaryTrace(system: table, main: RowMajorMatrix(width: 1, values: counts), publicValues: [], challenges: challenges)
        #expect(senderSum + tableSum == .zero)
        try AIRConstraintChecker.check(system: sender, main: senderTrace, publicValues: [], auxiliary: senderColumns, challenges: challenges, cumulativeSum: senderSum)
        try AIRConstraintChecker.check(system: table, main: RowMajorMatrix(width: 1, values: counts), publicValues: [], auxiliary: tableColumns, challenges: challenges, cumulativeSum: tableSum)
        // One wrong multiplicity breaks the balance.
        counts[5] = counts[5] + .one
        let (_, wrongSum) = try LogUp.auxiliaryTrace(system: table, main: RowMajorMatrix(width: 1, values: counts), publicValues: [], challenges: challenges)
        #expect(senderSum + wrongSum != .zero)
        // A wrong claimed sum violates the last-row constraint.
        #expect(throws: AIRError.self) {
            try AIRConstraintChecker.check(system: sender, main: senderTrace, publicValues: [], auxiliary: senderColumns, challenges: challenges, cumulativeSum: senderSum + .one)
        }
    }

    @Test func rejectsInconsistentAIRs() {
        struct Bad: AIR {
            var name: String { "bad" }
            var mainWidth: Int { 1 }
            var preprocessedWidth: Int { 1 }
            func evaluate(_ b: inout AIRBuilder) {}
        }
        #expect(throws: AIRError.self) { try ConstraintSystem(air: Bad()) }
    }
}
