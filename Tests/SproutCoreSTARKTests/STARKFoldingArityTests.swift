import Testing
import SproutCoreField
import SproutCoreFRI
import SproutCoreSTARK

/// ``testConfig`` with folding arity `2^logArity`.
func testConfig(logFoldingArity: Int) -> STARKConfig {
    var config = testConfig
    config.fri.logFoldingArity = logFoldingArity
    return config
}

@Suite("STARK folding arity")
struct STARKFoldingArityTests {
    @Test(arguments: [2, 3])
    func fibonacciProvesAndVerifiesOnlyUnderItsArity(logArity: Int) throws {
        let statement = try fibonacciStatement(config: testConfig(logFoldingArity: logArity))
        let proof = try statement.prove()
        #expect(proof.fri.logFoldingArity == logArity)
        #expect(statement.verifies(proof))
        #expect(statement.verifiesEncoding(proof.encoded()))
        for other in [1, 2, 3] where other != logArity {
            let otherKey = try fibonacciStatement(config: testConfig(logFoldingArity: other)).key
            #expect(throws: STARKError.self) { try STARKVerifier.verify(key: otherKey.verifyingKey, proof: proof, publicValues: statement.publicValues) }
        }
        // A flipped bit anywhere in the encoding is rejected (every 7th byte, to stay cheap).
        let bytes = proof.encoded()
        for position in stride(from: 0, to: bytes.count, by: 7) {
            var tampered = bytes
            tampered[position] ^= 0x01
            #expect(!statement.verifiesEncoding(tampered), "byte \(position) of \(bytes.count)")
        }
    }

    @Test func tallestTableMustAllowOneRound() throws {
        // 2^2 rows, final length 2: arity 4 (one round = 2 halvings) needs 2^3 rows.
        #expect(throws: STARKError.self) { try fibonacciStatement(logHeight: 2, config: testConfig(logFoldingArity: 2)).prove() }
    }
}
