/// A minimal protobuf (proto2/proto3 wire format) writer and reader for the handful of libp2p
/// messages we speak. Hand-written so the build does not need swift-protobuf's code generator;
/// fields are written in field-number order, which is what other implementations produce and
/// what signatures over re-encoded messages (pubsub) rely on.
public struct ProtoWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    private mutating func tag(_ field: Int, _ wireType: UInt64) {
        Varint.append(UInt64(field) << 3 | wireType, to: &bytes)
    }

    public mutating func varint(_ field: Int, _ value: UInt64) {
        tag(field, 0)
        Varint.append(value, to: &bytes)
    }

    public mutating func bool(_ field: Int, _ value: Bool) { varint(field, value ? 1 : 0) }

    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        tag(field, 2)
        Varint.append(UInt64(value.count), to: &bytes)
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }
}

/// Errors from decoding untrusted protobuf bytes; decoding never traps.
public enum ProtoError: Error, Equatable, Sendable {
    case truncated(offset: Int)
    case unsupportedWireType(Int, offset: Int)
    case invalidUTF8(field: Int)
}

/// One decoded field: its number and its value (varint or length-delimited bytes).
public enum ProtoValue: Sendable {
    case varint(UInt64)
    case bytes([UInt8])
}

public struct ProtoReader {
    /// Parses all top-level fields of a message. Fixed32/fixed64 are skipped (none of our
    /// messages use them, but a newer peer may add such fields).
    public static func fields(_ data: [UInt8]) throws(ProtoError) -> [(Int, ProtoValue)] {
        var out: [(Int, ProtoValue)] = []
        var i = 0
        while i < data.count {
            guard let (key, afterKey) = Varint.decode(data, at: i) else { throw .truncated(offset: i) }
            let field = Int(truncatingIfNeeded: key >> 3)
            let wire = Int(key & 7)
            i = afterKey
            switch wire {
            case 0:
                guard let (v, next) = Varint.decode(data, at: i) else { throw .truncated(offset: i) }
                out.append((field, .varint(v)))
                i = next
            case 2:
                guard let (len, next) = Varint.decode(data, at: i), len <= UInt64(data.count - next) else {
                    throw .truncated(offset: i)
                }
                let end = next + Int(len)
                out.append((field, .bytes(Array(data[next..<end]))))
                i = end
            case 1:
                guard data.count - i >= 8 else { throw .truncated(offset: i) }
                i += 8
            case 5:
                guard data.count - i >= 4 else { throw .truncated(offset: i) }
                i += 4
            default:
                throw .unsupportedWireType(wire, offset: i)
            }
        }
        return out
    }
}

extension ProtoValue {
    var asBytes: [UInt8]? { if case .bytes(let b) = self { return b } else { return nil } }
    var asVarint: UInt64? { if case .varint(let v) = self { return v } else { return nil } }
    func asString(field: Int) throws(ProtoError) -> String? {
        guard case .bytes(let b) = self else { return nil }
        guard let s = String(validating: b, as: UTF8.self) else { throw .invalidUTF8(field: field) }
        return s
    }
}
