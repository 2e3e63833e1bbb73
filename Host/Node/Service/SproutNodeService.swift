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
        /// Projects whose files are fetched from http(s) or IPFS, checked against their SHA-256.
        public var remoteProjects: [RemoteProject] = []
        /// The gateway that serves `ipfs://CID` project addresses.
        public var ipfsGateway = "https://ipfs.io"
        /// How often remote project files are fetched again to pick up changes.
        public var remoteRefresh: Duration = .seconds(60)
        /// sprout's on-chain project registry, followed when its chain endpoint is set.
        public var registry = ChainProjectRegistry.Settings()
        public var pluginDirectories: [URL] = [URL(fileURLWithPath: "plugins.d")]
        public var isolation: IsolationSettings?
        public var api = NodeAPI.APISettings()
        public var pipeline = PipelineSettings()
        /// The node's name in task leases; nil makes it `HOSTNAME:PORT`.
        public var nodeID: String?
        public var p2p = P2PSettings()
        /// Wraps the opened store before anything uses it (the P2P layer watches task states).
        public var storeDecorator: (@Sendable (any NodeStore) -> any NodeStore)?
        /// Runs beside the pipeline and the HTTP API until the node stops (the P2P layer).
        public var companion: (@Sendable (SproutNodeService) async throws -> Void)?

        public init() {}
    }

    public let configuration: Configuration
    public let store: any NodeStore
    public let projects: ProjectCatalog
    public let plugins: PluginRegistry
    public let pipeline: TaskPipeline
    public let metrics = NodeMetrics()
    public let admission: AdmissionControl
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "sprout.node")) async throws {
        self.configuration = configuration
        self.logger = logger
        let opened = try await configuration.database.open()
        store = configuration.storeDecorator?(opened) ?? opened
        projects = ProjectCatalog(directory: configuration.projectsDirectory)
        plugins = PluginRegistry(configuration: .init(directories: configuration.pluginDirectories, isolation: configuration.isolation))
        admission = AdmissionControl(limits: configuration.api.limits)
        var pipelineSettings = configuration.pipeline
        pipelineSettings.nodeID = configuration.nodeID.flatMap { $0.isEmpty ? nil : $0 } ?? "\(ProcessInfo.processInfo.hostName):\(configuration.port)"
        pipeline = TaskPipeline(store: store, projects: projects, plugins: plugins, settings: pipelineSettings, metrics: metrics)
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
        let remoteWatcher = Task { await watchRemoteProjects() }
        defer { remoteWatcher.cancel() }
        let registryFollower = try registry.map { registry in Task { await registry.run() } }
        defer { registryFollower?.cancel() }
        let pendingCounter = Task {
            while !Task.isCancelled {
                do {
                    let counts = try await store.unfinishedMessageCounts()
                    admission.update(pending: counts)
                    metrics.recordUnfinished(counts)
                } catch {
                    logger.error("cannot count unfinished messages: \(error)")
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        defer { pendingCounter.cancel() }
        let companion = configuration.companion.map { companion in
            Task { [logger] in
                do {
                    try await companion(self)
                } catch {
                    logger.error("\(error)")
                }
            }
        }
        defer { companion?.cancel() }
        let api = NodeAPI(store: store, projects: projects, plugins: plugins, settings: configuration.api, metrics: metrics, admission: admission, progress: pipeline.progress)
        let host = configuration.host
        let port = configuration.port
        let app = Application(
            router: api.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "sprout"),
            onServerRunning: { [logger] _ in logger.notice("sprout node listening on http://\(host):\(port)") },
            logger: logger)
        try await app.runService()
    }

    /// The registry follower when `registry` settings are given; bad settings stop the start.
    private var registry: ChainProjectRegistry? {
        get throws {
            guard configuration.registry.isEnabled else { return nil }
            return try ChainProjectRegistry(
                settings: configuration.registry, catalog: projects, fetcher: ProjectFetcher(gateway: configuration.ipfsGateway),
                logger: Logger(label: "sprout.registry"))
        }
    }

    /// Fetches every remote project now and then every `remoteRefresh`; a file that fails to
    /// download, to match its SHA-256 or to load leaves the project's previous versions serving.
    private func watchRemoteProjects() async {
        guard !configuration.remoteProjects.isEmpty else { return }
        let fetcher = ProjectFetcher(gateway: configuration.ipfsGateway)
        var loaded: [String: Data] = [:]
        while !Task.isCancelled {
            for remote in configuration.remoteProjects {
                do {
                    let data = try await fetcher.fetch(remote)
                    guard loaded[remote.uri] != data else { continue }
                    let entries = try projects.install(projectID: remote.projectID, data: data, origin: remote.uri)
                    loaded[remote.uri] = data
                    logger.notice("loaded project \(remote.projectID) versions \(entries.map(\.config.version).joined(separator: ", ")) from \(remote.uri)")
                } catch {
                    projects.recordFailure(origin: remote.uri, error: error)
                }
            }
            try? await Task.sleep(for: configuration.remoteRefresh)
        }
    }
}
