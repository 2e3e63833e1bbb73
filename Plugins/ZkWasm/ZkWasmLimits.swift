/// Bounds on a zkwasm program and its runs, so that a looping, deep or greedy module fails cleanly.
///
/// A project may change them in its codeExpParam, a JSON object such as
/// `{"maxInstructions": 1000000, "maxMemoryPages": 64, "segmentLimitPo2": 16}`; "" means the defaults.
public struct ZkWasmLimits: Sendable, Equatable {
    /// Executed instructions per task (including the start function); at most 2^32 − 1 so that
    /// trace step numbers fit in 32 bits.
    public var maxInstructions: UInt64
    /// Linear memory pages (64 KiB) a module may have or grow to; at most
    /// ``provableMemoryPages`` take effect (see ``memoryLimit(of:)``).
    public var maxMemoryPages: UInt32
    /// Nested calls before "call stack exhausted".
    public var maxCallDepth: Int
    /// Value stack slots (locals and operands of every active frame).
    public var maxStackSlots: Int
    /// Function table entries.
    public var maxTableSize: UInt32
    /// Declared locals per function.
    public var maxLocals: Int
    /// A proof covers the run in segments of at most `2^segmentLimitPo2 − 1` CPU rows (one per
    /// instruction, plus one per local a call zeroes), proved one after the other, so proving
    /// memory stays bounded however long the run (``ZkWasmProver``). 4…24; the default 18 keeps
    /// proving memory near 2.7 GB (a 2²⁰-instruction run: 5 segments, 2.7 GB peak; with 19,
    /// 3 segments and 5 GB, half the receipt and verify time), and runs below 2¹⁸ rows are one
    /// segment.
    public var segmentLimitPo2: Int

    public static let `default` = ZkWasmLimits(
        maxInstructions: 1 << 28, maxMemoryPages: provableMemoryPages, maxCallDepth: 4096, maxStackSlots: 1 << 20, maxTableSize: 1 << 16,
        maxLocals: 50_000, segmentLimitPo2: 18)

    /// The most pages the proof covers: 1 MiB of linear memory. The interpreter uses the same cap,
    /// so a run and its proof agree on every `memory.grow` (the proof's page count stays at most
    /// 16, which keeps `pages·65536` far below the field modulus; see ``ZkWasmMemoryAccessAIR``).
    public static let provableMemoryPages: UInt32 = 16

    /// The page count `memory.grow` may reach in `module`: the smallest of the module's declared
    /// maximum, ``maxMemoryPages`` and ``provableMemoryPages``. The interpreter and the proof
    /// both use it.
    public func memoryLimit(of module: WasmModule) -> Int {
        Int(min(module.memoryMaximumPages ?? UInt32.max, maxMemoryPages, Self.provableMemoryPages))
    }

    public init(
        maxInstructions: UInt64, maxMemoryPages: UInt32, maxCallDepth: Int, maxStackSlots: Int, maxTableSize: UInt32,
        maxLocals: Int, segmentLimitPo2: Int = 18
    ) {
        self.maxInstructions = maxInstructions
        self.maxMemoryPages = maxMemoryPages
        self.maxCallDepth = maxCallDepth
        self.maxStackSlots = maxStackSlots
        self.maxTableSize = maxTableSize
        self.maxLocals = maxLocals
        self.segmentLimitPo2 = segmentLimitPo2
    }

    /// Reads limits from a project's codeExpParam.
    public init(expParam: String) throws(EngineErrorMessage) {
        self = .default
        let text = expParam.filter { !$0.isWhitespace }
        guard !text.isEmpty else { return }
        let value: JSONValue
        do { value = try JSONValue.parse(Array(expParam.utf8)) } catch { throw EngineErrorMessage("codeExpParam of a zkwasm project must be a JSON object such as {\"maxInstructions\":1000000}: \(error.reason)") }
        guard case .object(let members) = value else {
            throw EngineErrorMessage("codeExpParam of a zkwasm project must be a JSON object such as {\"maxInstructions\":1000000}")
        }
        for (key, member) in members {
            guard case .number(let digits) = member, let number = UInt64(digits), number > 0 else {
                throw EngineErrorMessage("codeExpParam \"\(key)\" must be a positive integer")
            }
            switch key {
            case "maxInstructions":
                guard number <= UInt64(UInt32.max) else { throw EngineErrorMessage("codeExpParam maxInstructions must be at most \(UInt32.max)") }
                maxInstructions = number
            case "maxMemoryPages":
                guard number <= UInt64(Self.provableMemoryPages) else {
                    throw EngineErrorMessage("codeExpParam maxMemoryPages must be at most \(Self.provableMemoryPages), the pages a zkwasm proof covers")
                }
                maxMemoryPages = UInt32(number)
            case "maxCallDepth":
                guard number <= 1 << 20 else { throw EngineErrorMessage("codeExpParam maxCallDepth must be at most 1048576") }
                maxCallDepth = Int(number)
            case "segmentLimitPo2":
                guard (4...24).contains(number) else { throw EngineErrorMessage("codeExpParam segmentLimitPo2 must be between 4 and 24") }
                segmentLimitPo2 = Int(number)
            default:
                throw EngineErrorMessage(
                    "unknown codeExpParam key \"\(key)\" for a zkwasm project; known keys: maxInstructions, maxMemoryPages, maxCallDepth, segmentLimitPo2")
            }
        }
    }
}

/// A plain message error for configuration and input problems.
public struct EngineErrorMessage: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
