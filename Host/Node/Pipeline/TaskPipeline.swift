import Foundation
import Logging
import Synchronization

/// The way from a stored message to an outputted proof: packer, provers and output.
///
/// Everything it does is driven by the store, so a node killed at any moment resumes where the
/// store says it was: packed tasks are claimed again, dispatched tasks proved again, proved
/// tasks output again.
public final class TaskPipeline: Sendable {
    let store: any NodeStore
    let projects: ProjectCatalog
    let plugins: PluginRegistry
    let settings: PipelineSettings
    let metrics: NodeMetrics
    let outputs: OutputRouter
    public let progress: ProgressBoard
    private let logger: Logger
    private let programs = Mutex<[String: any EngineProgram]>([:])
    private let running = Mutex<[Task<Void, Never>]>([])
    /// Tasks this node holds leases on; the renewer extends them while they run.
    private let held = Mutex<Set<Int64>>([])

    public init(
        store: any NodeStore, projects: ProjectCatalog, plugins: PluginRegistry, settings: PipelineSettings, metrics: NodeMetrics = NodeMetrics(),
        logger: Logger = Logger(label: "sprout.pipeline")
    ) {
        self.progress = ProgressBoard()
        self.store = store
        self.metrics = metrics
        self.projects = projects
        self.plugins = plugins
        self.settings = settings
        self.outputs = OutputRouter(settings: settings)
        self.logger = logger
    }

    /// Frees the leases of this node's previous run, then starts the packer, the provers and
    /// the lease renewer. Unfinished tasks are taken over by the provers like any abandoned task.
    public func start() async throws {
        try await store.releaseLeases(owner: settings.nodeID)
        let packer = Task { await self.packLoop() }
        let renewer = Task { await self.renewLoop() }
        let provers = (0..<max(0, settings.proverConcurrency)).map { _ in Task { await self.proveLoop() } }
        running.withLock { $0 += [packer, renewer] + provers }
    }

    public func stop() {
        running.withLock { tasks in
            tasks.forEach { $0.cancel() }
            tasks = []
        }
    }

    static var now: Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    // MARK: - Packing

