import SproutZkWasmEngine
import WAT
import WasmKit

/// Runs a module's export on our interpreter and on WasmKit (the oracle, tests only) and
/// reports the outcome in one comparable form.
enum Oracle {
    enum Outcome: Equatable, CustomStringConvertible {
        case value(UInt64?)
        case trap(String)

        var description: String {
            switch self {
            case .value(let value): value.map { "value \($0)" } ?? "no value"
            case .trap(let trap): "trap \(trap)"
            }
        }
    }

    /// An instance of our interpreter that keeps its state across calls, like a WasmKit instance.
    struct Ours {
        let module: WasmModule
        var machine: WasmMachine

        init(_ wasm: [UInt8], limits: ZkWasmLimits = .default) throws {
            module = try WasmModuleParser.parse(wasm, limits: limits)
            machine = try WasmMachine(module: module, limits: limits, publicInputs: [], privateInputs: [])
            if let start = module.start {
                var recorder = WasmNoTrace()
                try machine.invoke(start, recorder: &recorder)
            }
        }

        mutating func call(_ name: String, _ arguments: [UInt64] = []) -> Outcome {
            var recorder = WasmNoTrace()
            do throws(ZkWasmFailure) {
                return .value(try machine.invoke(module.exports[name]!, arguments: arguments, recorder: &recorder))
            } catch {
                if case .trap(let trap, _, _) = error { return .trap(trap.rawValue) }
                return .trap(error.description)
            }
        }
    }

    /// A WasmKit instance.
    struct Theirs {
        let instance: Instance
        let store: Store

        init(_ wasm: [UInt8]) throws {
            let module = try parseWasm(bytes: wasm)
            store = Store(engine: Engine())
            instance = try module.instantiate(store: store)
        }

        func call(_ name: String, _ arguments: [UInt64] = []) -> Outcome {
            guard let function = instance.exports[function: name] else { return .trap("no export \(name)") }
            let parameters = function.type.parameters
            let values: [Value] = zip(parameters, arguments).map { type, value in
                type == .i32 ? .i32(UInt32(truncatingIfNeeded: value)) : .i64(value)
            }
            do {
                let results = try function(values)
                switch results.first {
                case .i32(let value): return .value(UInt64(value))
                case .i64(let value): return .value(value)
                case nil: return .value(nil)
                default: return .trap("unexpected result \(results)")
                }
            } catch let trap as Trap {
                return .trap(Self.kind(of: trap.description))
            } catch {
                return .trap("error \(error)")
            }
        }

        /// WasmKit's trap text mapped to the specification's name we use.
        static func kind(of text: String) -> String {
            let ordered: [WasmTrap] = [
                .indirectCallTypeMismatch, .uninitializedElement, .undefinedElement, .integerDivideByZero, .integerOverflow,
                .outOfBoundsMemoryAccess, .callStackExhausted, .unreachable,
            ]
            return ordered.first { text.contains($0.rawValue) }?.rawValue ?? text
        }
    }

    static func wasm(_ wat: String) throws -> [UInt8] { try wat2wasm(wat) }
}

/// A small deterministic generator (SplitMix64) so that generated tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
