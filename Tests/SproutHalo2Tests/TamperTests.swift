import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

@Suite struct TamperTests {
    let circuit = SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4))
    let instances = [[Fr(integer: 900)]]

    @Test func everyByteFlipIsRejected() throws {
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: instances)
        for i in proof.indices {
            var bad = proof
            bad[i] ^= 0x01
            #expect(throws: Halo2Error.self, "byte \(i)") { try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: bad) }
        }
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: proof + [0]) }
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: Array(proof.dropLast())) }
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: []) }
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: [], proof: proof) }
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: [[Fr(integer: 900), .one]], proof: proof) }
    }

    @Test func anotherVerifyingKeyIsRejected() throws {
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: instances)
        // Same circuit, other constant: other fixed column, so another key.
        let other = try Keygen.keygen(SimpleCircuit(a: .one, b: .one, constant: Fr(integer: 5)), params: testParams, k: 4)
        #expect(other.vk.digest != pk.vk.digest)
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: other.vk, params: testParams, instances: instances, proof: proof) }
        // Same circuit on more rows.
        let bigger = try Keygen.keygen(circuit, params: testParams, k: 5)
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: bigger.vk, params: testParams, instances: instances, proof: proof) }
        // Another SRS (another τ).
        let otherParams = KZGParams.insecureDevelopmentSetup(k: 4, tau: Fr(integer: 77))
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: otherParams, instances: instances, proof: proof) }
    }

    @Test func wrongWitnessIsRefusedByTheProver() throws {
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        #expect(throws: Halo2Error.self) { try Prover.prove(circuit, pk: pk, params: testParams, instances: [[Fr(integer: 901)]]) }
    }
}
