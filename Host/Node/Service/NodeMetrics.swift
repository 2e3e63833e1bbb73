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
    let tasksTakenOver: Counter
    let tasksProving: Gauge
    let engineRetries: Counter
    let proveDuration: DurationHistogram

    public init() {
        let registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "sprout", metricName: name, unitName: "total", helpText: help))
        }
        messagesAccepted = counter("messages_accepted", "Messages stored through POST /message.")
        messagesRejected = counter("messages_rejected", "POST /message requests answered with an error.")
        tasksPacked = counter("tasks_packed", "Tasks packed from messages.")
        tasksOutputted = counter("tasks_outputted", "Tasks whose result was delivered.")
        tasksFailed = counter("tasks_failed", "Tasks that ended failed.")
        tasksTakenOver = counter("tasks_taken_over", "Tasks this node took over after their lease ran out (a node died or stalled).")
        engineRetries = counter("engine_retries", "Engine calls retried after a transient failure.")
        tasksProving = registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "sprout", metricName: "tasks_proving", unitName: "", helpText: "Tasks this node is proving or outputting now."))
        proveDuration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "sprout", metricName: "prove_duration", unitName: "seconds", helpText: "Time an engine spent executing or proving one task."),
            buckets: [.milliseconds(1), .milliseconds(10), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60), .seconds(600)])
    }

    /// Sets the unfinished-message gauge of each project (what the pending limit counts).
    func recordUnfinished(_ counts: [UInt64: Int]) {
        let descriptor = MetricNameDescriptor(
            namespace: "sprout", metricName: "messages_unfinished", unitName: "",
            helpText: "Accepted messages not yet outputted or failed, per project (the pending limit counts these).")
        for (project, count) in counts {
            registry.makeGauge(descriptor: descriptor, labels: [("project", "\(project)")]).set(Double(count))
        }
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String { registry.emitToString() }
}
