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

    /// Moves the oldest `packed` task to `dispatched` (logging it) and returns it.
    func claimPackedTask(at time: Int64) async throws -> TaskRecord?

    /// Tasks a previous run left unfinished: `dispatched` (to prove again) or `proved` (to
    /// output again), oldest first.
    func unfinishedTasks() async throws -> [TaskRecord]

    /// The task's message data, in arrival order.
    func taskData(taskID: Int64) async throws -> [[UInt8]]

    /// Appends to the task's state log and sets its current state.
    func record(taskID: Int64, _ entry: StateEntry) async throws

    /// Counts one more proving attempt of the task.
    func countAttempt(taskID: Int64) async throws

    /// A task and its log, for `GET /task/:project/:task`. nil when unknown.
    func task(projectID: UInt64, taskID: Int64) async throws -> (TaskRecord, [StateEntry])?

    /// The newest tasks with their logs, for status views.
    func recentTasks(limit: Int) async throws -> [(TaskRecord, [StateEntry])]
}
