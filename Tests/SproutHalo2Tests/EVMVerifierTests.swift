import Foundation
import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

/// Compiles the generated Vyper verifier with vyper 0.4.3 and runs it on py-evm through
/// eth-tester (both from `make pydeps`; test peers only).
@Suite struct EVMVerifierTests {
    /// Reads {"source", "proof", "instances", "tampered": [[proof, instances]…]} on stdin; prints
    /// {"valid": bool, "gas": int, "tampered": [bool…]} (a revert counts as false).
    static let script = #"""
import json, sys
import vyper
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import TransactionFailed
from eth_abi import encode
from eth_utils import function_abi_to_4byte_selector
job = json.load(sys.stdin)
out = vyper.compile_code(job["source"], output_formats=["abi", "bytecode"])
fn = next(f for f in out["abi"] if f.get("name") == "verify")
t = EthereumTester(PyEVMBackend())
sender = t.get_accounts()[0]
tx = t.send_transaction({"from": sender, "data": out["bytecode"], "gas": 12_000_000})
address = t.get_transaction_receipt(tx)["contract_address"]
def call(proof, instances):
    args = [bytes.fromhex(proof)] + ([instances] if len(fn["inputs"]) == 2 else [])
    data = "0x" + (function_abi_to_4byte_selector(fn) + encode([i["type"] for i in fn["inputs"]], args)).hex()
    try:
        raw = t.call({"from": sender, "to": address, "data": data, "gas": 5_000_000})
        return raw == "0x" + "00" * 31 + "01", data
    except TransactionFailed:
        return False, data
valid, data = call(job["proof"], job["instances"])
gas = t.estimate_gas({"from": sender, "to": address, "data": data}) if valid else 0
print(json.dumps({"valid": valid, "gas": gas, "codeSize": len(out["bytecode"]) // 2 - 1,
                  "tampered": [call(p, i)[0] for p, i in job["tampered"]]}))
"""#

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func decimal(_ f: Fr) -> String {
        // uint256 from big-endian bytes, as a decimal string for JSON.
        var digits = [UInt8](repeating: 0, count: 80)
        for byte in f.bigEndianBytes {
            var carry = Int(byte)
            for i in 0..<digits.count { let v = Int(digits[i]) * 256 + carry; digits[i] = UInt8(v % 10); carry = v / 10 }
        }
        let text = digits.reversed().drop { $0 == 0 }.map { String($0) }.joined()
        return text.isEmpty ? "0" : text
    }

    func runOnEVM(source: String, proof: [UInt8], instances: [Fr], tampered: [([UInt8], [Fr])]) throws -> [String: Any] {
        let job: [String: Any] = [
            "source": source, "proof": Self.hex(proof), "instances": instances.map { Self.decimal($0) },
            "tampered": tampered.map { [Self.hex($0.0), $0.1.map { Self.decimal($0) }] },
        ]
        // Instances go as decimal strings; the script turns them into ints.
        var text = String(decoding: try JSONSerialization.data(withJSONObject: job), as: UTF8.self)
        text = text.replacingOccurrences(of: "\\/", with: "/")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script.replacingOccurrences(of: "job = json.load(sys.stdin)",
            with: "job = json.load(sys.stdin)\njob[\"instances\"] = [int(x) for x in job[\"instances\"]]\njob[\"tampered\"] = [[p, [int(x) for x in i]] for p, i in job[\"tampered\"]]")]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input; process.standardOutput = output; process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python failed: \(String(decoding: stderr, as: UTF8.self).suffix(3000))")
        return try #require(try JSONSerialization.jsonObject(with: result) as? [String: Any])
    }

    @Test func simpleCircuitVerifiesOnTheEVM() throws {
        let circuit = SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4))
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        let instances = [Fr(integer: 900)]
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: [instances])
        let source = try VyperVerifier.source(vk: pk.vk, g2: testParams.g2, sG2: testParams.sG2, instanceCounts: [1])
        var tampered: [([UInt8], [Fr])] = [(proof, [Fr(integer: 901)])]
        for i in [0, 64 + 5, proof.count / 2, proof.count - 40, proof.count - 1] {
            var bad = proof
            bad[i] ^= 1
            tampered.append((bad, instances))
        }
        let result = try runOnEVM(source: source, proof: proof, instances: instances, tampered: tampered)
        #expect(result["valid"] as? Bool == true)
        #expect((result["tampered"] as? [Bool]) == Array(repeating: false, count: tampered.count))
        print("halo2 EVM verifier (simple circuit): gas \(result["gas"] ?? "?"), code \(result["codeSize"] ?? "?") bytes")
    }

    @Test func rangeCircuitWithLookupVerifiesOnTheEVM() throws {
        let circuit = RangeCircuit(values: [3, 15, 0, 7].map { Fr(integer: $0) }, capacity: 8)
        let pk = try Keygen.keygen(circuit, params: testParams, k: 5)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: [[circuit.sum]])
        let source = try VyperVerifier.source(vk: pk.vk, g2: testParams.g2, sG2: testParams.sG2, instanceCounts: [1])
        var bad = proof
        bad[proof.count / 3] ^= 0x10
        let result = try runOnEVM(source: source, proof: proof, instances: [circuit.sum], tampered: [(proof, [circuit.sum + .one]), (bad, [circuit.sum])])
        #expect(result["valid"] as? Bool == true)
        #expect((result["tampered"] as? [Bool]) == [false, false])
        print("halo2 EVM verifier (range circuit, 1 lookup): gas \(result["gas"] ?? "?"), code \(result["codeSize"] ?? "?") bytes")
    }

    @Test func poseidonCircuitVerifiesOnTheEVM() throws {
        let params = KZGParams.insecureDevelopmentSetup(k: 7, tau: Fr(integer: 0x5eed_7777))
        let circuit = PoseidonCircuit(a: Fr(integer: 1), b: Fr(integer: 2))
        let pk = try Keygen.keygen(circuit, params: params, k: 7)
        let proof = try Prover.prove(circuit, pk: pk, params: params, instances: [[circuit.output]])
        let source = try VyperVerifier.source(vk: pk.vk, g2: params.g2, sG2: params.sG2, instanceCounts: [1])
        var bad = proof
        bad[proof.count / 2] ^= 0x01
        let result = try runOnEVM(source: source, proof: proof, instances: [circuit.output], tampered: [(proof, [circuit.output + .one]), (bad, [circuit.output])])
        #expect(result["valid"] as? Bool == true)
        #expect((result["tampered"] as? [Bool]) == [false, false])
        print("halo2 EVM verifier (Poseidon preimage, degree-6 gates): gas \(result["gas"] ?? "?"), code \(result["codeSize"] ?? "?") bytes")
    }
}
