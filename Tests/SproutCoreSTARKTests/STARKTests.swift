import Foundation
import Testing
import SproutCoreAIR
import SproutCoreField
import SproutCoreFRI
import SproutCoreMerkle
import SproutCoreSTARK

/// Small parameters for fast tests (the soundness level is not the point here).
let testConfig = STARKConfig(fri: FRIConfig(logBlowup: 2, numberOfQueries: 12, proofOfWorkBits: 2, logFinalPolynomialLength: 1))

struct Statement {
    var key: STARKProvingKey
    var traces: [RowMajorMatrix<BabyBear>]
    var publicValues: [[BabyBear]]

    func prove(_ options: STARKProverOptions = .init()) throws -> STARKProof {
        try STARKProver.prove(key: key, traces: traces, publicValues: publicValues, options: options)
    }

    func verifies(_ proof: STARKProof, publicValues: [[BabyBear]]? = nil) -> Bool {
        (try? STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: publicValues ?? self.publicValues)) != nil
    }

    func verifiesEncoding(_ bytes: [UInt8]) -> Bool {
        guard let proof = try? STARKProof(decoding: bytes) else { return false }
        return verifies(proof)
    }
}

func fibonacciStatement(logHeight: Int = 6, config: STARKConfig = testConfig) throws -> Statement {
    let (trace, publicValues) = FibonacciAIR.trace(logHeight: logHeight)
    return Statement(key: try STARKProvingKey(airs: [FibonacciAIR()], config: config), traces: [trace], publicValues: [publicValues])
}

func rangeCheckStatement(logHeight: Int = 5) throws -> Statement {
    let (values, table, first) = rangeCheckTraces(logHeight: logHeight)
    return Statement(key: try STARKProvingKey(airs: [SixteenBitAIR(), ByteRangeAIR()], config: testConfig), traces: [values, table], publicValues: [[first], []])
}

func permutationStatement() throws -> Statement {
    // Sources of 8 and 16 rows; the sink (32 rows) holds the same 24 pairs in another order plus 8 inactive rows.
    var a: [(BabyBear, BabyBear)] = []
    for k in 0..<8 { a.append((BabyBear(UInt32(3 * k + 1)), BabyBear(UInt32(k * k + 2)))) }
    var b: [(BabyBear, BabyBear)] = []
    for k in 0..<16 { b.append((BabyBear(UInt32(100 + k)), BabyBear(UInt32(7 * k)))) }
    var sink: [BabyBear] = []
    for (x, y) in (a + b).reversed() {
        let w: BabyBear = x * x * y
        sink += [x, y, w, BabyBear.one]
    }
    for k in 0..<8 {
        let x = BabyBear(UInt32(500 + k)), y = BabyBear(9)
        let w: BabyBear = x * x * y
        sink += [x, y, w, BabyBear.zero]
    }
    let key = try STARKProvingKey(airs: [PairSourceAIR(name: "a"), PairSourceAIR(name: "b"), PairSinkAIR()], config: testConfig)
    return Statement(
        key: key,
        traces: [RowMajorMatrix(width: 2, values: a.flatMap { [$0.0, $0.1] }), RowMajorMatrix(width: 2, values: b.flatMap { [$0.0, $0.1] }), RowMajorMatrix(width: 4, values: sink)],
        publicValues: [[], [], []])
}

@Suite("STARK")
struct STARKTests {
    @Test(arguments: [2, 5, 8])
    func honestFibonacciProofVerifies(logHeight: Int) throws {
        let statement = try fibonacciStatement(logHeight: logHeight)
        let proof = try statement.prove()
        try STARKVerifier.verify(key: statement.key.verifyingKey, proof: proof, publicValues: statement.publicValues)
        let bytes = proof.encoded()
        #expect(try STARKProof(decoding: bytes) == proof)
        #expect(try statement.prove().encoded() == bytes, "proving is deterministic")
    }

    @Test func honestRangeCheckLookupVerifies() throws {
        let statement = try rangeCheckStatement()
        let proof = try statement.prove(STARKProverOptions(checkConstraints: true))
        try STARKVerifier.verify(key: statement.key.verifyingKey, proof: proof, publicValues: statement.publicValues)
        #expect(proof.logHeights == [5, 8], "tables of different heights share one proof")
        #expect(proof.cumulativeSums.count == 2)
    }

