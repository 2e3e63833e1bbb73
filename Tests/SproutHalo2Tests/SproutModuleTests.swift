import Foundation
import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import SproutHalo2Engine
import SproutPluginKit
import Testing

@Suite struct SproutModuleTests {
    let data = Array("{\"private_a\": 3, \"private_b\": 5}".utf8)

    @Test func project10001ProvesLikeSprout() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: try Halo2Fixtures.artifact(10001), expParam: "")
        let first = try program.prove(inputs: [data], call: .none)
        let text = try #require(String(bytes: first, encoding: .ascii))
        #expect(text.count == 2880)
        #expect(text.allSatisfy { "0123456789abcdef".contains($0) })
        // Blinding makes every proof different.
        let second = try program.execute(inputs: [data, Array("{}".utf8)], call: .none)
        #expect(second.count == 2880 && second != first)
    }

    @Test func project10001RefusesMalformedData() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: try Halo2Fixtures.artifact(10001), expParam: "")
        for bad in [[Array("{\"private_a\": \"x\"}".utf8)], []] {
            #expect { try program.prove(inputs: bad, call: .none) } throws: { ($0 as? EngineError)?.status == .executionFailed }
        }
        #expect { try program.verify(receipt: [], call: .none) } throws: { ($0 as? EngineError)?.status == .verificationFailed }
    }

    static func claim(_ proofHex: String, _ instance: UInt64) -> [UInt8] {
        let hex = String(instance, radix: 16)
        return Array("{\"proof\":\"\(proofHex)\",\"instances\":[[\"0x\(String(repeating: "0", count: 64 - hex.count) + hex)\"]]}".utf8)
    }

    /// The module's PSE proofs verify with our PSE verifier (key recovered from the module):
    /// for the right instance only, and no flipped byte passes.
    @Test func project10001ProofsVerifyInSwift() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: try Halo2Fixtures.artifact(10001), expParam: "")
        let proof = String(decoding: try program.prove(inputs: [data], call: .none), as: UTF8.self)
        let output = try program.verify(receipt: Self.claim(proof, 900), call: .none)
        #expect(String(decoding: output, as: UTF8.self).contains("0384"))
        func rejected(_ receipt: [UInt8]) -> Bool {
            do { _ = try program.verify(receipt: receipt, call: .none); return false } catch { return error.status == .verificationFailed }
        }
        #expect(rejected(Self.claim(proof, 901)))
        let other = String(decoding: try program.prove(inputs: [Array("{\"private_a\": 1, \"private_b\": 2}".utf8)], call: .none), as: UTF8.self)
        _ = try program.verify(receipt: Self.claim(other, 16), call: .none)
        #expect(rejected(Self.claim(other, 900)))
        let digits = Array(proof.utf8)
        for position in stride(from: 1, to: digits.count, by: 9) {
            var bad = digits
            bad[position] = bad[position] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(rejected(Self.claim(String(decoding: bad, as: UTF8.self), 900)), "hex digit \(position)")
        }
    }

    /// The module carries PSE `ParamsKZG` for k = 4 (what a verifier of its proofs needs) as hex
    /// text of the raw format: find the hex run that starts with the k = 4 header, parse it and
    /// check it is a consistent SRS.
    @Test func project10001EmbedsConsistentParamsKZG() throws {
        let wasm = try Halo2Fixtures.artifact(10001)
        // "04000000" (k = 4, u32 LE) then g[0] = the generator, x = 1 in Montgomery form.
        let marker = Array("040000009d0d8fc58d435dd3".utf8)
        let start = try #require((0..<(wasm.count - marker.count)).first { wasm[$0..<($0 + marker.count)].elementsEqual(marker) })
        let isHex: (UInt8) -> Bool = { (48...57).contains($0) || (97...102).contains($0) }
        let end = wasm[start...].firstIndex { !isHex($0) } ?? wasm.count
        let text = Array(wasm[start..<end])
        let bytes = stride(from: 0, to: text.count - 1, by: 2).map { i -> UInt8 in
            func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
            return nibble(text[i]) << 4 | nibble(text[i + 1])
        }
        #expect(bytes.count == KZGParams.halo2Length(k: 4, format: .rawBytes))
        let params = try KZGParams(halo2Bytes: bytes)
        #expect(params.k == 4 && params.gLagrange.count == 16 && params.g[0] == G1Curve.generator)
        try params.verifyStructure()
        // A real setup, not a small τ one could guess: g[1] is none of [1..1000]G.
        var multiple = G1.generator
        for _ in 0..<1000 { #expect(multiple.affine != params.g[1]); multiple = multiple + G1.generator }
        // Our own SimpleCircuit proves the same statement (900) with sprout's SRS.
        let circuit = SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4))
        let pk = try Keygen.keygen(circuit, params: params, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: params, instances: [[Fr(integer: 900)]])
        try Verifier.verify(vk: pk.vk, params: params, instances: [[Fr(integer: 900)]], proof: proof)
    }
}
