import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by the SIGHUP handler, consumed by the watcher's timer.
private let hangupReceived = Atomic<Bool>(false)

/// Triggers hot reloads of a `PluginRegistry`: when a file in a plugin directory appears,
/// changes or disappears (polled: works the same on every file system, including bind
/// mounts where inotify stays silent), and on SIGHUP.
public final class PluginWatcher: Sendable {
    private let registry: PluginRegistry
    private let interval: Duration
    private let logger: Logger
    private let queue = DispatchQueue(label: "sprout.plugin-watcher")
    private let sources = Mutex(DispatchSources())
    private let lastSeen = Mutex<[String: FileStamp]>([:])

    /// Dispatch sources are thread-safe objects that Swift does not mark Sendable.
    struct DispatchSources: @unchecked Sendable {
        var list: [any DispatchSourceProtocol] = []
    }

    struct FileStamp: Equatable {
        let size: Int
        let modified: Date
        let inode: Int
    }

    public init(registry: PluginRegistry, interval: Duration = .seconds(1), logger: Logger = Logger(label: "sprout.plugins")) {
        self.registry = registry
        self.interval = interval
        self.logger = logger
    }

    /// Starts polling and listening for SIGHUP. The current files are taken as already loaded.
    public func start() {
        lastSeen.withLock { $0 = stamps() }
        // The handler only raises a flag (all a signal handler may safely do); the timer acts on it.
        signal(SIGHUP) { _ in hangupReceived.store(true, ordering: .relaxed) }
        let tick = min(interval, .milliseconds(100))
        let tickMilliseconds = max(Int(tick.components.seconds * 1000 + tick.components.attoseconds / 1_000_000_000_000_000), 10)
        var sinceScan = Duration.zero
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(tickMilliseconds), repeating: .milliseconds(tickMilliseconds))
        timer.setEventHandler { [self] in
            if hangupReceived.exchange(false, ordering: .relaxed) {
                logger.info("SIGHUP: reloading plugins")
                reload()
                lastSeen.withLock { $0 = stamps() }
            }
            sinceScan += .milliseconds(tickMilliseconds)
            if sinceScan >= interval {
                sinceScan = .zero
                checkForChanges()
            }
        }
        timer.resume()
        sources.withLock { $0.list = [timer] }
    }

    public func stop() {
        sources.withLock { sources in
            sources.list.forEach { $0.cancel() }
            sources.list = []
        }
    }

    deinit { stop() }

    private func checkForChanges() {
        let current = stamps()
        let changed = lastSeen.withLock { seen in
            defer { seen = current }
            return seen != current
        }
        if changed { reload() }
    }

    private func reload() {
        for change in registry.reload() { logger.notice("\(change)") }
    }

    private func stamps() -> [String: FileStamp] {
        var result: [String: FileStamp] = [:]
        for file in registry.pluginFiles() {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { continue }
            result[file.path] = FileStamp(
                size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                modified: attributes[.modificationDate] as? Date ?? .distantPast,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? 0)
        }
        return result
    }
}
