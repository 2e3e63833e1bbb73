/// What sprout's risc0 runtime (w3bstream-vm, risc0-zkvm 0.20) writes to the guest's stdin
/// for a task (risc0-guest-abi.md §12): `serde_json::json!(datas).to_string()`, the compact
/// JSON array of the message data strings, as one risc0-serde `String`
/// (`LE32(len) ‖ utf8 ‖ zero padding to a multiple of 4`).
public enum Risc0Input {
    /// The compact JSON array of `datas`, escaped as serde_json does: `"`, `\`, `\b \f \n \r \t`
    /// and other control characters as `\u00xx`; everything else (non-ASCII included) as is.
    public static func jsonArray(_ datas: [[UInt8]]) throws(Risc0InputError) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, data) in datas.enumerated() {
            guard String(validating: data, as: UTF8.self) != nil else { throw .notUTF8(index: index) }
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for byte in data {
                switch byte {
                case UInt8(ascii: "\""): out += [0x5c, 0x22]
                case UInt8(ascii: "\\"): out += [0x5c, 0x5c]
                case 0x08: out += [0x5c, UInt8(ascii: "b")]
                case 0x0c: out += [0x5c, UInt8(ascii: "f")]
                case 0x0a: out += [0x5c, UInt8(ascii: "n")]
                case 0x0d: out += [0x5c, UInt8(ascii: "r")]
                case 0x09: out += [0x5c, UInt8(ascii: "t")]
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// risc0-serde encoding of a string: length word, bytes, zero padding.
    public static func serdeString(_ utf8: [UInt8]) -> [UInt8] {
        var out = Risc0Digest.littleEndian(UInt32(truncatingIfNeeded: utf8.count))
        out += utf8
        out += [UInt8](repeating: 0, count: (4 - utf8.count % 4) % 4)
        return out
    }

    /// The stdin bytes for a task's message data.
    public static func stdin(for datas: [[UInt8]]) throws(Risc0InputError) -> [UInt8] {
        serdeString(try jsonArray(datas))
    }
}

public enum Risc0InputError: Error, Sendable, Equatable, CustomStringConvertible {
    case notUTF8(index: Int)

    public var description: String {
        switch self {
        case .notUTF8(let index): "message data \(index) is not UTF-8 text; a risc0 guest reads the task's data as a JSON array of strings"
        }
    }
}