    private func packLoop() async {
        while !Task.isCancelled {
            do {
                try await packReadyGroups()
            } catch {
                logger.error("packer: \(error)")
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
    }

    /// Packs every group that reached its project's `aggregation.amount`, and every partial
    /// group whose oldest message waited longer than the flush timeout.
    func packReadyGroups(now: Int64 = TaskPipeline.now) async throws {
        let timeout = settings.flushTimeout.microseconds
        for group in try await store.pendingGroups() {
            let amount = max(1, Int(projects.entry(projectID: group.projectID, version: group.projectVersion)?.config.aggregation?.amount ?? 1))
            let full = group.count / amount
            if full > 0 {
                let packed = try await store.packTasks(
                    projectID: group.projectID, projectVersion: group.projectVersion, clientID: group.clientID, amount: amount, maxTasks: full, at: now)
                metrics.tasksPacked.increment(by: Int64(packed.count))
            }
            let rest = group.count - full * amount
            // The oldest of the rest is younger than the group's oldest when full tasks were
            // packed; waiting one more poll for its exact age is cheaper than another query.
            if rest > 0, full == 0, now - group.oldest >= timeout {
                let packed = try await store.packTasks(
                    projectID: group.projectID, projectVersion: group.projectVersion, clientID: group.clientID, amount: rest, maxTasks: 1, at: now)
                metrics.tasksPacked.increment(by: Int64(packed.count))
            }
        }
    }

    // MARK: - Proving

    private var freshLease: TaskLease {
        TaskLease(owner: settings.nodeID, until: Self.now + settings.leaseDuration.microseconds)
    }

    /// Claims abandoned tasks first (a dead node's, or this node's before a restart), so they
    /// finish before newer work, then packed ones.
    private func proveLoop() async {
        while !Task.isCancelled {
            var claimed: TaskRecord?
            do {
                if let abandoned = try await store.claimAbandonedTask(at: Self.now, lease: freshLease) {
                    logger.notice("taking over task \(abandoned.id), left \(abandoned.state.rawValue) without a live lease", metadata: ["task": "\(abandoned.id)"])
                    metrics.tasksTakenOver.increment()
                    claimed = abandoned
                } else {
                    claimed = try await store.claimPackedTask(at: Self.now, lease: freshLease)
                }
            } catch {
                logger.error("prover: cannot claim a task: \(error)")
            }
            if let task = claimed {
                held.withLock { _ = $0.insert(task.id) }
                metrics.tasksProving.increment()
                await process(task)
                metrics.tasksProving.decrement()
                held.withLock { _ = $0.remove(task.id) }
            } else {
                try? await Task.sleep(for: settings.pollInterval)
            }
        }
    }

    /// Extends the leases of running tasks three times per lease period, so only a node that
    /// died or hung for a whole period loses its tasks.
    private func renewLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.leaseDuration / 3)
            let tasks = Array(held.withLock { $0 })
            do {
                try await store.renewLeases(taskIDs: tasks, lease: freshLease)
            } catch {
                logger.error("cannot renew task leases: \(error)")
            }
        }
    }

    /// Takes a task from `dispatched` (or `proved`, after a restart) to a final state.
    func process(_ task: TaskRecord) async {
        let metadata: Logger.Metadata = ["task": "\(task.id)", "project": "\(task.projectID)"]
        defer { progress.finish(taskID: task.id) }
        do {
            var result: [UInt8]
            if task.state == .proved, let proved = try await store.task(projectID: task.projectID, taskID: task.id)?.1.last(where: { $0.state == .proved }) {
                result = proved.result
            } else {
                let run = try await prove(task)
                result = run.result
                try await store.record(taskID: task.id, StateEntry(state: .proved, time: Self.now, comment: run.note, result: result), owner: settings.nodeID)
                logger.info("proved, \(result.count) result bytes", metadata: metadata)
            }
            guard let project = projects.entry(projectID: task.projectID, version: task.projectVersion) else {
                throw PipelineFailure("project config not exist, projectID \(task.projectID), version \(task.projectVersion)")
            }
            let delivery = OutputDelivery(
                projectID: task.projectID, projectVersion: task.projectVersion, taskID: task.id, result: result,
                messages: try await store.taskData(taskID: task.id))
            result = try await outputs.sink(for: project.output).deliver(delivery)
            try await store.record(taskID: task.id, StateEntry(state: .outputted, time: Self.now, result: result), owner: settings.nodeID)
            metrics.tasksOutputted.increment()
            logger.info("outputted", metadata: metadata)
        } catch let lost as LeaseLost {
            logger.warning("dropped: \(lost)", metadata: metadata)
        } catch {
            metrics.tasksFailed.increment()
            logger.warning("failed: \(error)", metadata: metadata)
            try? await store.record(taskID: task.id, StateEntry(state: .failed, time: Self.now, comment: "\(error)"), owner: settings.nodeID)
        }
    }

    /// Runs the project's engine over the task's data, retrying transient failures. An engine
    /// without the prove capability executes only, and the note on `proved` says so.
    private func prove(_ task: TaskRecord) async throws -> (result: [UInt8], note: String) {
        guard let project = projects.entry(projectID: task.projectID, version: task.projectVersion) else {
            throw PipelineFailure("project config not exist, projectID \(task.projectID), version \(task.projectVersion)")
        }
        let inputs = try await store.taskData(taskID: task.id)
        var attempt = 0
        while true {
            attempt += 1
            try await store.countAttempt(taskID: task.id)
            do {
                progress.report(taskID: task.id, phase: "starting", fraction: 0, attempt: attempt)
                return try await runEngine(project, inputs: inputs) { [progress, attempt] phase, fraction in
                    progress.report(taskID: task.id, phase: phase, fraction: fraction, attempt: attempt)
                }
            } catch let error as EngineCallError where Self.isTransient(error) && attempt < settings.maximumAttempts {
                metrics.engineRetries.increment()
                let delay = settings.retryBackoff * (1 << (attempt - 1))
                logger.warning("attempt \(attempt) failed (\(error)); retrying in \(delay)", metadata: ["task": "\(task.id)"])
                try await Task.sleep(for: delay)
            }
        }
    }

    static func isTransient(_ error: EngineCallError) -> Bool {
        error.status == .workerFailed || error.status == .internal
    }

    private func runEngine(
        _ project: ProjectCatalog.Entry, inputs: [[UInt8]], onProgress: @escaping @Sendable (String, Double) -> Void
    ) async throws -> (result: [UInt8], note: String) {
        let lease = try plugins.lease(vmType: project.config.vmType, project: project.projectID, range: project.engineRange)
        defer { lease.release() }
        let backend = lease.backend
        let key = "\(project.projectID)/\(project.config.version)/\(ObjectIdentifier(backend as AnyObject).hashValue)"
        let control = CallControl(onProgress: onProgress)
        let deadline = settings.taskDeadline
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            control.cancel()
        }
        defer { watchdog.cancel() }
        let cached = programs.withLock { $0[key] }
        let started = ContinuousClock.now
        defer { metrics.proveDuration.record(ContinuousClock.now - started) }
        let result: Result<[UInt8], EngineCallError> = await Self.blocking {
            do throws(EngineCallError) {
                let program: any EngineProgram
                if let cached {
                    program = cached
                } else {
                    program = try backend.createProgram(code: project.code, expParam: project.config.codeExpParam ?? "")
                    self.programs.withLock { $0[key] = program }
                }
                let proves = backend.info.capabilities.contains(.prove)
                return .success(try proves ? program.prove(inputs: inputs, control: control) : program.execute(inputs: inputs, control: control))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let bytes):
            let info = backend.info
            return (bytes, info.capabilities.contains(.prove) ? "" : "executed without a proof: \(info.name) \(info.version) cannot prove")
        case .failure(let error) where error.status == .cancelled && control.isCancelled:
            throw PipelineFailure("the task passed its deadline of \(deadline) and was cancelled")
        case .failure(let error): throw error
        }
    }

    /// Runs blocking engine work on a thread of its own, off the cooperative pool.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}

/// A pipeline failure with the text that ends up in the task's `failed` comment.
struct PipelineFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
