/// The public and private input lists of one task, read from its message data.
///
/// Each message is a JSON object `{"private_input":[…],"public_input":[…]}` (either key may be
/// missing, meaning an empty list; other keys are ignored). Elements are u64 values written as
/// JSON integers (`42`, up to 18446744073709551615), decimal strings (`"42"`) or hexadecimal
/// strings (`"0x2a"`, at most 16 digits). Negative numbers, fractions and exponents are refused.
///
/// Several messages in one task are combined by concatenation in message order: the private
/// lists one after another, and likewise the public lists. (sprout's zkwasm server is closed
/// source, so how it combined them is unconfirmed; with one message, as in every sprout
/// example, both readings agree.)
public struct ZkWasmInputs: Sendable, Equatable {
    public var publicInputs: [UInt64]
    public var privateInputs: [UInt64]

    public init(publicInputs: [UInt64] = [], privateInputs: [UInt64] = []) {
        self.publicInputs = publicInputs
        self.privateInputs = privateInputs
    }

    /// Parses and concatenates the messages of a task.
    public init(messages: [[UInt8]]) throws(EngineErrorMessage) {
        self.init()
        for (index, message) in messages.enumerated() {
            let value: JSONValue
            do { value = try JSONValue.parse(message) } catch {
                throw EngineErrorMessage("message \(index + 1) is not JSON (\(error.reason)); zkwasm message data is {\"private_input\":[…],\"public_input\":[…]}")
            }
            guard case .object(let members) = value else {
                throw EngineErrorMessage("message \(index + 1) must be a JSON object {\"private_input\":[…],\"public_input\":[…]}")
            }
            for (key, member) in members {
                guard key == "private_input" || key == "public_input" else { continue }
                guard case .array(let elements) = member else {
                    throw EngineErrorMessage("message \(index + 1): \"\(key)\" must be an array of u64 values")
                }
                for (position, element) in elements.enumerated() {
                    let number = try Self.u64(element, where: "message \(index + 1): \(key)[\(position)]")
                    if key == "private_input" { privateInputs.append(number) } else { publicInputs.append(number) }
                }
            }
        }
    }

    /// Reads one u64 element: a JSON integer, a decimal string or a "0x" hexadecimal string.
    static func u64(_ value: JSONValue, where place: String) throws(EngineErrorMessage) -> UInt64 {
        switch value {
        case .number(let text):
            guard let number = UInt64(text) else {
                throw EngineErrorMessage("\(place) is \(text), not an unsigned 64-bit integer (0…18446744073709551615)")
            }
            return number
        case .string(let text):
            let lower = text.lowercased()
            if lower.hasPrefix("0x") {
                let digits = lower.dropFirst(2)
                guard !digits.isEmpty, digits.count <= 16, let number = UInt64(digits, radix: 16) else {
                    throw EngineErrorMessage("\(place) is \"\(text)\", not a hexadecimal u64 (\"0x\" and 1 to 16 hex digits)")
                }
                return number
            }
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = UInt64(text) else {
                throw EngineErrorMessage("\(place) is \"\(text)\", not a decimal u64 string")
            }
            return number
        default:
            throw EngineErrorMessage("\(place) must be a u64 number, a decimal string or a \"0x\" hex string")
        }
    }
}
