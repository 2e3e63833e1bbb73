import Foundation
import Synchronization

/// Writes each delivery as one JSON line, to the node's standard output (sprout's `stdout`
/// output) or appended to a file and synced before the task is `outputted`.
final class LineOutputSink: OutputSink {
    enum Destination: Sendable {
        case standardOutput
        case file(path: String)
    }

    private let destination: Destination
    /// Lines from concurrent provers must not interleave; one lock for every line sink.
    private static let lock = Mutex(())

    init(_ destination: Destination) {
        self.destination = destination
    }

    func deliver(_ delivery: OutputDelivery) async throws -> [UInt8] {
        let line = Data((delivery.document + "\n").utf8)
        switch destination {
        case .standardOutput:
            Self.lock.withLock { _ in FileHandle.standardOutput.write(line) }
        case .file(let path):
            try Self.lock.withLock { _ in
                // A file that cannot be created fails on open below, with the reason.
                if !FileManager.default.fileExists(atPath: path) {
                    _ = FileManager.default.createFile(atPath: path, contents: nil)
                }
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: line)
                try handle.synchronize()
            }
        }
        return []
    }
}
