import Foundation
import Logging
import Synchronization

/// The projects a node serves, loaded from a directory of sprout project files (file name =
/// project ID, content = JSON array of versions) and reloaded when the files change.
public final class ProjectCatalog: Sendable {
    /// A project version ready to run: its config and its decoded artifact.
    public struct Entry: Sendable {
        public var projectID: UInt64
        public var config: ProjectConfig
        public var code: [UInt8]
        public var output: OutputTarget
        public var engineRange: VersionRange?
    }

    public struct Key: Hashable, Sendable {
        public var projectID: UInt64
        public var version: String
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var errors: [String: String] = [:]
        var stamps: [String: Date] = [:]
    }

    private let directory: URL?
    private let state = Mutex(State())
    private let logger: Logger

    public init(directory: URL?, logger: Logger = Logger(label: "sprout.projects")) {
        self.directory = directory
        self.logger = logger
    }

    public func entry(projectID: UInt64, version: String) -> Entry? {
        state.withLock { $0.entries[Key(projectID: projectID, version: version)] }
    }

    public var entries: [Entry] {
        state.withLock { $0.entries.values.sorted { ($0.projectID, $0.config.version) < ($1.projectID, $1.config.version) } }
    }

    /// Files that failed to load, with the reason.
    public var errors: [String: String] { state.withLock { $0.errors } }

    /// Loads files that are new or changed since the last call; a file that fails keeps its
    /// previous versions serving.
    @discardableResult
    public func reload() -> [String] {
        guard let directory else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        var changes: [String] = []
        for name in names {
            // sprout's rule: the file name is the decimal project ID; other names are skipped.
            guard let projectID = UInt64(name) else { continue }
            let url = directory.appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
            if state.withLock({ $0.stamps[url.path] == modified }) { continue }
            state.withLock { $0.stamps[url.path] = modified }
            do {
                let loaded = try Self.load(url, projectID: projectID)
                state.withLock { state in
                    state.entries = state.entries.filter { $0.key.projectID != projectID }
                    for entry in loaded { state.entries[Key(projectID: projectID, version: entry.config.version)] = entry }
                    state.errors[url.path] = nil
                }
                changes.append("loaded project \(projectID) versions \(loaded.map(\.config.version).joined(separator: ", "))")
            } catch {
                state.withLock { $0.errors[url.path] = "\(error)" }
                changes.append("failed project \(projectID): \(error)")
                logger.error("project \(projectID) not loaded: \(error)")
            }
        }
        return changes
    }

    static func load(_ url: URL, projectID: UInt64) throws -> [Entry] {
        let file = try ProjectFile(contentsOf: url)
        return try file.versions.map { config in
            let output = try OutputTarget(config.output)
            let range = try config.engineVersion.map { text throws(VersionRange.ParseError) in try VersionRange(text) }
            guard !config.version.isEmpty, !config.vmType.isEmpty else {
                throw ProjectFile.LoadError(path: url.path, reason: "a version has an empty vmType or version")
            }
            return Entry(projectID: projectID, config: config, code: try CodeArtifact.decode(hex: config.code), output: output, engineRange: range)
        }
    }
}
