import Foundation

/// JSON written exactly as Go's encoding/json (and so gin's `c.JSON`) writes it: compact,
/// fields in declaration order, `<` `>` `&` U+2028 U+2029 escaped, invalid UTF-8 as U+FFFD.
/// sprout's own e2e test compares some bodies byte for byte.
public indirect enum GoJSON: Sendable, Equatable {
    case string(String)
    /// A Go string made from raw bytes (`string(b)`): invalid UTF-8 becomes U+FFFD.
    case bytes([UInt8])
    case integer(Int64)
    case unsigned(UInt64)
    case null
    case array([GoJSON])
    case object([(String, GoJSON)])

    public static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.rendered == rhs.rendered }

    public var rendered: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let text): Self.quote(text, into: &out)
        case .bytes(let raw): Self.quote(String(decoding: raw, as: UTF8.self), into: &out)
        case .integer(let value): out += String(value)
        case .unsigned(let value): out += String(value)
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": out += unicodeEscape(scalar.value)
            case _ where scalar.value < 0x20: out += unicodeEscape(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    /// Go's `time.Time` JSON (RFC 3339, fractional seconds without trailing zeros, UTC `Z`)
    /// for microseconds since 1970.
    public static func time(_ microseconds: Int64) -> GoJSON {
        let seconds = microseconds.quotientAndRemainderFlooring(by: 1_000_000)
        let date = Date(timeIntervalSince1970: TimeInterval(seconds.quotient))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        if seconds.remainder != 0 {
            var fraction = String(format: "%06d", seconds.remainder)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return .string(text + "Z")
    }

    /// The state list entry sprout returns: four string fields, always present.
    public static func state(_ entry: StateEntry) -> GoJSON {
        .object([("state", .string(entry.state.rawValue)), ("time", time(entry.time)), ("comment", .string(entry.comment)), ("result", .bytes(entry.result))])
    }
}

extension Int64 {
    fileprivate func quotientAndRemainderFlooring(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
