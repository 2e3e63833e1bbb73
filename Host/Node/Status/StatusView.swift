import Foundation

/// What the status page template shows, flattened to strings the template prints as they are.
struct StatusView {
    struct Plugin {
        let name: String
        let version: String
        let vmTypes: String
        let status: String
        let healthy: Bool
        let file: String

        init(_ entry: PluginRegistry.Entry) {
            name = entry.info?.name ?? "—"
            version = entry.info?.version.description ?? "—"
            vmTypes = (entry.info?.vmTypes ?? []).joined(separator: ", ")
            status = entry.statusText
            healthy = entry.status == .active
            file = entry.file
        }
    }

    struct Project {
        let id: UInt64
        let version: String
        let vmType: String
        let output: String
        let engine: String
        var error: String? = nil
    }

    struct Step {
        let state: String
        let time: String
        let comment: String
    }

    struct Task {
        let id: Int64
        let projectID: UInt64
        let state: String
        let attempts: Int
        let steps: [Step]
        /// "prove 40%" while the task proves.
        let progress: String?

        init(_ task: TaskRecord, log: [StateEntry], progress: ProgressBoard.Progress?) {
            id = task.id
            projectID = task.projectID
            state = task.state.rawValue
            attempts = task.attempts
            steps = log.map { Step(state: $0.state.rawValue, time: StatusPage.clock($0.time), comment: $0.comment) }
            self.progress = progress.map { "\($0.phase) \(Int($0.fraction * 100))%" }
        }
    }

    struct Failure {
        let taskID: Int64
        let projectID: UInt64
        let time: String
        let reason: String
    }

    let generated: String
    let plugins: [Plugin]
    let projects: [Project]
    let tasks: [Task]
    let throughput: String
    let failures: [Failure]
    /// Stored, not computed: the template reads values through reflection.
    let taskCount: Int
    let failureCount: Int

    init(generated: String, plugins: [Plugin], projects: [Project], tasks: [Task], throughput: String, failures: [Failure]) {
        self.generated = generated
        self.plugins = plugins
        self.projects = projects
        self.tasks = tasks
        self.throughput = throughput
        self.failures = failures
        taskCount = tasks.count
        failureCount = failures.count
    }
}
