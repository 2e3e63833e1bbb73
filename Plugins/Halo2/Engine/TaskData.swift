import Foundation
public import SproutCoreBN254
public import SproutPluginKit

/// The first datum of a task as a JSON object (sprout's halo2 runtime uses only the first).
public struct TaskData {
    public let object: [String: Any]

    public init(_ inputs: [[UInt8]]) throws(EngineError) {
        guard let first = inputs.first else { throw EngineError(.invalidInput, "need datas: a halo2 task carries at least one message") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(first)) as? [String: Any] else {
            throw EngineError(.invalidInput, "the first data must be a JSON object, e.g. {\"private_a\": 3, \"private_b\": 5}")
        }
        self.object = object
    }

    /// A non-negative integer field (a JSON integer below 2⁶⁴; read from its text, so no rounding).
    public func u64(_ key: String) throws(EngineError) -> UInt64 {
        guard let number = object[key] as? NSNumber, let value = UInt64(number.stringValue) else { throw EngineError(.invalidInput, "data field \"\(key)\" must be a non-negative integer") }
        return value
    }

    /// A field element: a JSON integer below 2⁶⁴ or a `0x`-hex string of at most 32 bytes below r.
    public func fr(_ key: String) throws(EngineError) -> Fr {
        if let text = object[key] as? String {
            guard text.hasPrefix("0x"), let bytes = HexText.decode(text), bytes.count <= 32,
                  let value = Fr(bigEndianBytes: [UInt8](repeating: 0, count: 32 - bytes.count) + bytes) else {
                throw EngineError(.invalidInput, "data field \"\(key)\" must be a 0x-hex field element below the BN254 scalar modulus")
            }
            return value
        }
        return Fr(integer: try u64(key))
    }

    public func u64Array(_ key: String) throws(EngineError) -> [UInt64] {
        guard let array = object[key] as? [Any] else { throw EngineError(.invalidInput, "data field \"\(key)\" must be an array of integers") }
        var out: [UInt64] = []
        for item in array {
            guard let n = item as? NSNumber, let v = UInt64(n.stringValue) else {
                throw EngineError(.invalidInput, "data field \"\(key)\" must hold non-negative integers")
            }
            out.append(v)
        }
        return out
    }
}
