/// One proved result on its way to a project's output.
public struct OutputDelivery: Sendable {
    public var projectID: UInt64
    public var projectVersion: String
    public var taskID: Int64
    /// What the engine returned on `proved`.
    public var result: [UInt8]
    /// The data of the task's messages, in order (outputs such as contract calls take values from it).
    public var messages: [[UInt8]]

    public init(projectID: UInt64, projectVersion: String, taskID: Int64, result: [UInt8], messages: [[UInt8]]) {
        self.projectID = projectID
        self.projectVersion = projectVersion
        self.taskID = taskID
        self.result = result
        self.messages = messages
    }

    /// The same for every delivery of one task: delivery is at least once, and after a crash a
    /// result may be delivered again, so consumers drop repeats by this key.
    public var idempotencyKey: String { "\(projectID)/\(taskID)" }

    /// The JSON document the stdout, file and webhook outputs carry.
    public var document: String {
        GoJSON.object([
            ("idempotencyKey", .string(idempotencyKey)), ("projectID", .unsigned(projectID)), ("taskID", .integer(taskID)),
            ("result", .bytes(result)),
        ]).rendered
    }
}

/// A kind of output. Delivery may be retried by the sink itself; what it throws after its last
/// try fails the task with the error's description as the comment.
public protocol OutputSink: Sendable {
    /// Delivers one result; returns the `outputted` state's result ("" for stdout, as sprout).
    func deliver(_ delivery: OutputDelivery) async throws -> [UInt8]
}
