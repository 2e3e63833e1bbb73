import Crypto
import Foundation

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

    /// A fresh private directory for this process.
    public static func temporary() -> ShadowStore {
        let name = "sprout-plugins-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        return ShadowStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent(name))
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
