import Foundation
import SproutEthereum
import Synchronization

/// One transaction sender per chain endpoint, shared by every project that outputs there, so
/// that concurrent outputs from the node's key take distinct nonces.
final class EthereumSenders: Sendable {
    struct MissingKey: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    private let settings: EthereumOutputSettings
    private let key: Result<SigningKey, MissingKey>
    private let senders = Mutex<[URL: TransactionSender]>([:])

    init(settings: EthereumOutputSettings) {
        self.settings = settings
        if let text = settings.privateKey, !text.isEmpty {
            key = Result { () throws(MissingKey) -> SigningKey in
                do {
                    return try SigningKey(hex: text)
                } catch {
                    throw MissingKey(reason: "the node's Ethereum key (ethereum.privateKey) is invalid: \(error)")
                }
            }
        } else {
            key = .failure(MissingKey(reason: "no Ethereum signing key: set ethereum.privateKey or SPROUT_ETH_PRIVATE_KEY for the node"))
        }
    }

    func sender(for endpoint: URL) throws(MissingKey) -> TransactionSender {
        let key = try key.get()
        return senders.withLock { senders in
            if let existing = senders[endpoint] { return existing }
            var policy = TransactionSender.Policy()
            policy.confirmations = settings.confirmations
            policy.pollInterval = settings.pollInterval
            policy.bumpAfter = settings.bumpAfter
            policy.receiptTimeout = settings.receiptTimeout
            let sender = TransactionSender(client: EthereumClient(endpoint: endpoint), key: key, policy: policy)
            senders[endpoint] = sender
            return sender
        }
    }
}
