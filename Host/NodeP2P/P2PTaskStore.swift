import Foundation
import SproutNode
import SproutP2P
import Synchronization

/// A prover node's store, wrapped: tasks that sequencers handed this node over libp2p are
/// imported as `packed` tasks of their own. `dispatched` goes to `onState` at import (it
/// acknowledges the task, so the sequencer keeps it with this prover however long it queues
/// here), and so does every state the pipeline then records for one of them (`proved`,
/// `outputted`, `failed`); `onState` signs and publishes it. A task its sequencer reassigned
/// to another prover (``revoke(_:)``) is failed, unproved or unoutputted, and not reported.
/// Everything else passes through unchanged.
final class P2PTaskStore: NodeStore {
    /// Imported messages carry a client ID with this prefix; they are packed on import, so the
    /// packer must not see them as a group waiting to be packed.
    static let clientPrefix = "p2p:"

    let base: any NodeStore
    private let imported = Mutex<[Int64: SignedTask]>([:])
    /// Local tasks whose sequencer handed them to another prover since: they are failed
    /// instead of proved, so this node delivers no output for them and reports nothing.
    private let revoked = Mutex<Set<Int64>>([])
    private let onState = Mutex<(@Sendable (SignedTask, StateEntry) -> Void)?>(nil)

    init(base: any NodeStore) {
        self.base = base
    }

    func setStateHandler(_ handler: @escaping @Sendable (SignedTask, StateEntry) -> Void) {
        onState.withLock { $0 = handler }
    }

    /// Stores the task's data as messages and packs them into one local task, in `packed`
    /// state, so the pipeline proves and outputs it like any other, and acknowledges it.
    /// Returns the local task ID.
    func importTask(_ task: SignedTask, at time: Int64) async throws -> Int64 {
        let clientID = "\(Self.clientPrefix)\(task.sequencer):\(task.taskID):\(task.inputsDigest)"
        for (index, datum) in task.data.enumerated() {
            try await base.insertMessage(
                MessageRecord(
                    id: UUID().uuidString.lowercased(), projectID: task.projectID, projectVersion: task.projectVersion, clientID: clientID,
                    data: Array(datum.utf8), receivedAt: time + Int64(index)))
        }
        let packed = try await base.packTasks(
            projectID: task.projectID, projectVersion: task.projectVersion, clientID: clientID, amount: task.data.count, maxTasks: 1, at: time)
        guard let local = packed.first else { throw P2PNodeError("task \(task.taskID) of \(task.sequencer) could not be packed") }
        imported.withLock { $0[local.id] = task }
        report(taskID: local.id, StateEntry(state: .dispatched, time: time))
        return local.id
    }

    /// Marks the local task imported from `task`'s sequencer under the same task ID and inputs
    /// as reassigned away; returns its local ID, or nil when there is none unfinished.
    func revoke(_ task: SignedTask) -> Int64? {
        let local = imported.withLock { tasks in
            tasks.first { $0.value.sequencer == task.sequencer && $0.value.taskID == task.taskID && $0.value.inputsDigest == task.inputsDigest }?.key
        }
        if let local { revoked.withLock { _ = $0.insert(local) } }
        return local
    }

    private func isRevoked(_ taskID: Int64) -> Bool { revoked.withLock { $0.contains(taskID) } }

    private func report(taskID: Int64, _ entry: StateEntry) {
        guard let task = imported.withLock({ $0[taskID] }), let handler = onState.withLock({ $0 }) else { return }
        if !isRevoked(taskID) { handler(task, entry) }
        if entry.state.isFinal {
            imported.withLock { _ = $0.removeValue(forKey: taskID) }
            revoked.withLock { _ = $0.remove(taskID) }
        }
    }

    static let reassigned = "reassigned by its sequencer to another prover"

    // MARK: - NodeStore

    func insertMessage(_ message: MessageRecord) async throws { try await base.insertMessage(message) }
    func message(id: String) async throws -> MessageRecord? { try await base.message(id: id) }
    func states(ofMessage id: String) async throws -> [StateEntry]? { try await base.states(ofMessage: id) }

    func pendingGroups() async throws -> [PendingGroup] {
        try await base.pendingGroups().filter { !$0.clientID.hasPrefix(Self.clientPrefix) }
    }

    func unfinishedMessageCounts() async throws -> [UInt64: Int] { try await base.unfinishedMessageCounts() }

    func packTasks(projectID: UInt64, projectVersion: String, clientID: String, amount: Int, maxTasks: Int, at time: Int64) async throws -> [TaskRecord] {
        try await base.packTasks(projectID: projectID, projectVersion: projectVersion, clientID: clientID, amount: amount, maxTasks: maxTasks, at: time)
    }

    /// Skips (fails) queued tasks that were reassigned away before this node started them.
    func claimPackedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? {
        while let task = try await base.claimPackedTask(at: time, lease: lease) {
            guard isRevoked(task.id) else { return task }
            try await record(taskID: task.id, StateEntry(state: .failed, time: time, comment: Self.reassigned), owner: lease.owner)
        }
        return nil
    }

    func claimAbandonedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? { try await base.claimAbandonedTask(at: time, lease: lease) }
    func renewLeases(taskIDs: [Int64], lease: TaskLease) async throws { try await base.renewLeases(taskIDs: taskIDs, lease: lease) }
    func releaseLeases(owner: String) async throws { try await base.releaseLeases(owner: owner) }
    func taskData(taskID: Int64) async throws -> [[UInt8]] { try await base.taskData(taskID: taskID) }

    func record(taskID: Int64, _ entry: StateEntry, owner: String?) async throws {
        // Refusing `proved` stops the pipeline before it delivers the output; it then records
        // the task `failed`.
        if entry.state == .proved, isRevoked(taskID) { throw P2PNodeError(Self.reassigned) }
        try await base.record(taskID: taskID, entry, owner: owner)
        report(taskID: taskID, entry)
    }

    func countAttempt(taskID: Int64) async throws { try await base.countAttempt(taskID: taskID) }
    func task(projectID: UInt64, taskID: Int64) async throws -> (TaskRecord, [StateEntry])? { try await base.task(projectID: projectID, taskID: taskID) }
    func recentTasks(limit: Int) async throws -> [(TaskRecord, [StateEntry])] { try await base.recentTasks(limit: limit) }
}
