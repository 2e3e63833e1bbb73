/// Decodes the data a reverted call returns: Solidity's `Error(string)` and `Panic(uint256)`
/// (https://docs.soliditylang.org/en/latest/control-structures.html#panic-via-assert-and-error-via-require).
public enum RevertReason {
    /// Selector of `Error(string)`.
    public static let errorSelector: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
    /// Selector of `Panic(uint256)`.
    public static let panicSelector: [UInt8] = [0x4e, 0x48, 0x7b, 0x71]

    /// A readable reason: the message of `Error(string)`, `panic 0x11 (arithmetic overflow)` for
    /// `Panic`, `custom error 0x…` for other selectors, nil for empty data.
    public static func describe(_ data: [UInt8]) -> String? {
        guard !data.isEmpty else { return nil }
        let selector = Array(data.prefix(4))
        let body = Array(data.dropFirst(4))
        if selector == errorSelector, case .string(let message)? = try? ABICodec.decode([.string], from: body).first {
            return message
        }
        if selector == panicSelector, case .uint(let code)? = try? ABICodec.decode([.uint(bits: 256)], from: body).first {
            let hex = "0x" + String(code.uint64 ?? 0, radix: 16)
            return panicMeanings[code.uint64 ?? .max].map { "panic \(hex) (\($0))" } ?? "panic \(hex)"
        }
        return "custom error \(Hex.prefixed(data))"
    }

    /// The codes Solidity defines for `Panic(uint256)`.
    static let panicMeanings: [UInt64: String] = [
        0x00: "generic compiler panic", 0x01: "assertion failed", 0x11: "arithmetic overflow or underflow",
        0x12: "division or modulo by zero", 0x21: "invalid enum value", 0x22: "invalid storage byte array",
        0x31: "pop on an empty array", 0x32: "array index out of bounds", 0x41: "out of memory",
        0x51: "call to an uninitialised function",
    ]
}
