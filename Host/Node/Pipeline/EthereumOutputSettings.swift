import Foundation
import SproutEthereum

/// The node's side of `ethereumContract` outputs: the key that signs (never taken from a
/// project file) and how transactions are followed.
public struct EthereumOutputSettings: Sendable {
    /// 64 hex digits (`ethereum.privateKey`, `$SPROUT_ETH_PRIVATE_KEY`).
    public var privateKey: String?
    /// Blocks that must include or follow a transaction before the task is `outputted`.
    public var confirmations: UInt64 = 1
    public var pollInterval: Duration = .milliseconds(250)
    /// A transaction unmined for this long is resubmitted with higher fees.
    public var bumpAfter: Duration = .seconds(60)
    /// Longest wait for one transaction's receipt.
    public var receiptTimeout: Duration = .seconds(600)

    public init() {}

    /// An invalid key stops the node's start instead of failing every output.
    static func checkedKey(_ text: String) throws(ConfigurationError) -> String? {
        guard !text.isEmpty else { return nil }
        guard (try? SigningKey(hex: text)) != nil else {
            throw ConfigurationError("ethereum.privateKey is not a secp256k1 private key (64 hex digits, 0x optional)")
        }
        return text
    }
}
