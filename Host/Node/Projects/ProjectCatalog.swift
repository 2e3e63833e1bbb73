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
                let loaded = try install(projectID: projectID, data: try Self.read(url), origin: url.path)
                changes.append("loaded project \(projectID) versions \(loaded.map(\.config.version).joined(separator: ", "))")
            } catch {
                recordFailure(origin: url.path, error: error)
                changes.append("failed project \(projectID): \(error)")
            }
        }
        return changes
    }

    /// Replaces every version of `projectID` with those in `data` (a sprout project file from
    /// `origin`: a path or a URL). Nothing changes when any version fails to load.
    @discardableResult
    public func install(projectID: UInt64, data: Data, origin: String) throws -> [Entry] {
        let loaded = try Self.entries(of: ProjectFile(data: data, projectID: projectID, path: origin))
        state.withLock { state in
            state.entries = state.entries.filter { $0.key.projectID != projectID }
            for entry in loaded { state.entries[Key(projectID: projectID, version: entry.config.version)] = entry }
            state.errors[origin] = nil
        }
        return loaded
    }

    /// Notes why `origin` did not load; its project's previous versions keep serving.
    public func recordFailure(origin: String, error: any Error) {
        state.withLock { $0.errors[origin] = "\(error)" }
        logger.error("project from \(origin) not loaded: \(error)")
    }

    static func read(_ url: URL) throws(ProjectFile.LoadError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ProjectFile.LoadError(path: url.path, reason: error.localizedDescription)
        }
    }

    static func entries(of file: ProjectFile) throws -> [Entry] {
        try file.versions.map { config in
            // sprout checked these only for configs from a contract or IPFS; an empty one can
            // never run, so every source gets the check.
            guard !config.version.isEmpty, !config.vmType.isEmpty, !config.code.isEmpty else {
                throw ProjectFile.LoadError(path: "\(file.projectID)", reason: "a version has an empty vmType, code or version")
            }
            let output = try OutputTarget(config.output)
            let range = try config.engineVersion.map { text throws(VersionRange.ParseError) in try VersionRange(text) }
            return Entry(projectID: file.projectID, config: config, code: try CodeArtifact.decode(hex: config.code), output: output, engineRange: range)
        }
    }
}
