import CZlib
import Foundation

/// Turns a project's `code` field into the raw artifact an engine receives.
///
/// sprout stores code as lowercase hex of a zlib stream (it starts with "789c"); the runtime
/// servers hex-decoded and inflated it. Plain hex of an uncompressed artifact is accepted too.
public enum CodeArtifact {
    public struct DecodeError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "project code: \(reason)" }
    }

    /// Inflated artifacts larger than this are refused (a zip bomb must not exhaust memory).
    public static let maximumSize = 512 << 20

    public static func decode(hex: String) throws(DecodeError) -> [UInt8] {
        let bytes = try hexBytes(hex)
        guard bytes.count >= 2, bytes[0] == 0x78, (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) % 31 == 0 else { return bytes }
        return try inflate(bytes)
    }

    static func hexBytes(_ hex: String) throws(DecodeError) -> [UInt8] {
        let text = hex.hasPrefix("0x") ? Substring(hex.dropFirst(2)) : Substring(hex)
        guard text.utf8.count % 2 == 0 else { throw DecodeError(reason: "hex text has an odd number of digits (\(text.utf8.count))") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for (offset, char) in text.utf8.enumerated() {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char - UInt8(ascii: "A") + 10
            default: throw DecodeError(reason: "character \(UnicodeScalar(char)) at offset \(offset) is not a hex digit")
            }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// sprout's encoding of an artifact: lowercase hex of its zlib stream.
    public static func encode(_ artifact: [UInt8]) -> String {
        var capacity = compressBound(uLong(artifact.count))
        var compressed = [UInt8](repeating: 0, count: Int(capacity))
        // Safety: compress2 writes at most `capacity` bytes into `compressed` and reads
        // exactly artifact.count bytes.
        let status = compress2(&compressed, &capacity, artifact, uLong(artifact.count), Z_BEST_COMPRESSION)
        precondition(status == Z_OK, "compress2 cannot fail with a buffer of compressBound bytes")
        return compressed.prefix(Int(capacity)).map { String(format: "%02x", $0) }.joined()
    }

    /// Inflates a zlib stream with the system zlib.
    static func inflate(_ compressed: [UInt8]) throws(DecodeError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeError(reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = compressed
        var status: Int32 = Z_OK
        // Safety: zlib reads only avail_in bytes from next_in and writes only avail_out bytes to
        // next_out; both pointers are valid for the whole inner call.
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: target[0..<(target.count - Int(stream.avail_out))])
                }
            } while status == Z_OK && output.count <= maximumSize
        }
        guard output.count <= maximumSize else { throw DecodeError(reason: "the inflated artifact exceeds \(maximumSize >> 20) MiB") }
        guard status == Z_STREAM_END else {
            throw DecodeError(reason: "the zlib stream is corrupt or truncated (zlib status \(status)\(stream.msg.map { ": " + String(cString: $0) } ?? ""))")
        }
        return output
    }
}
