import Foundation

/// Tuning of the message → task → proof pipeline.
public struct PipelineSettings: Sendable {
    /// A partial group of messages is packed after waiting this long (sprout waited forever).
    public var flushTimeout: Duration = .seconds(5)
    /// Tasks proved at the same time; 0 makes a node that accepts and packs but does not prove.
    public var proverConcurrency: Int = 2
    /// A task still proving after this long is cancelled and fails.
    public var taskDeadline: Duration = .seconds(600)
    /// Attempts for transient engine failures (a crashed worker, an internal error).
    public var maximumAttempts: Int = 3
    /// First retry delay; doubles each attempt.
    public var retryBackoff: Duration = .milliseconds(500)
    /// How often the packer and idle provers look for work.
    public var pollInterval: Duration = .milliseconds(20)
    /// Tries of an output that can fail transiently (a webhook) before the task fails.
    public var outputAttempts: Int = 5
    /// First delay between output tries; doubles each try.
    public var outputBackoff: Duration = .milliseconds(500)
    /// Longest wait for one output request.
    public var outputTimeout: Duration = .seconds(30)
    /// The signing key and transaction following of `ethereumContract` outputs.
    public var ethereum = EthereumOutputSettings()

    /// This node's name in task leases; unique among the nodes sharing one database. `sprout
    /// serve` makes it `host:port` unless configured, so a restarted node frees its own leases.
    public var nodeID = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)"
    /// How long a claimed task stays this node's without a renewal; a node that dies loses its
    /// tasks to the others after this long.
    public var leaseDuration: Duration = .seconds(30)

    public init() {}
}
