import Foundation
import Testing

@testable import SproutNode

/// Shadow directories of processes that no longer exist are removed when a process makes its own;
/// those of live processes are kept.
@Suite struct ShadowStoreTests {
    @Test func directoriesOfExitedProcessesAreRemoved() throws {
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let parent = FileManager.default.temporaryDirectory
        let stale = parent.appendingPathComponent("\(ShadowStore.temporaryPrefix)\(exited.processIdentifier)-7")
        let live = parent.appendingPathComponent("\(ShadowStore.temporaryPrefix)\(getppid())-7")
        for directory in [stale, live] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: live) }
        _ = ShadowStore.temporary()
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }
}
