import Foundation
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
