import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

/// Insecure development SRS shared by the tests (tau is public: fine for tests only).
let testParams = KZGParams.insecureDevelopmentSetup(k: 6, tau: Fr(integer: 0x5eed_1234))

@Suite struct SimpleCircuitTests {
    let circuit = SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4))

    @Test func outputIs900() {
        #expect(circuit.output == Fr(integer: 900))
    }

    @Test func mockProverAcceptsAndNamesFailures() throws {
        #expect(try MockProver.run(circuit, k: 4, instances: [[Fr(integer: 900)]]).isEmpty)
        let failures = try MockProver.run(circuit, k: 4, instances: [[Fr(integer: 901)]])
        #expect(failures.contains { if case .copy(_, _, let c, 0) = $0 { c.kind == .instance } else { false } })
        #expect(failures.description.contains("instance[0]@0"))
    }

    @Test func proveAndVerify() throws {
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: [[Fr(integer: 900)]])
        try Verifier.verify(vk: pk.vk, params: testParams, instances: [[Fr(integer: 900)]], proof: proof)
        #expect(throws: Halo2Error.self) {
            try Verifier.verify(vk: pk.vk, params: testParams, instances: [[Fr(integer: 901)]], proof: proof)
        }
    }
}
