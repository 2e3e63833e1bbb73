import Foundation
import Testing

@testable import SproutEthereum

private func abi(_ function: String, _ inputs: [(String, String)]) -> String {
    let list = inputs.map { #"{"name":"\#($0.0)","type":"\#($0.1)"}"# }.joined(separator: ",")
    return #"[{"type":"function","name":"\#(function)","inputs":[\#(list)],"outputs":[],"stateMutability":"nonpayable"}]"#
}

@Suite struct ContractCallPlanTests {
    let receiver = "0x00000000000000000000000000000000000000aa"

    // sprout's test Store contract: submit(uint256 _projectId, address _receiver, bytes _data_snark),
    // with _data_snark = abi.encode(bytes, bytes, bytes) of the risc0 Snark fields (expected
    // bytes from eth_abi 6.0.0).
    @Test func mapsSproutsStoreSubmitWithDataSnark() throws {
        let plan = try ContractCallPlan(
            abiJSON: abi("submit", [("_projectId", "uint256"), ("_receiver", "address"), ("_data_snark", "bytes")]), method: "submit",
            receiverAddress: receiver)
        #expect(plan.sources == [.projectID, .receiver(try EthereumAddress(receiver)), .dataSnark])
        let result = Array(#"{"Snark":{"snark":"s","post_state_digest":"d","journal":"j"}}"#.utf8)
        let data = try plan.callData(projectID: 10000, result: result, messages: [])
        #expect(Hex.encode(data)
            == "370ada1e000000000000000000000000000000000000000000000000000000000000271000000000000000000000000000000000000000000000000000000000000000aa00000000000000000000000000000000000000000000000000000000000000600000000000000000000000000000000000000000000000000000000000000120000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000e0000000000000000000000000000000000000000000000000000000000000000173000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001640000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016a00000000000000000000000000000000000000000000000000000000000000")
    }

    // The proof, the project ID and message fields of every supported kind (eth_abi 6.0.0).
    // "amount": "ff" is 255: sprout reads uint256 message strings as hex.
    @Test func fillsOtherInputsFromTheMessageJSON() throws {
        let plan = try ContractCallPlan(
            abiJSON: abi(
                "record",
                [
                    ("_proof", "bytes"), ("_projectId", "uint256"), ("device", "address"), ("label", "string"), ("flag", "bool"), ("id", "bytes32"),
                    ("delta", "int64"), ("levels", "uint8[]"), ("amount", "uint256"),
                ]), method: "record", receiverAddress: nil)
        let message = #"{"device":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","label":"abc","flag":true,"id":"0x\#(String(repeating: "11", count: 32))","delta":-3,"levels":[1,2],"amount":"ff"}"#
        let data = try plan.callData(projectID: 10000, result: [1, 2], messages: [Array(message.utf8)])
        #expect(Hex.encode(data)
            == "e3884f8d000000000000000000000000000000000000000000000000000000000000012000000000000000000000000000000000000000000000000000000000000027100000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed000000000000000000000000000000000000000000000000000000000000016000000000000000000000000000000000000000000000000000000000000000011111111111111111111111111111111111111111111111111111111111111111fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd00000000000000000000000000000000000000000000000000000000000001a000000000000000000000000000000000000000000000000000000000000000ff0000000000000000000000000000000000000000000000000000000000000002010200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000036162630000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002")
    }

    @Test func refusesUnmappableInputsWhenThePlanIsMade() {
        let cases: [(String, String, String?, String)] = [
            (abi("submit", [("_receiver", "address")]), "submit", nil, "needs output.ethereum.receiverAddress"),
            (abi("submit", [("_proof", "uint256")]), "submit", nil, "must be bytes or string"),
            (abi("submit", [("_projectId", "uint32")]), "submit", nil, "must be uint64 or wider"),
            (abi("submit", [("", "bytes")]), "submit", nil, "unnamed input"),
            (abi("submit", [("proof", "bytes")]), "other", nil, "contractMethod \"other\" is not a function"),
            (abi("submit", [("x", "tuple")]), "submit", nil, "unsupported ABI type"),
            ("not json", "submit", nil, "not valid JSON"),
            (abi("submit", [("_receiver", "address")]), "submit", "0x12", "receiverAddress"),
        ]
        for (json, method, receiver, reason) in cases {
            #expect {
                try ContractCallPlan(abiJSON: json, method: method, receiverAddress: receiver)
            } throws: { error in
                "\(error)".contains(reason)
            }
        }
    }

    @Test func refusesMissingOrMalformedValuesAtDelivery() throws {
        let plan = try ContractCallPlan(abiJSON: abi("f", [("amount", "uint256"), ("who", "address")]), method: "f", receiverAddress: nil)
        func reason(_ message: String) -> String {
            do {
                _ = try plan.callData(projectID: 1, result: [], messages: [Array(message.utf8)])
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(reason(#"{"who":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}"#).contains("miss param amount"))
        #expect(reason(#"{"amount":"zz","who":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}"#).contains("not an unsigned integer"))
        #expect(reason(#"{"amount":1,"who":"nobody"}"#).contains("not a 0x address"))
        #expect(reason("plain text").contains("not a JSON object"))
        #expect(reason(#"{"amount":12,"who":"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"}"#) == "accepted")
        let snark = try ContractCallPlan(abiJSON: abi("g", [("data_snark", "bytes")]), method: "g", receiverAddress: nil)
        #expect(throws: ContractCallPlan.ValueError.self) { try snark.callData(projectID: 1, result: Array("00ff".utf8), messages: []) }
        #expect(throws: ContractCallPlan.ValueError.self) { try snark.callData(projectID: 1, result: Array(#"{"Snark":{"snark":"s"}}"#.utf8), messages: []) }
    }
}
