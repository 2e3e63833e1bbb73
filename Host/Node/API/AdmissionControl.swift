import Foundation
import Synchronization

/// Decides whether `POST /message` may accept one more message: a ceiling on unfinished
/// messages per project (so a stalled engine cannot grow the store without bound) and a
/// token-bucket rate per client address.
public final class AdmissionControl: Sendable {
    public struct Limits: Sendable {
        /// Unfinished messages one project may have; 0 disables the check.
        public var maximumPendingPerProject = 100_000
        /// Sustained messages per second from one client; 0 disables the check.
        public var messagesPerSecondPerClient: Double = 0
        /// Messages a client may send at once above its sustained rate.
        public var burstPerClient: Double = 100

        public init() {}
    }

    /// Why a message was refused; the API answers 429 with this text.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        /// Unfinished messages per project as the store last counted them, plus those accepted since.
        var pending: [UInt64: Int] = [:]
        var buckets: [String: Bucket] = [:]
    }

    public let limits: Limits
    private let state = Mutex(State())

    public init(limits: Limits) {
        self.limits = limits
    }

    /// Takes one message from `client` for `projectID`, or says why not.
    public func admit(projectID: UInt64, client: String, now: ContinuousClock.Instant = .now) throws(Refusal) {
        let limits = limits
        let refusal: Refusal? = state.withLock { state in
            if limits.maximumPendingPerProject > 0, state.pending[projectID, default: 0] >= limits.maximumPendingPerProject {
                return Refusal(
                    description:
                        "project \(projectID) has \(state.pending[projectID, default: 0]) unfinished messages, the limit is \(limits.maximumPendingPerProject); retry when its tasks finish")
            }
            if limits.messagesPerSecondPerClient > 0 {
                var bucket = state.buckets[client] ?? Bucket(tokens: limits.burstPerClient, updated: now)
                let elapsed = now - bucket.updated
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                bucket.tokens = min(limits.burstPerClient, bucket.tokens + seconds * limits.messagesPerSecondPerClient)
                bucket.updated = now
                guard bucket.tokens >= 1 else {
                    state.buckets[client] = bucket
                    return Refusal(description: "client \(client) sends more than \(limits.messagesPerSecondPerClient) messages per second; slow down and retry")
                }
                bucket.tokens -= 1
                state.buckets[client] = bucket
            }
            state.pending[projectID, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal }
    }

    /// Replaces the pending counts with the store's, and forgets clients whose bucket is full
    /// again (they are indistinguishable from new ones).
    public func update(pending: [UInt64: Int], now: ContinuousClock.Instant = .now) {
        let limits = limits
        state.withLock { state in
            state.pending = pending
            guard limits.messagesPerSecondPerClient > 0 else { return }
            let refill = Duration.seconds(limits.burstPerClient / limits.messagesPerSecondPerClient)
            state.buckets = state.buckets.filter { now - $0.value.updated < refill }
        }
    }
}
