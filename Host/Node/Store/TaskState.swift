/// sprout's public task states, in the order a task passes through them.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case received, packed, dispatched, proved, outputted, failed

    /// Whether no further state follows.
    public var isFinal: Bool { self == .outputted || self == .failed }
}

/// One entry of a message's or task's state history.
public struct StateEntry: Sendable, Equatable {
    public var state: TaskState
    /// Microseconds since 1970, UTC.
    public var time: Int64
    public var comment: String
    public var result: [UInt8]

    public init(state: TaskState, time: Int64, comment: String = "", result: [UInt8] = []) {
        self.state = state
        self.time = time
        self.comment = comment
        self.result = result
    }
}

/// A message as received through `POST /message`.
public struct MessageRecord: Sendable, Equatable {
    public var id: String
    public var projectID: UInt64
    public var projectVersion: String
    public var clientID: String
    public var data: [UInt8]
    public var receivedAt: Int64
    public var taskID: Int64?
}

/// A task: one or more messages of one project version, proved together.
public struct TaskRecord: Sendable, Equatable {
    public var id: Int64
    public var projectID: UInt64
    public var projectVersion: String
    public var state: TaskState
    public var attempts: Int
}

/// Messages of one project version and client waiting to be packed.
public struct PendingGroup: Sendable, Equatable {
    public var projectID: UInt64
    public var projectVersion: String
    public var clientID: String
    public var count: Int
    /// When the oldest waiting message arrived (microseconds since 1970).
    public var oldest: Int64
}
