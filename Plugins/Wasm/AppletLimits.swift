import Foundation
import SproutPluginKit

/// Bounds on one applet run, so that a looping or greedy applet fails cleanly.
///
/// Defaults suit sprout's applets (project 10003 needs about 60 thousand units of fuel and
/// 2 MiB of memory). A project may tighten or widen them in its codeExpParam:
/// `{"fuel": 1000000, "memoryBytes": 16777216}`.
public struct AppletLimits: Sendable, Equatable {
    /// Roughly one unit per executed WebAssembly operator (WasmKit's fuel).
    public var fuel: UInt64
    /// Largest linear memory the applet may grow to.
    public var memoryBytes: Int

    public static let `default` = AppletLimits(fuel: 2_000_000_000, memoryBytes: 256 << 20)

    public init(fuel: UInt64, memoryBytes: Int) {
        self.fuel = fuel
        self.memoryBytes = memoryBytes
    }

    /// Reads limits from a project's codeExpParam; "" means the defaults.
    public init(expParam: String) throws(EngineError) {
        self = .default
        let trimmed = expParam.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
            throw EngineError(.invalidProgram, "codeExpParam of a wasm project must be a JSON object such as {\"fuel\":1000000}, got: \(trimmed)")
        }
        for (key, value) in object {
            guard let number = value as? NSNumber, number.int64Value > 0 else {
                throw EngineError(.invalidProgram, "codeExpParam \"\(key)\" must be a positive integer")
            }
            switch key {
            case "fuel": fuel = number.uint64Value
            case "memoryBytes": memoryBytes = number.intValue
            default:
                throw EngineError(.invalidProgram, "unknown codeExpParam key \"\(key)\" for a wasm project; known keys: fuel, memoryBytes")
            }
        }
    }
}
