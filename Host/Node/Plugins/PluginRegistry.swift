import Foundation
import Logging
import Synchronization

/// Every engine plugin the node knows: the loaded versions, the retired ones still finishing
/// calls, the files that failed to load, and the per-project version pins.
///
/// Hot reload: `reload()` rescans the plugin directories. A changed file is loaded and checked
/// first; only then does it replace the version loaded from the same file, which is retired:
/// calls already leased on it finish there, new leases go to the new version. A file that
/// fails to load leaves the old version serving and records why.
public final class PluginRegistry: Sendable {
    public struct Configuration: Sendable {
        public var directories: [URL]
        public var shadow: ShadowStore
        /// Run engines in worker processes (`sprout engine-worker`) instead of in this process.
        public var isolation: IsolationSettings?

        public init(directories: [URL], shadow: ShadowStore = .temporary(), isolation: IsolationSettings? = nil) {
            self.directories = directories
            self.shadow = shadow
            self.isolation = isolation
        }
    }

    /// One row of `sprout plugins list`.
    public struct Entry: Sendable {
        public enum Status: Sendable, Equatable {
            case active
            case retired
            case failed(String)
        }

        public var file: String
        public var digest: String
        public var info: PluginInfo?
        public var status: Status
        /// Calls leased on this version and not yet finished.
        public var inFlight: Int

        /// How `sprout plugins list` and `GET /plugins` show the status.
        public var statusText: String {
            switch status {
            case .active: "loaded"
            case .retired: "retired"
            case .failed(let reason): "refused: \(reason)"
            }
        }
    }

    private struct Loaded {
        let id: Int
        let file: String
        let digest: String
        let backend: any EngineBackend
        var retired = false
        var inFlight = 0
    }

    private struct State {
        var loaded: [Loaded] = []
        var failures: [String: (digest: String, reason: String)] = [:]
        var pins: [UInt64: VersionRange] = [:]
        var nextID = 0
    }

    public let configuration: Configuration
    private let state = Mutex(State())
    private let logger: Logger

