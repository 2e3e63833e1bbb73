import SproutEthereum

/// Sends each result to a contract (`ethereumContract`) and returns the transaction hash
/// (`0x…` text) as the `outputted` result. Failed tries (unreachable node, a revert, a stuck
/// transaction) are retried with exponential backoff; after the last one the task fails with
/// the chain's error, the decoded revert reason included.
struct EthereumOutputSink: OutputSink {
    let output: EthereumOutput
    let senders: EthereumSenders
    let retry: RetryPolicy

    func deliver(_ delivery: OutputDelivery) async throws -> [UInt8] {
        let (endpoint, contract, plan) = try output.resolved()
        // Filling the inputs depends only on the task: a missing message field will not appear
        // on a retry, so it fails at once.
        let data = try plan.callData(projectID: delivery.projectID, result: delivery.result, messages: delivery.messages)
        let sender = try senders.sender(for: endpoint)
        do {
            return try await retry.run { Array(try await sender.send(to: contract, data: data).hash.utf8) }
        } catch let failure as RetryPolicy.Failure {
            throw RetryPolicy.Failure(description: "\(plan.function.signature) on \(contract) via \(endpoint): \(failure)")
        }
    }
}