    @Test func honestMultiTablePermutationVerifies() throws {
        let statement = try permutationStatement()
        let proof = try statement.prove(STARKProverOptions(checkConstraints: true))
        try STARKVerifier.verify(key: statement.key.verifyingKey, proof: proof, publicValues: statement.publicValues)
        #expect(proof.openings[2].quotient.count == 8, "degree-3 constraint: two quotient chunks")
    }

    @Test func rejectsChangedPublicValues() throws {
        for statement in [try fibonacciStatement(), try rangeCheckStatement()] {
            let proof = try statement.prove()
            for t in statement.publicValues.indices {
                for i in statement.publicValues[t].indices {
                    var changed = statement.publicValues
                    changed[t][i] = changed[t][i] + .one
                    #expect(!statement.verifies(proof, publicValues: changed), "table \(t) public value \(i)")
                }
            }
            #expect(throws: STARKError.self) {
                try STARKVerifier.verify(key: statement.key.verifyingKey, proof: proof, publicValues: statement.publicValues.map { $0 + [.one] })
            }
        }
    }

    @Test func rejectsTamperedProofBytes() throws {
        let statement = try rangeCheckStatement(logHeight: 3)
        let bytes = try statement.prove().encoded()
        // Every byte of the header and roots, then a deterministic sample across the rest.
        var positions = Array(0..<min(bytes.count, 600))
        var state: UInt64 = 42
        for _ in 0..<400 {
            state = state &* 6_364_136_223_846_793_005 &+ 1  // LCG mod 2⁶⁴, wraps by design
            positions.append(Int(state >> 33) % bytes.count)
        }
        positions.append(bytes.count - 1)
        for position in positions {
            var tampered = bytes
            tampered[position] ^= UInt8(1 << (position % 8))
            #expect(!statement.verifiesEncoding(tampered), "byte \(position) of \(bytes.count)")
        }
    }

    @Test func rejectsTruncatedAndExtendedProofs() throws {
        let statement = try fibonacciStatement()
        let bytes = try statement.prove().encoded()
        for length in stride(from: 0, to: bytes.count, by: 13) + [bytes.count - 1] {
            #expect(throws: ProofDecodingError.self) { try STARKProof(decoding: Array(bytes[0..<length])) }
        }
        #expect(throws: ProofDecodingError.self) { try STARKProof(decoding: bytes + [0]) }
        #expect(throws: ProofDecodingError.self) { try STARKProof(decoding: [UInt8](repeating: 0xFF, count: 200)) }
    }

    @Test func rejectsTamperedProofStructure() throws {
        let statement = try permutationStatement()
        let proof = try statement.prove()
        #expect(statement.verifies(proof))
        var t = proof; t.logHeights[0] += 1; #expect(!statement.verifies(t), "height")
        t = proof; t.mainRoots[1].e3 = t.mainRoots[1].e3 + .one; #expect(!statement.verifies(t), "main root")
        t = proof; t.auxiliaryRoots[2].e0 = t.auxiliaryRoots[2].e0 + .one; #expect(!statement.verifies(t), "auxiliary root")
        t = proof; t.quotientRoots[0].e7 = t.quotientRoots[0].e7 + .one; #expect(!statement.verifies(t), "quotient root")
        t = proof; t.cumulativeSums[0] = t.cumulativeSums[0] + .one; t.cumulativeSums[1] = t.cumulativeSums[1] - .one
        #expect(!statement.verifies(t), "sums shifted between tables but still balanced")
        t = proof; t.openings[2].mainNext[1] = t.openings[2].mainNext[1] + .one; #expect(!statement.verifies(t), "opened value")
        t = proof; t.openings[1].quotient.removeLast(); #expect(!statement.verifies(t), "opened value count")
        t = proof; t.queryOpenings[0].swapAt(0, 1); #expect(!statement.verifies(t), "openings swapped")
        t = proof; t.queryOpenings[2][1].rows[0][0] = t.queryOpenings[2][1].rows[0][0] + .one; #expect(!statement.verifies(t), "opened row")
    }

    @Test func violatedConstraintIsRefusedOrRejected() throws {
        var statement = try fibonacciStatement()
        statement.traces[0][17, 0] = statement.traces[0][17, 0] + .one
        #expect(throws: STARKError.air(.constraintViolated(table: "fibonacci", constraint: 2, row: 16))) {
            try statement.prove(STARKProverOptions(checkConstraints: true))
        }
        let forged = try statement.prove(STARKProverOptions(checkConstraints: false))
        #expect(throws: STARKError.outOfDomainMismatch(table: 0)) {
            try STARKVerifier.verify(key: statement.key.verifyingKey, proof: forged, publicValues: statement.publicValues)
        }
        // A violated constraint in a table with lookups (the 16-bit decomposition).
        var range = try rangeCheckStatement()
        range.traces[0][3, 3] = range.traces[0][3, 3] + .one
        let forgedRange = try range.prove(STARKProverOptions(checkConstraints: false))
        #expect(!range.verifies(forgedRange))
    }

    @Test func defaultOptionsCheckTheTraceInDebugBuildsOnly() throws {
        var statement = try fibonacciStatement()
        statement.traces[0][3, 1] = statement.traces[0][3, 1] + .one
        #expect(STARKProverOptions().checkConstraints == STARKProverOptions.debugBuild)
        if STARKProverOptions.debugBuild {
            #expect(throws: STARKError.self) { try statement.prove() }
        } else {
            #expect(!statement.verifies(try statement.prove()))
        }
    }

    @Test func unbalancedLookupsAreRefusedOrRejected() throws {
        var statement = try rangeCheckStatement()
        statement.traces[1][200, 0] = statement.traces[1][200, 0] + .one  // one wrong multiplicity
        #expect(throws: STARKError.air(.lookupsUnbalanced)) { try statement.prove() }
        let forged = try statement.prove(STARKProverOptions(checkConstraints: false, checkLookupBalance: false))
        #expect(throws: STARKError.lookupSumNotZero) {
            try STARKVerifier.verify(key: statement.key.verifyingKey, proof: forged, publicValues: statement.publicValues)
        }
        // A value outside the byte range (300 = 44 + 256) cannot be looked up at all.
        var outOfRange = try rangeCheckStatement()
        let v = outOfRange.traces[0][0, 2]
        outOfRange.traces[0][0, 0] = outOfRange.traces[0][0, 0] + BabyBear(256)
        outOfRange.traces[0][0, 1] = outOfRange.traces[0][0, 1] - .one
        #expect(outOfRange.traces[0][0, 2] == v)
        #expect(throws: STARKError.self) { try outOfRange.prove() }
        // A permutation with one tuple changed on one side.
        var permutation = try permutationStatement()
        permutation.traces[0][3, 1] = permutation.traces[0][3, 1] + .one
        #expect(throws: STARKError.air(.lookupsUnbalanced)) { try permutation.prove() }
        let forgedPermutation = try permutation.prove(STARKProverOptions(checkConstraints: false, checkLookupBalance: false))
        #expect(!permutation.verifies(forgedPermutation))
    }

    @Test func rejectsStatementForAnotherKeyOrShape() throws {
        let statement = try fibonacciStatement()
        let proof = try statement.prove()
        let otherKey = try STARKProvingKey(airs: [FibonacciAIR()], config: STARKConfig(fri: FRIConfig(logBlowup: 2, numberOfQueries: 13, proofOfWorkBits: 2, logFinalPolynomialLength: 1)))
        #expect(throws: STARKError.self) { try STARKVerifier.verify(key: otherKey.verifyingKey, proof: proof, publicValues: statement.publicValues) }
        let twoTables = try STARKProvingKey(airs: [FibonacciAIR(), FibonacciAIR()], config: testConfig)
        #expect(throws: STARKError.self) { try STARKVerifier.verify(key: twoTables.verifyingKey, proof: proof, publicValues: statement.publicValues + statement.publicValues) }
        #expect(throws: STARKError.self) {
            try STARKProver.prove(key: statement.key, traces: [RowMajorMatrix(width: 2, values: [BabyBear](repeating: .zero, count: 6))], publicValues: statement.publicValues)
        }
    }

    @Test func highDegreeConstraintsProveBeyondTheBlowup() throws {
        /// `x' = x⁷ + 1` (degree 8 with the selector: 8 quotient chunks, above blowup 4).
        struct Septic: AIR {
            var name: String { "septic" }
            var mainWidth: Int { 1 }
            func evaluate(_ b: inout AIRBuilder) { b.assertZeroOnTransition(b.nextMain(0) - b.main(0).power(7) - 1) }
        }
        var x = BabyBear(3)
        var column: [BabyBear] = []
        for _ in 0..<32 { column.append(x); x = x.power(7) + .one }
        let statement = Statement(key: try STARKProvingKey(airs: [Septic()], config: testConfig), traces: [RowMajorMatrix(width: 1, values: column)], publicValues: [[]])
        let proof = try statement.prove(STARKProverOptions(checkConstraints: true))
        #expect(proof.openings[0].quotient.count == 4 * 8)
        try STARKVerifier.verify(key: statement.key.verifyingKey, proof: proof, publicValues: [[]])
        var broken = statement
        broken.traces[0][5, 0] = broken.traces[0][5, 0] + .one
        #expect(!broken.verifies(try broken.prove(STARKProverOptions(checkConstraints: false))))
        #expect(statement.key.verifyingKey.conjecturedSecurityBits(logMaxHeight: 20) == min(testConfig.fri.conjecturedSecurityBits(), 123 - 23))
    }

    @Test func defaultParametersReachNinetySixConjecturedBits() {
        let config = STARKConfig.standard
        #expect(config.conjecturedSecurityBits(logMaxHeight: 20, includingGrinding: false) == 96)
        #expect(config.conjecturedSecurityBits(logMaxHeight: 20) == 101)
        #expect(config.conjecturedSecurityBits(logMaxHeight: 16) == 105)
        #expect(config.conjecturedSecurityBits(logMaxHeight: 9) == 112)
        #expect(config.conjecturedSecurityBits(logMaxHeight: 10) == 111)
    }

    @Test func standardParametersProveAndVerify() throws {
        let statement = try rangeCheckStatement(logHeight: 8)
        let key = try STARKProvingKey(airs: [SixteenBitAIR(), ByteRangeAIR()], config: .standard)
        let proof = try STARKProver.prove(key: key, traces: statement.traces, publicValues: statement.publicValues)
        try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: statement.publicValues)
    }
}

