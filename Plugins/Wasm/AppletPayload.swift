/// The payload a task hands an applet: its message data as one compact JSON array of strings,
/// byte for byte what sprout's runtime (serde_json) produced.
enum AppletPayload {
    static func jsonArray(of inputs: [[UInt8]]) -> String {
        var json = "["
        for (index, input) in inputs.enumerated() {
            if index > 0 { json += "," }
            json += quoted(String(decoding: input, as: UTF8.self))
        }
        return json + "]"
    }

    /// serde_json's string escaping: `"` `\` and control characters only; non-ASCII and
    /// `<>&` stay as they are.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
