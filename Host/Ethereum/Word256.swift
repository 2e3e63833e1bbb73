/// A 256-bit EVM word as 32 big-endian bytes: how ABI integers are parsed from text and
/// range-checked against uintN/intN without a general big-integer type.
public struct Word256: Sendable, Equatable, Hashable {
    public var bytes: [UInt8]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public let reason: String
        public var description: String { "\"\(text.prefix(80))\" \(reason)" }
    }

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a word is 32 bytes")
        self.bytes = bytes
    }

    public init(_ value: UInt64) {
        bytes = [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) }
    }

    public static let zero = Word256(0)

    /// The low 64 bits, or nil when the value does not fit.
    public var uint64: UInt64? {
        guard bytes[0..<24].allSatisfy({ $0 == 0 }) else { return nil }
        return bytes[24...].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses a non-negative or negative integer: decimal (`-12`, `340`) or `0x` hex; a negative
    /// value becomes its two's complement. Throws when the magnitude exceeds 256 bits.
    public init(parsing text: String) throws(ParseError) {
        var digits = Substring(text.trimmingWhitespace)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        }
        try self.init(magnitude: digits, radix: radix, original: text)
        if negative { negate() }
    }

    /// Parses unsigned hex digits (an optional `0x`), sprout's rule for uint256 values taken from
    /// a message's JSON (go-ethereum `big.Int.SetString(s, 16)`).
    public init(hex text: String) throws(ParseError) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        try self.init(magnitude: digits, radix: 16, original: text)
    }

    private init(magnitude digits: Substring, radix: Int, original: String) throws(ParseError) {
        guard !digits.isEmpty else { throw ParseError(text: original, reason: "is not an integer") }
        var value = [UInt8](repeating: 0, count: 32)
        for character in digits.utf8 {
            guard let digit = Hex.nibble(character), Int(digit) < radix else {
                throw ParseError(text: original, reason: "is not a base-\(radix) integer")
            }
            // value = value * radix + digit, byte by byte from the least significant end.
            var carry = Int(digit)
            for index in stride(from: 31, through: 0, by: -1) {
                let next = Int(value[index]) * radix + carry
                value[index] = UInt8(next & 0xff)
                carry = next >> 8
            }
            guard carry == 0 else { throw ParseError(text: original, reason: "does not fit in 256 bits") }
        }
        bytes = value
    }

    /// Two's-complement negation modulo 2^256.
    mutating func negate() {
        var carry = 1
        for index in stride(from: 31, through: 0, by: -1) {
            let next = Int(~bytes[index]) + carry
            bytes[index] = UInt8(next & 0xff)
            carry = next >> 8
        }
    }

    var isNegative: Bool { bytes[0] & 0x80 != 0 }

    /// Whether this unsigned value fits in `bits` bits.
    public func fitsUnsigned(bits: Int) -> Bool { leadingZeroBits >= 256 - bits }

    /// Whether this two's-complement value fits in a signed `bits`-bit integer: its top
    /// 257 - bits bits are all equal.
    public func fitsSigned(bits: Int) -> Bool {
        var copy = self
        if isNegative { copy.bytes = copy.bytes.map { ~$0 } }
        return copy.leadingZeroBits >= 257 - bits
    }

    var leadingZeroBits: Int {
        var count = 0
        for byte in bytes {
            if byte == 0 { count += 8; continue }
            return count + byte.leadingZeroBitCount
        }
        return count
    }

    /// Decimal text of the unsigned value.
    public var decimal: String {
        var value = bytes
        var digits: [UInt8] = []
        while value.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in value.indices {
                let current = remainder << 8 | Int(value[index])
                value[index] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
        }
        return digits.isEmpty ? "0" : String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// Minimal big-endian bytes of `value` (empty for zero), as RLP wants integers.
    public static func minimalBytes(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var rest = value
        while rest > 0 {
            out.insert(UInt8(rest & 0xff), at: 0)
            rest >>= 8
        }
        return out
    }
}

extension String {
    var trimmingWhitespace: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
