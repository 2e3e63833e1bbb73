import Prometheus

/// The node's Prometheus metrics, served at `GET /metrics`.
///
/// A registry of its own per node (not the process-wide MetricsSystem), so that several nodes
/// in one process (tests) keep separate counts.
public final class NodeMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let messagesAccepted: Counter
    let messagesRejected: Counter
    let tasksPacked: Counter
    let tasksOutputted: Counter
    let tasksFailed: Counter
    let engineRetries: Counter
    let proveDuration: DurationHistogram

    public init() {
        messagesAccepted = registry.makeCounter(name: "sprout_messages_accepted_total", help: "Messages stored through POST /message.")
        messagesRejected = registry.makeCounter(name: "sprout_messages_rejected_total", help: "POST /message requests answered with an error.")
        tasksPacked = registry.makeCounter(name: "sprout_tasks_packed_total", help: "Tasks packed from messages.")
        tasksOutputted = registry.makeCounter(name: "sprout_tasks_outputted_total", help: "Tasks whose result was delivered.")
        tasksFailed = registry.makeCounter(name: "sprout_tasks_failed_total", help: "Tasks that ended failed.")
        engineRetries = registry.makeCounter(name: "sprout_engine_retries_total", help: "Engine calls retried after a transient failure.")
        proveDuration = registry.makeDurationHistogram(
            name: "sprout_prove_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60), .seconds(600)],
            help: "Time an engine spent executing or proving one task.")
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
