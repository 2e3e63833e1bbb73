import Foundation
import Synchronization

/// Delivers proved results to a project's output. Delivery is at least once: after a crash a
/// result may be written again, carrying the same `idempotencyKey` so consumers can drop it.
public final class OutputWriter: Sendable {
    private let lock = Mutex(())

    public init() {}

    /// Writes one delivery; returns the output step's result ("" for stdout and file, as sprout).
    public func deliver(_ target: OutputTarget, projectID: UInt64, taskID: Int64, result: [UInt8]) throws -> [UInt8] {
        let line = GoJSON.object([
            ("idempotencyKey", .string("\(projectID)/\(taskID)")), ("projectID", .unsigned(projectID)), ("taskID", .integer(taskID)),
            ("result", .bytes(result)),
        ]).rendered + "\n"
        switch target {
        case .stdout:
            lock.withLock { _ in FileHandle.standardOutput.write(Data(line.utf8)) }
        case .file(let path):
            try lock.withLock { _ in
                if !FileManager.default.fileExists(atPath: path) {
                    FileManager.default.createFile(atPath: path, contents: nil)
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(line.utf8))
                try handle.synchronize()
            }
        }
        return []
    }
}
