import Foundation

/// The node's side of `ethereumContract` outputs: the key that signs (never taken from a
/// project file) and how transactions are followed.
public struct EthereumOutputSettings: Sendable {
    /// 64 hex digits; nil falls back to the environment variable `SPROUT_ETH_PRIVATE_KEY`.
    public var privateKey: String?
    /// Blocks that must include or follow a transaction before the task is `outputted`.
    public var confirmations: UInt64 = 1
    public var pollInterval: Duration = .milliseconds(250)
    /// A transaction unmined for this long is resubmitted with higher fees.
    public var bumpAfter: Duration = .seconds(60)
    /// Longest wait for one transaction's receipt.
    public var receiptTimeout: Duration = .seconds(600)

    public init() {}

    static let keyVariable = "SPROUT_ETH_PRIVATE_KEY"

    var resolvedKey: String? {
        privateKey ?? ProcessInfo.processInfo.environment[Self.keyVariable]
    }
}
