import Foundation
import Mustache

/// The page `sprout serve` shows at `/`: plugins, projects, recent tasks with their state
/// histories, prover throughput and failures. Rendered on the server from the same data as the
/// JSON routes; it refreshes itself with a meta tag, so it needs no JavaScript.
struct StatusPage: Sendable {
    let store: any NodeStore
    let projects: ProjectCatalog
    let plugins: PluginRegistry
    let progress: ProgressBoard

    /// Tasks the page lists; throughput is measured over the same tasks.
    static let recentTaskCount = 30
    private static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: StatusPageTemplate.html)
        } catch {
            preconditionFailure("the status page template does not parse: \(error)")
        }
    }()

    func render(now: Date = Date()) async throws -> String {
        let tasks = try await store.recentTasks(limit: Self.recentTaskCount)
        let view = StatusView(
            generated: Self.clock(now), plugins: plugins.entries.map(StatusView.Plugin.init), projects: projectRows(),
            tasks: tasks.map { task, log in StatusView.Task(task, log: log, progress: progress.progress(taskID: task.id)) },
            throughput: Self.throughput(tasks.map(\.1), now: now),
            failures: tasks.compactMap { task, log in
                log.last.flatMap { $0.state == .failed ? StatusView.Failure(taskID: task.id, projectID: task.projectID, time: Self.clock($0.time), reason: $0.comment) : nil }
            })
        return Self.template.render(view)
    }

    private func projectRows() -> [StatusView.Project] {
        projects.entries.map { entry in
            StatusView.Project(
                id: entry.projectID, version: entry.config.version, vmType: entry.config.vmType, output: entry.config.output?.type ?? "stdout",
                engine: plugins.pin(of: entry.projectID)?.description ?? entry.engineRange?.description ?? "newest")
        } + projects.errors.sorted { $0.key < $1.key }.map { origin, reason in
            StatusView.Project(id: 0, version: "", vmType: "", output: "", engine: "", error: "\(origin): \(reason)")
        }
    }

    /// Tasks outputted per minute over the last five minutes of the listed tasks.
    static func throughput(_ logs: [[StateEntry]], now: Date) -> String {
        let since = Int64((now.timeIntervalSince1970 - 300) * 1_000_000)
        let done = logs.filter { $0.contains { $0.state == .outputted && $0.time >= since } }.count
        return String(format: "%.1f", Double(done) / 5)
    }

    static func clock(_ microseconds: Int64) -> String {
        clock(Date(timeIntervalSince1970: Double(microseconds) / 1_000_000))
    }

    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
