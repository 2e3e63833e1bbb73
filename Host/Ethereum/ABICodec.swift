/// Solidity ABI encoding and decoding of argument lists (head/tail layout:
/// https://docs.soliditylang.org/en/latest/abi-spec.html#formal-specification-of-the-encoding).
public enum ABICodec {
    public struct EncodeError: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public var description: String { reason }
    }

    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public let reason: String
        public var description: String { "ABI decode: \(reason)" }
    }

    /// Encodes `values` as the tuple `(types…)`.
    public static func encode(_ types: [ABIType], _ values: [ABIValue]) throws(EncodeError) -> [UInt8] {
        guard types.count == values.count else { throw EncodeError(reason: "\(types.count) types but \(values.count) values") }
        let headLength = types.reduce(0) { $0 + $1.headSize }
        var head: [UInt8] = []
        var tail: [UInt8] = []
        for (type, value) in zip(types, values) {
            let encoded = try encodeOne(type, value)
            if type.isDynamic {
                head += Word256(UInt64(headLength + tail.count)).bytes
                tail += encoded
            } else {
                head += encoded
            }
        }
        return head + tail
    }

    private static func encodeOne(_ type: ABIType, _ value: ABIValue) throws(EncodeError) -> [UInt8] {
        switch (type, value) {
        case (.uint(let bits), .uint(let word)):
            guard word.fitsUnsigned(bits: bits) else { throw EncodeError(reason: "\(word.decimal) does not fit \(type)") }
            return word.bytes
        case (.int(let bits), .int(let word)):
            guard word.fitsSigned(bits: bits) else { throw EncodeError(reason: "value does not fit \(type)") }
            return word.bytes
        case (.address, .address(let address)):
            return [UInt8](repeating: 0, count: 12) + address.bytes
        case (.bool, .bool(let flag)):
            return Word256(flag ? 1 : 0).bytes
        case (.fixedBytes(let n), .bytes(let bytes)):
            guard bytes.count == n else { throw EncodeError(reason: "\(type) needs \(n) bytes, got \(bytes.count)") }
            return bytes + [UInt8](repeating: 0, count: 32 - n)
        case (.bytes, .bytes(let bytes)):
            return padded(bytes)
        case (.string, .string(let text)):
            return padded(Array(text.utf8))
        case (.array(let element), .array(let items)):
            return Word256(UInt64(items.count)).bytes + (try encode(Array(repeating: element, count: items.count), items))
        case (.fixedArray(let element, let count), .array(let items)):
            guard items.count == count else { throw EncodeError(reason: "\(type) needs \(count) elements, got \(items.count)") }
            return try encode(Array(repeating: element, count: count), items)
        default:
            throw EncodeError(reason: "a \(value.kind) value cannot be encoded as \(type)")
        }
    }

    /// Length word, then the bytes right-padded to a multiple of 32.
    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        Word256(UInt64(bytes.count)).bytes + bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
    }

    /// Decodes the tuple `(types…)` from `data`; bounds-checked, never traps on hostile input.
    public static func decode(_ types: [ABIType], from data: [UInt8]) throws(DecodeError) -> [ABIValue] {
        try decodeTuple(types, data, base: 0)
    }

    private static func decodeTuple(_ types: [ABIType], _ data: [UInt8], base: Int) throws(DecodeError) -> [ABIValue] {
        var values: [ABIValue] = []
        var offset = base
        for type in types {
            if type.isDynamic {
                let pointer = try integer(data, at: offset)
                guard pointer <= data.count - base else { throw DecodeError(reason: "offset \(pointer) beyond the data") }
                values.append(try decodeOne(type, data, at: base + pointer))
                offset += 32
            } else {
                values.append(try decodeOne(type, data, at: offset))
                offset += type.headSize
            }
        }
        return values
    }

    private static func decodeOne(_ type: ABIType, _ data: [UInt8], at offset: Int) throws(DecodeError) -> ABIValue {
        switch type {
        case .uint(let bits):
            let word = try self.word(data, at: offset)
            guard word.fitsUnsigned(bits: bits) else { throw DecodeError(reason: "value out of range for \(type)") }
            return .uint(word)
        case .int(let bits):
            let word = try self.word(data, at: offset)
            guard word.fitsSigned(bits: bits) else { throw DecodeError(reason: "value out of range for \(type)") }
            return .int(word)
        case .address:
            let word = try self.word(data, at: offset)
            guard word.fitsUnsigned(bits: 160) else { throw DecodeError(reason: "dirty address padding") }
            return .address(EthereumAddress(bytes: Array(word.bytes[12...])))
        case .bool:
            switch try self.word(data, at: offset).uint64 {
            case 0: return .bool(false)
            case 1: return .bool(true)
            default: throw DecodeError(reason: "bool is neither 0 nor 1")
            }
        case .fixedBytes(let n):
            return .bytes(Array(try self.word(data, at: offset).bytes[0..<n]))
        case .bytes, .string:
            let length = try integer(data, at: offset)
            guard length <= data.count - offset - 32 else { throw DecodeError(reason: "\(type) of \(length) bytes overruns the data") }
            let bytes = Array(data[offset + 32..<offset + 32 + length])
            if case .bytes = type { return .bytes(bytes) }
            guard let text = String(validating: bytes, as: UTF8.self) else { throw DecodeError(reason: "string is not UTF-8") }
            return .string(text)
        case .array(let element):
            let count = try integer(data, at: offset)
            // Each element takes at least one word; a larger count cannot be genuine.
            guard count <= (data.count - offset - 32) / 32 else { throw DecodeError(reason: "array of \(count) elements overruns the data") }
            return .array(try decodeTuple(Array(repeating: element, count: count), data, base: offset + 32))
        case .fixedArray(let element, let count):
            return .array(try decodeTuple(Array(repeating: element, count: count), data, base: offset))
        }
    }

    private static func word(_ data: [UInt8], at offset: Int) throws(DecodeError) -> Word256 {
        guard offset >= 0, offset <= data.count - 32 else { throw DecodeError(reason: "word at \(offset) beyond \(data.count) bytes") }
        return Word256(bytes: Array(data[offset..<offset + 32]))
    }

    /// A word used as a length or an offset: must fit comfortably in Int.
    private static func integer(_ data: [UInt8], at offset: Int) throws(DecodeError) -> Int {
        guard let value = try word(data, at: offset).uint64, value < 1 << 32 else { throw DecodeError(reason: "length or offset too large at \(offset)") }
        return Int(value)
    }
}

extension ABIValue {
    var kind: String {
        switch self {
        case .uint: "uint"
        case .int: "int"
        case .address: "address"
        case .bool: "bool"
        case .bytes: "bytes"
        case .string: "string"
        case .array: "array"
        }
    }
}
