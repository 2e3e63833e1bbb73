import Foundation
import Logging
import SproutNode
import SproutP2P
import Synchronization

/// Runs a node's part in the libp2p network, as sprout's coordinator and provers did.
///
/// A **sequencer** (`pipeline.provers` 0) claims each packed task from its store, signs it and
/// publishes it on `w3bstream-project-<id>`, naming the prover ranked nearest by
/// ``ProverRanking`` among the provers that announced the project's vmType. It records only
/// the states that verify against that signed task (``SignedTaskState/verify(against:)``: the
/// assigned prover's signature, bound to task, project and inputs). A task whose prover does
/// not acknowledge it, or stops announcing itself, for `p2p.assignTimeoutSeconds` loses its
/// lease, is claimed again and goes to the next prover.
///
/// A **prover** announces its engines, imports the tasks assigned to it into its own store
/// (``P2PTaskStore``), lets its pipeline prove and output them, and publishes each state signed.
public final class P2PCoordinator: Sendable {
    private struct Assignment {
        var task: SignedTask
        var tried: [PeerID]
        var acknowledged = false
    }

    private struct State {
        /// Provers by peer: their vmTypes and when they last announced.
        var provers: [PeerID: (vmTypes: Set<String>, seen: ContinuousClock.Instant)] = [:]
        var assignments: [Int64: Assignment] = [:]
        var topics: [String: Task<Void, Never>] = [:]
        /// Remote tasks imported by this prover: sequencer, task ID and inputs digest.
        var imported: Set<String> = []
        var refusedStates = 0
        var refusedTasks = 0
    }

    let settings: P2PSettings
    public let host: P2PHost
    let store: P2PTaskStore
    private let state = Mutex(State())
    private let logger: Logger

    init(settings: P2PSettings, host: P2PHost, store: P2PTaskStore, logger: Logger) {
        self.settings = settings
        self.host = host
        self.store = store
        self.logger = logger
    }

    /// States refused by a sequencer (bad signature, wrong prover, wrong task, unknown task).
    public var refusedStates: Int { state.withLock { $0.refusedStates } }
    /// Tasks refused by a prover (bad signature or inputs digest).
    public var refusedTasks: Int { state.withLock { $0.refusedTasks } }

