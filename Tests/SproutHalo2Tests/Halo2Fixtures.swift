import CZlib
import Foundation
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
        let digits = Array(hex.utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        return try inflate(stride(from: 0, to: digits.count - 1, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) })
    }

    static func inflate(_ compressed: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        #expect(inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var input = compressed
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = UInt32(inBuffer.count)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                }
            }
        }
        try #require(status == Z_STREAM_END, "zlib inflate failed with status \(status)")
        return output
    }
}
