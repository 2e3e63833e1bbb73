import Foundation
import Hummingbird
import Logging

/// A running node: store, projects, plugins, pipeline and HTTP API together.
public final class SproutNodeService: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 9000
        public var database = StoreLocation.sqlite(path: "sprout-data/sprout.sqlite")
        public var projectsDirectory: URL?
        public var pluginDirectories: [URL] = [URL(fileURLWithPath: "plugins.d")]
        public var isolation: IsolationSettings?
        public var api = NodeAPI.APISettings()
        public var pipeline = PipelineSettings()

        public init() {}
    }

    public let configuration: Configuration
    public let store: any NodeStore
    public let projects: ProjectCatalog
    public let plugins: PluginRegistry
    public let pipeline: TaskPipeline
    public let metrics = NodeMetrics()
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "sprout.node")) async throws {
        self.configuration = configuration
        self.logger = logger
        store = try await configuration.database.open()
        projects = ProjectCatalog(directory: configuration.projectsDirectory)
        plugins = PluginRegistry(configuration: .init(directories: configuration.pluginDirectories, isolation: configuration.isolation))
        pipeline = TaskPipeline(store: store, projects: projects, plugins: plugins, settings: configuration.pipeline, metrics: metrics)
    }

    /// Loads plugins and projects, resumes unfinished tasks and serves HTTP until cancelled.
    public func run() async throws {
        for change in plugins.reload() { logger.info("\(change)") }
        for change in projects.reload() { logger.info("\(change)") }
        let watcher = PluginWatcher(registry: plugins)
        watcher.start()
        defer { watcher.stop() }
        try await pipeline.start()
        defer { pipeline.stop() }
        let projectWatcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                for change in projects.reload() { logger.notice("\(change)") }
            }
        }
        defer { projectWatcher.cancel() }
        let api = NodeAPI(store: store, projects: projects, plugins: plugins, settings: configuration.api, metrics: metrics)
        let host = configuration.host
        let port = configuration.port
        let app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "sprout"),
            onServerRunning: { [logger] _ in logger.notice("sprout node listening on http://\(host):\(port)") },
            logger: logger)
        try await app.runService()
    }
}