    private var leaseOwner: String { "p2p/\(host.peerID.base58)" }
    private static var now: Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    private static func microseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    }

    /// Starts the host and runs the node's role until cancelled.
    public func run(_ node: SproutNodeService) async throws {
        try await host.start()
        let addresses = host.listenAddrs.map { "\($0)/p2p/\(host.peerID.base58)" }.joined(separator: " ")
        let sequencer = node.configuration.pipeline.proverConcurrency == 0
        logger.notice("p2p \(sequencer ? "sequencer" : "prover") \(host.peerID.base58) listening on \(addresses)")
        let dialer = Task { await keepConnected() }
        defer { dialer.cancel() }
        if sequencer {
            try await runSequencer(node)
        } else {
            try await runProver(node)
        }
        for topic in state.withLock({ $0.topics.values }) { topic.cancel() }
        await host.stop()
    }

    /// Dials the bootstrap peers at start and whenever no peer is connected.
    private func keepConnected() async {
        guard !host.config.bootstrap.isEmpty else { return }
        while !Task.isCancelled {
            if host.connectedPeers.isEmpty {
                let reached = await host.connectBootstrap()
                if !reached.isEmpty { logger.info("p2p connected to \(reached.map(\.base58).joined(separator: ", "))") }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Keeps one subscription per topic for the coordinator's life.
    private func follow(_ topic: String, _ handle: @escaping @Sendable (PubSubMessage) async -> Void) {
        state.withLock { state in
            guard state.topics[topic] == nil else { return }
            let messages = host.pubsub.subscribe(topic)
            let me = host.peerID
            state.topics[topic] = Task {
                for await message in messages where message.from != me {
                    await handle(message)
                }
            }
        }
    }

    static func topic(_ projectID: UInt64) -> String { "w3bstream-project-\(projectID)" }

    // MARK: - Sequencer

    private func runSequencer(_ node: SproutNodeService) async throws {
        follow(ProverAnnouncement.topic) { [self] message in heard(message) }
        try await store.releaseLeases(owner: leaseOwner)
        let renewer = Task { await renewLoop() }
        defer { renewer.cancel() }
        var followed = ContinuousClock.now - .seconds(1)
        while !Task.isCancelled {
            // Joined before any task is handed out, so that provers know this node listens
            // there when they publish their first state.
            if ContinuousClock.now - followed >= .seconds(1) {
                for project in Set(node.projects.entries.map(\.projectID)) {
                    follow(Self.topic(project)) { [self] message in await received(message) }
                }
                followed = .now
            }
            do {
                if try await dispatchOne(node) { continue }
            } catch {
                logger.error("p2p: cannot dispatch: \(error)")
            }
            try? await Task.sleep(for: node.configuration.pipeline.pollInterval)
        }
    }

    private func heard(_ message: PubSubMessage) {
        guard let announcement = try? ProverAnnouncement(payload: message.data), announcement.prover == message.from.base58 else {
            logger.warning("p2p: ignored an announcement from \(message.from.base58) that does not name its signer")
            return
        }
        let fresh = state.withLock { state in
            let fresh = state.provers[message.from] == nil
            state.provers[message.from] = (Set(announcement.vmTypes), .now)
            return fresh
        }
        if fresh { logger.notice("p2p prover \(message.from.base58) offers \(announcement.vmTypes.joined(separator: ", "))") }
    }

    /// Provers that announced themselves within the assignment timeout.
    private var liveProvers: [PeerID: Set<String>] {
        let horizon = ContinuousClock.now - settings.assignmentTimeout
        return state.withLock { state in state.provers.filter { $0.value.seen > horizon }.mapValues(\.vmTypes) }
    }

    private var freshLease: TaskLease {
        TaskLease(owner: leaseOwner, until: Self.now + P2PCoordinator.microseconds(settings.assignmentTimeout))
    }

    /// Hands out one task: first one whose prover went silent (its lease ran out), then a newly
    /// packed one. Returns whether a task was handed out.
    private func dispatchOne(_ node: SproutNodeService) async throws -> Bool {
        let provers = liveProvers
        guard !provers.isEmpty else { return false }
        let task: TaskRecord
        if let abandoned = try await store.claimAbandonedTask(at: Self.now, lease: freshLease) {
            task = abandoned
        } else if let packed = try await store.claimPackedTask(at: Self.now, lease: freshLease) {
            task = packed
        } else {
            return false
        }
        guard let project = node.projects.entry(projectID: task.projectID, version: task.projectVersion) else {
            let reason = "project config not exist, projectID \(task.projectID), version \(task.projectVersion)"
            try await store.record(taskID: task.id, StateEntry(state: .failed, time: Self.now, comment: reason), owner: leaseOwner)
            return true
        }
        let capable = provers.filter { $0.value.contains(project.config.vmType) }.map(\.key)
        let ranked = ProverRanking.rank(capable, for: ProverRanking.taskKey(sequencer: host.peerID, projectID: task.projectID, taskID: task.id))
        let tried = state.withLock { $0.assignments[task.id]?.tried ?? [] }
        // The nearest prover not tried yet; when all were tried, start over from the nearest.
        guard let prover = ranked.first(where: { !tried.contains($0) }) ?? ranked.first else {
            // The lease runs out and the task is claimed again once a capable prover announces.
            logger.warning("p2p: no prover offers vmType \(project.config.vmType) for task \(task.id)")
            return true
        }
        let data = try await store.taskData(taskID: task.id).map { String(decoding: $0, as: UTF8.self) }
        let signed = try SignedTask.make(
            taskID: UInt64(task.id), projectID: task.projectID, projectVersion: task.projectVersion, data: data, assignedProver: prover,
            sequencerKey: host.key)
        let topic = Self.topic(task.projectID)
        follow(topic) { [self] message in await received(message) }
        state.withLock { $0.assignments[task.id] = Assignment(task: signed, tried: tried + [prover]) }
        _ = try host.pubsub.publish(topic, data: try signed.payload())
        logger.info("p2p: task \(task.id) of project \(task.projectID) assigned to \(prover.base58)\(tried.isEmpty ? "" : " (after \(tried.count) silent)")")
        return true
    }

    /// Records a state from the network if, and only if, it verifies against the task as this
    /// sequencer signed it.
    private func received(_ message: PubSubMessage) async {
        guard let taskState = try? SignedTaskState(payload: message.data) else { return }
        let taskID = Int64(bitPattern: taskState.taskID)
        guard let assignment = state.withLock({ $0.assignments[taskID] }) else {
            refuse(taskState, from: message.from, because: "no task \(taskState.taskID) of this sequencer is waiting")
            return
        }
        do {
            try taskState.verify(against: assignment.task)
        } catch {
            refuse(taskState, from: message.from, because: "\(error)")
            return
        }
        let time = Self.now
        do {
            switch TaskState(rawValue: taskState.state) {
            case .dispatched:
                state.withLock { $0.assignments[taskID]?.acknowledged = true }
                try await store.renewLeases(taskIDs: [taskID], lease: freshLease)
            case .proved:
                try await store.record(taskID: taskID, StateEntry(state: .proved, time: time, comment: taskState.comment, result: taskState.resultBytes), owner: leaseOwner)
            case .outputted, .failed:
                let final = TaskState(rawValue: taskState.state)!
                try await store.record(taskID: taskID, StateEntry(state: final, time: time, comment: taskState.comment, result: taskState.resultBytes), owner: leaseOwner)
                state.withLock { _ = $0.assignments.removeValue(forKey: taskID) }
                logger.info("p2p: task \(taskID) \(final.rawValue) by \(message.from.base58)")
            default:
                refuse(taskState, from: message.from, because: "state \"\(taskState.state)\" is not one a prover reports")
            }
        } catch {
            logger.error("p2p: cannot record \(taskState.state) of task \(taskID): \(error)")
        }
    }

    private func refuse(_ taskState: SignedTaskState, from peer: PeerID, because reason: String) {
        state.withLock { $0.refusedStates += 1 }
        logger.warning("p2p: refused state \(taskState.state) of task \(taskState.taskID) published by \(peer.base58): \(reason)")
    }

    /// Extends the leases of tasks whose prover acknowledged them and still announces itself;
    /// the others run out, and the dispatcher hands those tasks to the next prover.
    private func renewLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.assignmentTimeout / 3)
            let live = Set(liveProvers.keys)
            let held = state.withLock { state in
                state.assignments.filter { $0.value.acknowledged && $0.value.tried.last.map(live.contains) == true }.map(\.key)
            }
            guard !held.isEmpty else { continue }
            do {
                try await store.renewLeases(taskIDs: held, lease: freshLease)
            } catch {
                logger.error("p2p: cannot renew task leases: \(error)")
            }
        }
    }

    // MARK: - Prover

    private func runProver(_ node: SproutNodeService) async throws {
        store.setStateHandler { [self] task, entry in publish(entry, of: task) }
        while !Task.isCancelled {
            let vmTypes = Set(node.plugins.entries.filter { $0.status == .active }.compactMap(\.info).flatMap(\.vmTypes))
            for project in Set(node.projects.entries.filter { vmTypes.contains($0.config.vmType) }.map(\.projectID)) {
                follow(Self.topic(project)) { [self] message in await offered(message) }
            }
            do {
                let announcement = ProverAnnouncement(prover: host.peerID.base58, vmTypes: vmTypes.sorted())
                _ = try host.pubsub.publish(ProverAnnouncement.topic, data: try announcement.payload())
            } catch {
                logger.error("p2p: cannot announce: \(error)")
            }
            try? await Task.sleep(for: settings.announceInterval)
        }
    }

    /// Imports a task assigned to this prover whose sequencer signature and inputs verify.
    private func offered(_ message: PubSubMessage) async {
        guard let task = try? SignedTask(payload: message.data) else { return }
        guard task.assignedProver == host.peerID.base58 else {
            reassigned(task)
            return
        }
        do {
            try task.verify()
        } catch {
            state.withLock { $0.refusedTasks += 1 }
            logger.warning("p2p: refused task \(task.taskID) from \(task.sequencer): \(error)")
            return
        }
        guard !task.data.isEmpty else { return }
        let key = "\(task.sequencer)/\(task.taskID)/\(task.inputsDigest)"
        guard state.withLock({ $0.imported.insert(key).inserted }) else { return }
        do {
            let local = try await store.importTask(task, at: Self.now)
            logger.info("p2p: imported task \(task.taskID) of \(task.sequencer) as task \(local)")
        } catch {
            state.withLock { _ = $0.imported.remove(key) }
            logger.error("p2p: cannot import task \(task.taskID) of \(task.sequencer): \(error)")
        }
    }

    /// A task this prover imported, now signed by its sequencer for another prover (this one
    /// was silent too long): the local copy is dropped before it is proved or output, so the
    /// task is delivered once. A later assignment back to this prover imports it afresh.
    private func reassigned(_ task: SignedTask) {
        let key = "\(task.sequencer)/\(task.taskID)/\(task.inputsDigest)"
        guard state.withLock({ $0.imported.contains(key) }), (try? task.verify()) != nil else { return }
        state.withLock { _ = $0.imported.remove(key) }
        guard let local = store.revoke(task) else { return }
        logger.warning("p2p: task \(task.taskID) of \(task.sequencer) was reassigned to \(task.assignedProver); dropping local task \(local)")
    }

    private func publish(_ entry: StateEntry, of task: SignedTask) {
        do {
            let time = Date(timeIntervalSince1970: Double(entry.time) / 1_000_000).formatted(.iso8601)
            let signed = try SignedTaskState.make(for: task, state: entry.state.rawValue, result: entry.result, comment: entry.comment, time: time, proverKey: host.key)
            _ = try host.pubsub.publish(Self.topic(task.projectID), data: try signed.payload())
        } catch {
            logger.error("p2p: cannot publish \(entry.state.rawValue) of task \(task.taskID): \(error)")
        }
    }
}
