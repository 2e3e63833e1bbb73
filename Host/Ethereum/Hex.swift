/// Hex text ⇄ bytes in the forms JSON-RPC and ABI JSON use (`0x` prefix optional on input).
public enum Hex {
    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public var description: String { "not hex bytes: \"\(text.prefix(80))\"" }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex without a prefix.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `0x`-prefixed lowercase hex, as JSON-RPC DATA.
    public static func prefixed(_ bytes: [UInt8]) -> String { "0x" + encode(bytes) }

    /// JSON-RPC QUANTITY: `0x` and the shortest hex of `value` (`0x0` for zero).
    public static func quantity(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Decodes hex with or without `0x`; an odd length is refused.
    public static func decode(_ text: String) throws(DecodeError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            utf8.removeFirst(2)
        }
        guard utf8.count % 2 == 0 else { throw DecodeError(text: text) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { throw DecodeError(text: text) }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// Parses a JSON-RPC QUANTITY (`0x…`, at most 64 bits).
    public static func decodeQuantity(_ text: String) throws(DecodeError) -> UInt64 {
        guard text.hasPrefix("0x") || text.hasPrefix("0X"), let value = UInt64(text.dropFirst(2), radix: 16) else {
            throw DecodeError(text: text)
        }
        return value
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
