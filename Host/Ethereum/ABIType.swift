/// A Solidity ABI type (https://docs.soliditylang.org/en/latest/abi-spec.html#types), as named
/// in a contract's ABI JSON.
public indirect enum ABIType: Sendable, Equatable, CustomStringConvertible {
    case uint(bits: Int)
    case int(bits: Int)
    case address
    case bool
    /// bytesN, 1 ≤ N ≤ 32.
    case fixedBytes(Int)
    case bytes
    case string
    /// T[]
    case array(ABIType)
    /// T[k]
    case fixedArray(ABIType, Int)

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let type: String
        public var description: String {
            "unsupported ABI type \"\(type)\" (supported: address, bool, string, bytes, bytes1…bytes32, uint8…uint256, int8…int256 and arrays T[] / T[k] of them)"
        }
    }

    /// Parses a canonical type name; `uint`/`int` are the aliases of uint256/int256.
    public init(parsing text: String) throws(ParseError) {
        if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            let element = try ABIType(parsing: String(text[..<open]))
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
            if inside.isEmpty {
                self = .array(element)
            } else if let count = Int(inside), count > 0, String(count) == inside {
                self = .fixedArray(element, count)
            } else {
                throw ParseError(type: text)
            }
            return
        }
        switch text {
        case "address": self = .address
        case "bool": self = .bool
        case "bytes": self = .bytes
        case "string": self = .string
        case "uint": self = .uint(bits: 256)
        case "int": self = .int(bits: 256)
        default:
            func size(after prefix: String) -> Int? {
                guard text.hasPrefix(prefix), let n = Int(text.dropFirst(prefix.count)), String(n) == text.dropFirst(prefix.count) else { return nil }
                return n
            }
            if let n = size(after: "uint"), n % 8 == 0, (8...256).contains(n) {
                self = .uint(bits: n)
            } else if let n = size(after: "int"), n % 8 == 0, (8...256).contains(n) {
                self = .int(bits: n)
            } else if let n = size(after: "bytes"), (1...32).contains(n) {
                self = .fixedBytes(n)
            } else {
                throw ParseError(type: text)
            }
        }
    }

    /// The canonical name used in signatures.
    public var description: String {
        switch self {
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let n): "bytes\(n)"
        case .bytes: "bytes"
        case .string: "string"
        case .array(let element): "\(element)[]"
        case .fixedArray(let element, let count): "\(element)[\(count)]"
        }
    }

    /// Dynamic types are encoded in the tail behind an offset.
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array: true
        case .fixedArray(let element, _): element.isDynamic
        default: false
        }
    }

    /// Bytes this type takes in the head: 32 for dynamic types (the offset).
    var headSize: Int {
        if case .fixedArray(let element, let count) = self, !isDynamic { return element.headSize * count }
        return 32
    }
}
