import Foundation
import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import SproutHalo2Engine
import SproutPluginKit
import Testing

@Suite struct PoseidonCircuitTests {
    /// circomlib `Poseidon([1, 2])` (circomlibjs and go-iden3-crypto test vector).
    static let oneTwo = Fr(hex: "0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a")!

    @Test func publishedTestVectors() throws {
        #expect(PoseidonParameters.width3.hash([Fr(integer: 1), Fr(integer: 2)]) == Self.oneTwo)
        // circomlib Poseidon([1]) (circomlibjs test vector).
        #expect(PoseidonParameters(width: 2).hash([Fr(integer: 1)]).bigEndianBytes
            == Self.decimal("18586133768512220936620570745912940619677854269274689475585506675881198879027"))
        // go-iden3-crypto HashWithWidth([contract, sender, nonce], 5) (state [c, s, n, 0, 0]) of the
        // nonce that project 20000's module accepts in Tests/E2E/test_sprout_20000.py.
        let state = [Fr(hex: "0x5EacEF0D83FB47cC003C2968670C44E319a2C333")!, Fr(hex: "0x8896780a7912829781f70344ab93e589dddb2930")!,
                     Fr(hex: "0x16d354b3b958f0599f10393accf964291c5e816bfc97ac9a24e5673589c0e57a")!, .zero, .zero]
        #expect(PoseidonParameters(width: 5).permute(state)[0].bigEndianBytes
            == Self.decimal("6859874220306760608674805696968463337254588499135183635992796880367381267863"))
    }

    static func decimal(_ text: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for digit in text.utf8 {
            var carry = Int(digit - 48)
            for i in (0..<32).reversed() {
                let v = Int(out[i]) * 10 + carry
                out[i] = UInt8(v & 0xff); carry = v >> 8
            }
        }
        return out
    }

    @Test func mockProverAcceptsOnlyTheTruePreimage() throws {
        let circuit = PoseidonCircuit(a: Fr(integer: 1), b: Fr(integer: 2))
        #expect(circuit.output == Self.oneTwo)
        #expect(try MockProver.run(circuit, k: 7, instances: [[Self.oneTwo]]).isEmpty)
        let wrong = try MockProver.run(circuit, k: 7, instances: [[Self.oneTwo + .one]])
        #expect(!wrong.isEmpty)
        // Another preimage does not hash to the public value.
        #expect(!(try MockProver.run(PoseidonCircuit(a: Fr(integer: 2), b: Fr(integer: 1)), k: 7, instances: [[Self.oneTwo]])).isEmpty)
    }

    @Test func proofVerifiesAndTamperingIsRejected() throws {
        let params = KZGParams.insecureDevelopmentSetup(k: 7, tau: Fr(integer: 0x5eed_7777))
        let circuit = PoseidonCircuit(a: Fr(integer: 1), b: Fr(integer: 2))
        let pk = try Keygen.keygen(PoseidonCircuit(a: .zero, b: .zero), params: params, k: 7)
        let proof = try Prover.prove(circuit, pk: pk, params: params, instances: [[Self.oneTwo]])
        try Verifier.verify(vk: pk.vk, params: params, instances: [[Self.oneTwo]], proof: proof)
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: params, instances: [[Self.oneTwo + .one]], proof: proof) }
        for position in [0, 64 * 3 + 1, proof.count / 2, proof.count - 1] {
            var bad = proof
            bad[position] ^= 0x01
            #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: params, instances: [[Self.oneTwo]], proof: bad) }
        }
        // The prover refuses a false statement instead of making a bad proof.
        #expect(throws: Halo2Error.self) { _ = try Prover.prove(circuit, pk: pk, params: params, instances: [[Self.oneTwo + .one]]) }
    }

    @Test func engineProvesAPreimageFromTaskData() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: Array(#"{"circuit":"poseidon"}"#.utf8), expParam: "")
        let hexData = Array(#"{"a":"0x01","b":2}"#.utf8)
        let receipt = try program.prove(inputs: [hexData], call: .none)
        let output = try JSONSerialization.jsonObject(with: Data(try program.verify(receipt: receipt, call: .none))) as? [String: Any]
        #expect((output?["instances"] as? [[String]]) == [["0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"]])
        let tooBig = Array(#"{"a":"0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001","b":2}"#.utf8)
        #expect(throws: EngineError.self) { _ = try program.execute(inputs: [tooBig], call: .none) }
    }
}
