/// Durable storage of messages, tasks and their state logs. Every method commits before it
/// returns: what it reports as stored survives the process being killed right after.
public protocol NodeStore: Sendable {
    /// Stores a new message; its `received` state is its arrival time.
    func insertMessage(_ message: MessageRecord) async throws

    func message(id: String) async throws -> MessageRecord?

    /// The state history of a message: `received`, then its task's log. nil when unknown.
    func states(ofMessage id: String) async throws -> [StateEntry]?

    /// Groups of messages not yet packed into a task.
    func pendingGroups() async throws -> [PendingGroup]

    /// Per project, the messages accepted but not finished (not packed yet, or in a task that
    /// is not `outputted` or `failed`): what the pending limit of `POST /message` counts.
    func unfinishedMessageCounts() async throws -> [UInt64: Int]

    /// Packs the group's oldest unpacked messages into up to `maxTasks` new tasks of `amount`
    /// messages each (the last one may be smaller when fewer wait), all in state `packed`, in
    /// one transaction. Returns the tasks made.
    func packTasks(projectID: UInt64, projectVersion: String, clientID: String, amount: Int, maxTasks: Int, at time: Int64) async throws -> [TaskRecord]

    /// Moves the oldest `packed` task to `dispatched` (logging it), leased to `lease.owner`.
    func claimPackedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord?

    /// Takes over the oldest `dispatched` or `proved` task that has no lease or whose lease ran
    /// out (the node proving it died or stalled). Its state and log are unchanged.
    func claimAbandonedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord?

    /// Extends the leases `lease.owner` still holds among `taskIDs` to `lease.until`.
    func renewLeases(taskIDs: [Int64], lease: TaskLease) async throws

    /// Drops every lease of `owner`: its previous run is gone, so its tasks may be taken at once.
    func releaseLeases(owner: String) async throws

    /// The task's message data, in arrival order.
    func taskData(taskID: Int64) async throws -> [[UInt8]]

    /// Appends to the task's state log and sets its current state. With an `owner`, only while
    /// that owner holds the task's lease; otherwise it throws ``LeaseLost`` and changes nothing,
    /// so a node that stalled past its lease cannot overwrite the work of the node that took over.
    func record(taskID: Int64, _ entry: StateEntry, owner: String?) async throws

    /// Counts one more proving attempt of the task.
    func countAttempt(taskID: Int64) async throws

    /// A task and its log, for `GET /task/:project/:task`. nil when unknown.
    func task(projectID: UInt64, taskID: Int64) async throws -> (TaskRecord, [StateEntry])?

    /// The newest tasks with their logs, for status views.
    func recentTasks(limit: Int) async throws -> [(TaskRecord, [StateEntry])]
}

extension NodeStore {
    /// Records without a lease check (tests, and single-writer tools).
    public func record(taskID: Int64, _ entry: StateEntry) async throws {
        try await record(taskID: taskID, entry, owner: nil)
    }
}

/// A node's claim on a task: who holds it and until when (microseconds since 1970).
public struct TaskLease: Sendable, Equatable {
    public var owner: String
    public var until: Int64

    public init(owner: String, until: Int64) {
        self.owner = owner
        self.until = until
    }
}

/// The task's lease is held by another node now; the caller must drop the task.
public struct LeaseLost: Error, CustomStringConvertible {
    public let taskID: Int64
    public let owner: String
    public var description: String { "task \(taskID) is no longer leased to \(owner); another node took it over" }
}
