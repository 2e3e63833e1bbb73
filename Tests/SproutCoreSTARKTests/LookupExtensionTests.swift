import SproutCoreAIR
import SproutCoreField
import SproutCoreSTARK
import Testing

/// ``SixteenBitAIR`` with both range lookups on one LogUp helper column.
struct BatchedSixteenBitAIR: AIR {
    var name: String { "sixteen-bit-batched" }
    var mainWidth: Int { 4 }
    var numberOfPublicValues: Int { 1 }
    var lookupBatchSize: Int { 2 }
    func evaluate(_ b: inout AIRBuilder) { SixteenBitAIR().evaluate(&b) }
}

/// Lookup batching (`AIR.lookupBatchSize`) and statement-side lookups (``STARKPublicLookup``).
@Suite struct LookupExtensionTests {
    @Test func batchedLookupsProveAndRejectAWrongMultiplicity() throws {
        let (values, table, first) = rangeCheckTraces(logHeight: 5)
        let key = try STARKProvingKey(airs: [BatchedSixteenBitAIR(), ByteRangeAIR()], config: testConfig)
        #expect(key.verifyingKey.systems[0].auxiliaryWidth == 2)  // one helper for two terms, and the running sum
        let proof = try STARKProver.prove(key: key, traces: [values, table], publicValues: [[first], []])
        try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: [[first], []])
        var wrong = table
        wrong.values[3] = wrong.values[3] + .one
        #expect(throws: STARKError.self) { try STARKProver.prove(key: key, traces: [values, wrong], publicValues: [[first], []]) }
        let forced = try STARKProver.prove(key: key, traces: [values, wrong], publicValues: [[first], []], options: .init(checkConstraints: false, checkLookupBalance: false))
        #expect(throws: STARKError.self) { try STARKVerifier.verify(key: key.verifyingKey, proof: forced, publicValues: [[first], []]) }
    }

    /// A table sends its rows on bus 5; the statement receives exactly those tuples.
    @Test func publicLookupsMustMatchTheTables() throws {
        let rows: [[BabyBear]] = (0..<8).map { [BabyBear(UInt32($0)), BabyBear(UInt32(3 * $0 + 1))] }
        let trace = RowMajorMatrix(width: 2, values: rows.flatMap { $0 })
        let key = try STARKProvingKey(airs: [PairSourceAIR(name: "source")], config: testConfig)
        let lookups = [STARKPublicLookup(bus: 5, tuples: rows, isSend: false)]
        let proof = try STARKProver.prove(key: key, traces: [trace], publicValues: [[]], publicLookups: lookups)
        try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: [[]], publicLookups: lookups)
        var other = rows
        other[5][1] = other[5][1] + .one
        for wrong in [[], [STARKPublicLookup(bus: 5, tuples: other, isSend: false)], [STARKPublicLookup(bus: 5, tuples: Array(rows.dropLast()), isSend: false)]] {
            #expect(throws: STARKError.self) { try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: [[]], publicLookups: wrong) }
        }
        // The prover refuses a statement its tables do not balance.
        #expect(throws: STARKError.self) {
            try STARKProver.prove(key: key, traces: [trace], publicValues: [[]], publicLookups: [STARKPublicLookup(bus: 5, tuples: other, isSend: false)])
        }
    }
}
