import Foundation
import Testing

/// Paths of what `swift build` made next to this test binary: fixture plugins, engine
/// plugins and the `sprout` executable (the isolation worker).
enum BuildProducts {
    static let directory: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // swift-testing may run from inside the .xctest bundle directory on some platforms.
        while directory.path != "/", !FileManager.default.fileExists(atPath: directory.appendingPathComponent("sprout").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    static func library(_ name: String) throws -> URL {
        let url = directory.appendingPathComponent("lib\(name).so")
        try #require(FileManager.default.fileExists(atPath: url.path), "\(url.path) is missing: run `swift build -c release -Xswiftc -enable-testing` before `swift test`")
        return url
    }

    static var sprout: URL { directory.appendingPathComponent("sprout") }

    /// sprout's test projects (shared/fixtures/sprout), or nil when this checkout has none.
    static let sproutFixtures: URL? = {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { directory.deleteLastPathComponent() }
        let fixtures = directory.deletingLastPathComponent().appendingPathComponent("shared/fixtures/sprout")
        return FileManager.default.fileExists(atPath: fixtures.path) ? fixtures : nil
    }()
}

/// A scratch directory that a test owns and removes.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Copies a file in (replacing what was there) and returns its new URL.
    @discardableResult
    func place(_ source: URL, as name: String) throws -> URL {
        let target = url.appendingPathComponent(name)
        // Replace by writing over the same inode, as an operator's `cp` would.
        try Data(contentsOf: source).write(to: target)
        return target
    }

    func write(_ bytes: [UInt8], as name: String) throws -> URL {
        let target = url.appendingPathComponent(name)
        try Data(bytes).write(to: target)
        return target
    }
}
