import Foundation
import Testing

@testable import SproutNode

/// The `ethereumContract` output as a project file declares it: parsed, checked at load, and
/// failing clearly without a node key.
@Suite struct EthereumOutputConfigTests {
    /// A minimal runnable config (wasm, zlib of an empty module is never run here).
    func project(output: String) -> Data {
        Data(#"[{"vmType":"wasm","code":"789c030000000001","version":"0.1","output":\#(output)}]"#.utf8)
    }

    let storeABI = #"[{\"type\":\"function\",\"name\":\"submit\",\"inputs\":[{\"name\":\"_projectId\",\"type\":\"uint256\"},{\"name\":\"_receiver\",\"type\":\"address\"},{\"name\":\"_data_snark\",\"type\":\"bytes\"}]}]"#

    func ethereum(method: String = "submit", receiver: String? = "0x00000000000000000000000000000000000000aa") -> String {
        let receiverField = receiver.map { #","receiverAddress":"\#($0)""# } ?? ""
        return #"{"type":"ethereumContract","ethereum":{"chainEndpoint":"http://127.0.0.1:8545","contractAddress":"0x2946259e0334f33a064106302415ad3391bed384","contractMethod":"\#(method)","contractAbiJSON":"\#(storeABI)"\#(receiverField)}}"#
    }

    @Test func loadsSproutsStoreOutput() throws {
        let catalog = ProjectCatalog(directory: nil)
        let entries = try catalog.install(projectID: 10000, data: project(output: ethereum()), origin: "test")
        guard case .ethereumContract(let output) = entries.first?.output else {
            Issue.record("expected an ethereumContract output, got \(String(describing: entries.first?.output))")
            return
        }
        #expect(output.contractMethod == "submit" && output.receiverAddress == "0x00000000000000000000000000000000000000aa")
    }

    // sprout's Go encoder writes the (empty) ethereum section into every config.
    @Test func stdoutProjectsMayCarryAnEmptyEthereumSection() throws {
        let catalog = ProjectCatalog(directory: nil)
        let entries = try catalog.install(
            projectID: 10003, data: project(output: #"{"type":"stdout","ethereum":{"chainEndpoint":"","contractAddress":"","contractMethod":"","contractAbiJSON":""}}"#),
            origin: "test")
        #expect(entries.first?.output == .stdout)
    }

    @Test(arguments: [
        (#"{"type":"ethereumContract"}"#, "no \"ethereum\" section"),
        (#"{"type":"ethereumContract","ethereum":{"chainEndpoint":"ws://x","contractAddress":"0x2946259e0334f33a064106302415ad3391bed384","contractMethod":"submit","contractAbiJSON":"[]"}}"#, "chainEndpoint"),
        (#"{"type":"ethereumContract","ethereum":{"chainEndpoint":"http://x","contractAddress":"0x12","contractMethod":"submit","contractAbiJSON":"[]"}}"#, "contractAddress"),
    ])
    func refusesIncompleteSections(_ output: String, _ reason: String) {
        #expect {
            try ProjectCatalog(directory: nil).install(projectID: 1, data: project(output: output), origin: "test")
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test func refusesUnmappableInputsAtLoad() {
        #expect {
            try ProjectCatalog(directory: nil).install(projectID: 1, data: project(output: ethereum(receiver: nil)), origin: "test")
        } throws: { error in
            "\(error)".contains("needs output.ethereum.receiverAddress")
        }
    }

    @Test func deliveryWithoutANodeKeyFailsClearly() async throws {
        let entries = try ProjectCatalog(directory: nil).install(projectID: 10000, data: project(output: ethereum()), origin: "test")
        var settings = PipelineSettings()
        settings.ethereum.privateKey = nil
        let sink = OutputRouter(settings: settings).sink(for: entries[0].output)
        let delivery = OutputDelivery(
            projectID: 10000, projectVersion: "0.1", taskID: 1,
            result: Array(#"{"Snark":{"snark":"s","post_state_digest":"d","journal":"j"}}"#.utf8), messages: [])
        await #expect {
            try await sink.deliver(delivery)
        } throws: { error in
            "\(error)".contains("no Ethereum signing key")
        }
    }
}
