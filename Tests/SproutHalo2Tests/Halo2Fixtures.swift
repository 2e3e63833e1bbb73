import Foundation
import SproutNode
import Testing

/// sprout's project files in ../shared/fixtures/sprout (read in place, never copied here).
enum Halo2Fixtures {
    static let directory: URL? = {
        var directory = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { directory.deleteLastPathComponent() }
        let fixtures = directory.deletingLastPathComponent().appendingPathComponent("shared/fixtures/sprout")
        return FileManager.default.fileExists(atPath: fixtures.path) ? fixtures : nil
    }()

    static let absent = "shared/fixtures/sprout is absent: sprout's project files are needed for this test"

    /// The decompressed artifact of project `id`'s first version.
    static func artifact(_ id: Int) throws -> [UInt8] {
        let directory = try #require(directory, Comment(rawValue: absent))
        let data = try Data(contentsOf: directory.appendingPathComponent(String(id)))
        let configs = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let hex = try #require(configs.first?["code"] as? String)
        return try CodeArtifact.decode(hex: hex)
    }
}
