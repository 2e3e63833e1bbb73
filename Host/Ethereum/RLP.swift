/// Recursive Length Prefix encoding (Ethereum yellow paper, appendix B): the wire form of
/// transactions and the preimage of their signing hashes.
public indirect enum RLP: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public var description: String { "RLP: \(reason)" }
    }

    /// An unsigned integer as its minimal big-endian bytes (zero is the empty string).
    public static func uint(_ value: UInt64) -> RLP { .bytes(Word256.minimalBytes(value)) }

    /// A big-endian integer with its leading zero bytes removed.
    public static func uint(bigEndian bytes: [UInt8]) -> RLP { .bytes(Array(bytes.drop { $0 == 0 })) }

    public var encoded: [UInt8] {
        var out = [UInt8]()
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        switch self {
        case .bytes(let bytes):
            if bytes.count == 1, bytes[0] < 0x80 {
                out.append(bytes[0])
            } else {
                Self.appendHeader(length: bytes.count, short: 0x80, to: &out)
                out.append(contentsOf: bytes)
            }
        case .list(let items):
            var body = [UInt8]()
            for item in items { item.append(to: &body) }
            Self.appendHeader(length: body.count, short: 0xc0, to: &out)
            out.append(contentsOf: body)
        }
    }

    private static func appendHeader(length: Int, short: UInt8, to out: inout [UInt8]) {
        if length < 56 {
            out.append(short + UInt8(length))
        } else {
            let lengthBytes = Word256.minimalBytes(UInt64(length))
            // 0xb7/0xf7 + the length of the length: the long forms.
            out.append(short + 55 + UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
    }

    /// Decodes exactly one item spanning all of `data`; never traps on hostile input.
    public static func decode(_ data: [UInt8]) throws(DecodeError) -> RLP {
        var offset = 0
        let item = try decodeItem(data, &offset, end: data.count)
        guard offset == data.count else { throw DecodeError(reason: "\(data.count - offset) trailing bytes") }
        return item
    }

    private static func decodeItem(_ data: [UInt8], _ offset: inout Int, end: Int) throws(DecodeError) -> RLP {
        guard offset < end else { throw DecodeError(reason: "truncated at byte \(offset)") }
        let prefix = data[offset]
        offset += 1
        switch prefix {
        case 0..<0x80:
            return .bytes([prefix])
        case 0x80..<0xb8:
            let length = Int(prefix - 0x80)
            let bytes = try take(data, &offset, length, end: end)
            if length == 1, bytes[0] < 0x80 { throw DecodeError(reason: "single byte \(bytes[0]) not encoded as itself") }
            return .bytes(bytes)
        case 0xb8..<0xc0:
            let length = try longLength(data, &offset, count: Int(prefix - 0xb7), end: end)
            return .bytes(try take(data, &offset, length, end: end))
        default:
            let length: Int
            if prefix < 0xf8 {
                length = Int(prefix - 0xc0)
            } else {
                length = try longLength(data, &offset, count: Int(prefix - 0xf7), end: end)
            }
            guard length <= end - offset else { throw DecodeError(reason: "list of \(length) bytes overruns the input") }
            let listEnd = offset + length
            var items: [RLP] = []
            while offset < listEnd { items.append(try decodeItem(data, &offset, end: listEnd)) }
            return .list(items)
        }
    }

    private static func take(_ data: [UInt8], _ offset: inout Int, _ length: Int, end: Int) throws(DecodeError) -> [UInt8] {
        guard length <= end - offset else { throw DecodeError(reason: "string of \(length) bytes overruns the input") }
        defer { offset += length }
        return Array(data[offset..<offset + length])
    }

    private static func longLength(_ data: [UInt8], _ offset: inout Int, count: Int, end: Int) throws(DecodeError) -> Int {
        let bytes = try take(data, &offset, count, end: end)
        guard bytes.first != 0 else { throw DecodeError(reason: "length with leading zero") }
        guard count <= 4 else { throw DecodeError(reason: "length of \(count) bytes is too large") }
        let length = bytes.reduce(0) { $0 << 8 | Int($1) }
        guard length >= 56 else { throw DecodeError(reason: "long form for a length under 56") }
        return length
    }
}
