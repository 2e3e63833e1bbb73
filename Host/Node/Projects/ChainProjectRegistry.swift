import Foundation
import Logging
import SproutEthereum

/// Follows sprout's project registry contract and installs what it announces: for each
/// confirmed `ProjectUpserted(projectId, uri, hash)` the file at `uri` (http(s) or ipfs://) is
/// fetched, checked against `hash` (SHA-256 of the file, sprout's rule) and installed in the
/// catalog. A download, hash or load failure is logged and leaves the project's previous
/// versions serving.
public final class ChainProjectRegistry: Sendable {
    /// The `registry.*` settings; the registry is followed when `chainEndpoint` is set.
    public struct Settings: Sendable, Equatable {
        /// JSON-RPC URL of the chain holding the registry.
        public var chainEndpoint = ""
        /// The registry contract's address.
        public var contract = ""
        /// The block the registry was deployed in (earlier blocks hold no events).
        public var startBlock: UInt64 = 0
        /// Blocks on top of an event's block before it is acted on.
        public var confirmations: UInt64 = 12
        public var pollInterval: Duration = .seconds(5)

        public init() {}

        public var isEnabled: Bool { !chainEndpoint.isEmpty || !contract.isEmpty }
    }

    public struct InvalidSettings: Error, CustomStringConvertible {
        public let description: String
    }

    private let settings: Settings
    private let watcher: ProjectRegistryWatcher
    private let catalog: ProjectCatalog
    private let fetcher: ProjectFetcher
    private let logger: Logger

    public init(settings: Settings, catalog: ProjectCatalog, fetcher: ProjectFetcher, logger: Logger) throws(InvalidSettings) {
        guard let endpoint = URL(string: settings.chainEndpoint), ["http", "https"].contains(endpoint.scheme?.lowercased() ?? ""),
            endpoint.host?.isEmpty == false
        else {
            throw InvalidSettings(description: "registry.chainEndpoint \"\(settings.chainEndpoint)\" must be an http:// or https:// JSON-RPC URL")
        }
        let contract: EthereumAddress
        do {
            contract = try EthereumAddress(settings.contract)
        } catch {
            throw InvalidSettings(description: "registry.contract: \(error)")
        }
        self.settings = settings
        watcher = ProjectRegistryWatcher(
            client: EthereumClient(endpoint: endpoint), contract: contract, startBlock: settings.startBlock, confirmations: settings.confirmations)
        self.catalog = catalog
        self.fetcher = fetcher
        self.logger = logger
    }

    /// Polls until cancelled; a chain that cannot be reached is tried again at the next interval.
    public func run() async {
        while !Task.isCancelled {
            var caughtUp = false
            while !caughtUp, !Task.isCancelled {
                do {
                    let batch = try await watcher.poll()
                    for malformed in batch.skipped { logger.error("project registry \(settings.contract): \(malformed)") }
                    for upsert in batch.upserts { await install(upsert) }
                    caughtUp = batch.caughtUp
                } catch {
                    logger.warning("project registry \(settings.contract) at \(settings.chainEndpoint): \(error)")
                    caughtUp = true
                }
            }
            try? await Task.sleep(for: settings.pollInterval)
        }
    }

    private func install(_ upsert: ProjectRegistryWatcher.Upsert) async {
        let remote = RemoteProject(projectID: upsert.projectID, uri: upsert.uri, sha256: Hex.encode(upsert.hash))
        let origin = "\(upsert.uri) (registry block \(upsert.blockNumber))"
        do {
            let data = try await fetcher.fetch(remote)
            let entries = try catalog.install(projectID: upsert.projectID, data: data, origin: origin)
            logger.notice("registry: project \(upsert.projectID) versions \(entries.map(\.config.version).joined(separator: ", ")) from \(upsert.uri)")
        } catch {
            catalog.recordFailure(origin: origin, error: error)
        }
    }
}
