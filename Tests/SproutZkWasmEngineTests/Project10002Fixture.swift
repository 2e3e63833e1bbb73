import CZlib
import Foundation
import SproutZkWasmEngine

/// Loads sprout's project 10002 from ../shared/fixtures/sprout (never copied into the repository).
enum Project10002Fixture {
    /// The fixture's wasm, or nil when the shared fixtures are not next to the repository.
    static let wasm: [UInt8]? = {
        // Tests/SproutZkWasmEngineTests/<file> → repository root → ../shared/fixtures/sprout/10002
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let path = parts.joined(separator: "/") + "/../shared/fixtures/sprout/10002"
        guard let text = readFile(path),
            case .array(let versions) = try? JSONValue.parse(text),
            case .object(let members) = versions.first,
            case .string(let hex) = members.first(where: { $0.0 == "code" })?.1
        else { return nil }
        var compressed: [UInt8] = []
        let utf8 = Array(hex.utf8)
        for position in stride(from: 0, to: utf8.count - 1, by: 2) {
            guard let byte = UInt8(String(decoding: utf8[position...position + 1], as: UTF8.self), radix: 16) else { return nil }
            compressed.append(byte)
        }
        return inflate(compressed)
    }()

    static func readFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func inflate(_ input: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            var status = Z_OK
            while status == Z_OK {
                status = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let result = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: target[0..<(target.count - Int(stream.avail_out))])
                    return result
                }
            }
            return status
        }
        return status == Z_STREAM_END ? output : nil
    }

}
