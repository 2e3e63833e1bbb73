import Crypto
import Foundation
import Synchronization

/// The directories ``ShadowStore/temporary()`` made in this process, removed by an exit handler.
private let removedAtExit = Mutex<[URL]>([])
private let exitHandlerInstalled: Void = {
    atexit {
        for directory in removedAtExit.withLock({ $0 }) { try? FileManager.default.removeItem(at: directory) }
    }
}()

/// Private copies of plugin files under content-addressed names.
///
/// dlopen caches libraries by path, and an operator may overwrite a plugin in place; loading a
/// copy named by the SHA-256 of its bytes means a changed file is always a new library and an
/// unchanged one is never loaded twice.
public struct ShadowStore: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Name prefix of the directories ``temporary()`` makes: `sprout-plugins-<pid>-<random>`.
    static let temporaryPrefix = "sprout-plugins-"

    /// A fresh private directory for this process, removed when the process exits. Every plugin
    /// is copied there (tens of MB per process), so directories left behind by processes that
    /// were killed are removed first: without that, test suites and crash-looping nodes filled
    /// the disk.
    public static func temporary() -> ShadowStore {
        removeStaleTemporaryDirectories()
        let name = "\(temporaryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        removedAtExit.withLock { $0.append(directory) }
        _ = exitHandlerInstalled
        return ShadowStore(directory: directory)
    }

    /// Removes the temporary shadow directories whose process no longer exists.
    static func removeStaleTemporaryDirectories() {
        let parent = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            guard let pid = name.dropFirst(temporaryPrefix.count).split(separator: "-").first.flatMap({ pid_t($0) }),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Reads `file` once, and returns its content hash and the path of its shadow copy.
    public func copy(_ file: URL) throws(PluginLoadError) -> (digest: String, path: String) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: file)
        } catch {
            throw .unreadable(path: file.path, reason: error.localizedDescription)
        }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let target = directory.appendingPathComponent("\(digest).so")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: target.path) {
                // Write under a temporary name and rename, so a concurrent loader never sees half a file.
                let partial = directory.appendingPathComponent("\(digest).\(UInt32.random(in: 0...UInt32.max)).partial")
                try bytes.write(to: partial)
                try FileManager.default.moveItem(at: partial, to: target)
            }
        } catch {
            if !FileManager.default.fileExists(atPath: target.path) {
                throw .unreadable(path: target.path, reason: "cannot write the shadow copy: \(error.localizedDescription)")
            }
        }
        return (digest, target.path)
    }
}