    public init(configuration: Configuration, logger: Logger = Logger(label: "sprout.plugins")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The plugin files in the configured directories, in name order.
    public func pluginFiles() -> [URL] {
        configuration.directories.flatMap { directory in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".so") || $0.hasSuffix(".dylib") }.sorted().map { directory.appendingPathComponent($0) }
        }
    }

    /// Loads new and changed plugin files, retires versions whose file changed or vanished.
    /// Returns what changed, for logs and the admin API.
    @discardableResult
    public func reload() -> [String] {
        var changes: [String] = []
        let files = pluginFiles()
        for file in files {
            let shadow: (digest: String, path: String)
            do {
                shadow = try configuration.shadow.copy(file)
            } catch {
                state.withLock { $0.failures[file.path] = ("", error.description) }
                changes.append("failed \(file.path): \(error)")
                continue
            }
            let known = state.withLock { state in
                state.loaded.contains { $0.file == file.path && $0.digest == shadow.digest && !$0.retired }
                    || state.failures[file.path]?.digest == shadow.digest
            }
            if known { continue }
            do {
                let backend = try load(path: shadow.path)
                let message = state.withLock { state in
                    state.failures[file.path] = nil
                    var retiredVersions: [String] = []
                    for index in state.loaded.indices where state.loaded[index].file == file.path && !state.loaded[index].retired {
                        state.loaded[index].retired = true
                        retiredVersions.append(state.loaded[index].backend.info.version.description)
                    }
                    state.loaded.append(Loaded(id: state.nextID, file: file.path, digest: shadow.digest, backend: backend))
                    state.nextID += 1
                    Self.dropIdleRetired(&state)
                    let replaced = retiredVersions.isEmpty ? "" : " (retired \(retiredVersions.joined(separator: ", ")))"
                    return "loaded \(backend.info.name) \(backend.info.version) from \(file.lastPathComponent)\(replaced)"
                }
                logger.info("\(message)")
                changes.append(message)
            } catch {
                state.withLock { $0.failures[file.path] = (shadow.digest, error.description) }
                let serving = state.withLock { $0.loaded.contains { $0.file == file.path && !$0.retired } }
                let message = "failed \(file.path): \(error)" + (serving ? "; the previously loaded version keeps serving" : "")
                logger.error("\(message)")
                changes.append(message)
            }
        }
        let present = Set(files.map(\.path))
        state.withLock { state in
            for index in state.loaded.indices where !present.contains(state.loaded[index].file) && !state.loaded[index].retired {
                state.loaded[index].retired = true
                changes.append("retired \(state.loaded[index].backend.info.name) \(state.loaded[index].backend.info.version): \(state.loaded[index].file) is gone")
            }
            state.failures = state.failures.filter { present.contains($0.key) }
            Self.dropIdleRetired(&state)
        }
        return changes
    }

    private func load(path: String) throws(PluginLoadError) -> any EngineBackend {
        guard let isolation = configuration.isolation else { return try PluginLibrary(path: path, logger: logger) }
        return try IsolatedEngine(pluginPath: path, settings: isolation)
    }

    /// A retired version with no call in flight is forgotten; its library is dlclose()d only
    /// when it declared itself unloadable (PluginLibrary.deinit).
    private static func dropIdleRetired(_ state: inout State) {
        state.loaded.removeAll { $0.retired && $0.inFlight == 0 }
    }

    public var entries: [Entry] {
        state.withLock { state in
            var rows = state.loaded.map {
                Entry(file: $0.file, digest: $0.digest, info: $0.backend.info, status: $0.retired ? .retired : .active, inFlight: $0.inFlight)
            }
            rows += state.failures.sorted { $0.key < $1.key }.map {
                Entry(file: $0.key, digest: $0.value.digest, info: nil, status: .failed($0.value.reason), inFlight: 0)
            }
            return rows
        }
    }

    // MARK: - Choosing an engine

    /// Pins `project` to engine versions in `range` (nil removes the pin). Refused when no
    /// loaded engine of `vmType` satisfies the range, so a typo cannot stop a project.
    public func pin(project: UInt64, vmType: String, to range: VersionRange?) throws(EngineSelectionError) {
        try state.withLock { state throws(EngineSelectionError) in
            if let range {
                guard Self.choose(state.loaded, vmType: vmType, range: range) != nil else {
                    throw .noMatch(vmType: vmType, range: range, loaded: Self.versions(state.loaded, vmType: vmType))
                }
            }
            state.pins[project] = range
        }
    }

    public func pin(of project: UInt64) -> VersionRange? { state.withLock { $0.pins[project] } }

    /// Leases the newest active engine for `vmType` within the project's pin (or `range`).
    /// Calls made through the lease finish on that version even if it is retired meanwhile.
    public func lease(vmType: String, project: UInt64? = nil, range: VersionRange? = nil) throws(EngineSelectionError) -> EngineLease {
        try state.withLock { state throws(EngineSelectionError) in
            let wanted = range ?? project.flatMap { state.pins[$0] } ?? .any
            guard let index = Self.choose(state.loaded, vmType: vmType, range: wanted) else {
                let versions = Self.versions(state.loaded, vmType: vmType)
                if versions.isEmpty { throw .noEngine(vmType: vmType) }
                throw .noMatch(vmType: vmType, range: wanted, loaded: versions)
            }
            state.loaded[index].inFlight += 1
            let id = state.loaded[index].id
            return EngineLease(backend: state.loaded[index].backend) { [weak self] in self?.release(id) }
        }
    }

    private func release(_ id: Int) {
        state.withLock { state in
            guard let index = state.loaded.firstIndex(where: { $0.id == id }) else { return }
            state.loaded[index].inFlight -= 1
            Self.dropIdleRetired(&state)
        }
    }

    private static func choose(_ loaded: [Loaded], vmType: String, range: VersionRange) -> Int? {
        loaded.indices
            .filter { !loaded[$0].retired && loaded[$0].backend.info.vmTypes.contains(vmType) && range.contains(loaded[$0].backend.info.version) }
            .max { loaded[$0].backend.info.version < loaded[$1].backend.info.version }
    }

    private static func versions(_ loaded: [Loaded], vmType: String) -> [SemanticVersion] {
        loaded.filter { !$0.retired && $0.backend.info.vmTypes.contains(vmType) }.map(\.backend.info.version).sorted()
    }
}

/// Why no engine could be chosen.
public enum EngineSelectionError: Error, Sendable, CustomStringConvertible {
    case noEngine(vmType: String)
    case noMatch(vmType: String, range: VersionRange, loaded: [SemanticVersion])

    public var description: String {
        switch self {
        case .noEngine(let vmType):
            "no engine for vmType \"\(vmType)\" is loaded; put its plugin in plugins.d and run `sprout plugins reload` (see `sprout plugins list`)"
        case .noMatch(let vmType, let range, let loaded):
            "no loaded \(vmType) engine satisfies version \(range); loaded: \(loaded.map(\.description).joined(separator: ", "))"
        }
    }
}

/// A claim on one engine version for the duration of some calls; release it when done.
public final class EngineLease: Sendable {
    public let backend: any EngineBackend
    private let onRelease: Mutex<(@Sendable () -> Void)?>

    init(backend: any EngineBackend, onRelease: @escaping @Sendable () -> Void) {
        self.backend = backend
        self.onRelease = Mutex(onRelease)
    }

    /// Ends the lease; later calls of release do nothing.
    public func release() {
        let action = onRelease.withLock { action in
            defer { action = nil }
            return action
        }
        action?()
    }

    deinit { release() }
}