/// Same shape as ``FibonacciAIR`` but a different recurrence (`b' = a + 2b`).
struct OtherRecurrenceAIR: AIR {
    var name: String { "other" }
    var mainWidth: Int { 2 }
    var numberOfPublicValues: Int { 3 }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZeroOnFirstRow(b.main(0) - b.publicValue(0))
        b.assertZeroOnFirstRow(b.main(1) - b.publicValue(1))
        b.assertZeroOnTransition(b.nextMain(0) - b.main(1))
        b.assertZeroOnTransition(b.nextMain(1) - b.main(0) - 2 * b.main(1))
        b.assertZeroOnLastRow(b.main(1) - b.publicValue(2))
    }
}

@Suite("STARK statement binding")
struct STARKBindingTests {
    @Test func proofForOneAIRDoesNotVerifyForAnotherOfTheSameShape() throws {
        let statement = try fibonacciStatement()
        let proof = try statement.prove()
        let other = try STARKProvingKey(airs: [OtherRecurrenceAIR()], config: testConfig)
        #expect(other.verifyingKey.systemDigests != statement.key.verifyingKey.systemDigests)
        #expect(throws: STARKError.self) { try STARKVerifier.verify(key: other.verifyingKey, proof: proof, publicValues: statement.publicValues) }
    }

    @Test func randomGarbageNeverVerifies() throws {
        let statement = try rangeCheckStatement(logHeight: 3)
        let bytes = try statement.prove().encoded()
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // LCG mod 2⁶⁴, wraps by design
            return Int(state >> 33)
        }
        for trial in 0..<200 {
            var tampered = bytes
            for _ in 0..<(1 + trial % 8) { tampered[next() % tampered.count] = UInt8(truncatingIfNeeded: next()) }
            if tampered == bytes { continue }
            #expect(!statement.verifiesEncoding(tampered), "trial \(trial)")
        }
        for length in [0, 1, 3, 4, 5, 64, 1000] {
            let garbage = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            #expect(!statement.verifiesEncoding(garbage))
            #expect(!statement.verifiesEncoding(STARKProof.magic + [STARKProof.formatVersion] + garbage))
        }
    }
}
