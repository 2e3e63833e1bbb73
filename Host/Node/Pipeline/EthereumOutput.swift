import Foundation
import SproutEthereum

/// A project's `output.ethereum` section (sprout's `ethereumContract` output): each proof is
/// sent as a call of `contractMethod` on `contractAddress`, its inputs filled as
/// `ContractCallPlan` describes. Every field is optional in the file because sprout writes the
/// section, empty, into projects of other output types too; `validated()` requires them.
public struct EthereumOutput: Sendable, Codable, Equatable {
    /// The chain's JSON-RPC URL (http or https).
    public var chainEndpoint: String?
    public var contractAddress: String?
    /// Fills a `receiver`/`_receiver` input.
    public var receiverAddress: String?
    public var contractMethod: String?
    /// The contract's ABI as a JSON string (a string holding JSON, as sprout has it).
    public var contractAbiJSON: String?

    public init(chainEndpoint: String?, contractAddress: String?, receiverAddress: String? = nil, contractMethod: String?, contractAbiJSON: String?) {
        self.chainEndpoint = chainEndpoint
        self.contractAddress = contractAddress
        self.receiverAddress = receiverAddress
        self.contractMethod = contractMethod
        self.contractAbiJSON = contractAbiJSON
    }

    /// A project whose output cannot work fails its load, not its first proof.
    public struct Invalid: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "ethereumContract output: \(reason)" }
    }

    /// Checks the endpoint, the contract address and that every method input maps to a value.
    func validated() throws(Invalid) -> EthereumOutput {
        _ = try resolved()
        return self
    }

    /// The endpoint, contract and call plan.
    func resolved() throws(Invalid) -> (endpoint: URL, contract: EthereumAddress, plan: ContractCallPlan) {
        guard let endpointText = chainEndpoint, let endpoint = URL(string: endpointText),
            ["http", "https"].contains(endpoint.scheme?.lowercased() ?? ""), endpoint.host?.isEmpty == false
        else {
            throw Invalid(reason: "chainEndpoint \"\(chainEndpoint ?? "")\" must be an http:// or https:// JSON-RPC URL")
        }
        let contract: EthereumAddress
        do {
            contract = try EthereumAddress(contractAddress ?? "")
        } catch {
            throw Invalid(reason: "contractAddress: \(error)")
        }
        guard let method = contractMethod, !method.isEmpty else { throw Invalid(reason: "contractMethod is missing") }
        do {
            let plan = try ContractCallPlan(abiJSON: contractAbiJSON ?? "", method: method, receiverAddress: receiverAddress)
            return (endpoint, contract, plan)
        } catch {
            throw Invalid(reason: "\(error)")
        }
    }
}
