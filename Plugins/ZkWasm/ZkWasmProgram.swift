import SproutPluginKit

/// What one finished run of a zkwasm program produced.
public struct ZkWasmRun: Sendable, Equatable {
    /// Values `wasm_input(1)` read, in order: the public instances.
    public var publicInputs: [UInt64]
    /// Values of `wasm_output`, in order.
    public var outputs: [UInt64]
    /// Values of `wasm_dbg`, in order (execution only; never part of a proof).
    public var debugValues: [UInt64]
    /// Executed wasm instructions, the start function's included.
    public var instructions: UInt64
}

/// A zkWasm module, parsed, validated and committed, ready to run many times.
///
/// The module must export `zkmain: () -> ()`; its imports must be zkWasm host functions
/// (`env.wasm_input`, `env.require`, `env.wasm_output`, `env.wasm_dbg`). A start function, if
/// any, runs before `zkmain`.
public struct ZkWasmProgram: EngineProgram {
    public let module: WasmModule
    public let limits: ZkWasmLimits
    /// Function index of `zkmain`.
    public let entry: Int
    /// See ``ZkWasmImageCommitment``.
    public let imageCommitment: [UInt8]
    let host: PluginHost
    /// STARK keys of recent statements (see ``ZkWasmKeyCache``).
    let keyCache = ZkWasmKeyCache()

    public var identity: [UInt8] { imageCommitment }

    public init(wasm: [UInt8], limits: ZkWasmLimits = .default, host: PluginHost = .detached) throws(EngineError) {
        let module: WasmModule
        do { module = try WasmModuleParser.parse(wasm, limits: limits) } catch {
            throw EngineError(error.kind == .unsupported ? .unsupported : .invalidProgram, error.description)
        }
        guard let entry = module.exports["zkmain"] else {
            throw EngineError(.invalidProgram, "the wasm module does not export a function zkmain, which the zkwasm engine calls")
        }
        let type = module.types[module.functions[entry].typeIndex]
        guard type == WasmFunctionType(parameters: [], results: []), module.functions[entry].host == nil else {
            throw EngineError(.invalidProgram, "zkmain must be a function of type () -> () defined by the module, it has type \(type)")
        }
        // The proof's instruction table holds operands below 2³⁰ (no module of a sane size needs more).
        if let pc = module.code.firstIndex(where: { $0.a >= 1 << 30 || $0.b >= 1 << 30 }) {
            throw EngineError(.unsupported, "\(module.describe(pc: pc)) has an operand of 2^30 or more, which the zkwasm proof cannot hold")
        }
        self.module = module
        self.limits = limits
        self.entry = entry
        self.host = host
        imageCommitment = ZkWasmImageCommitment.commit(module)
    }

    /// Runs the start function and `zkmain` on `inputs`, recording into `recorder`; `wasm_dbg`
    /// values go to the host log. `call` is polled for cancellation every 2^20 instructions.
    public func run<Recorder: WasmTraceRecorder>(_ inputs: ZkWasmInputs, recorder: inout Recorder, call: CallContext = .none)
        throws(ZkWasmFailure) -> ZkWasmRun
    {
        var debugValues: [UInt64] = []
        defer { printDebug(debugValues) }
        return try quietRun(inputs, recorder: &recorder, call: call, debugValues: &debugValues)
    }

    func quietRun<Recorder: WasmTraceRecorder>(
        _ inputs: ZkWasmInputs, recorder: inout Recorder, call: CallContext, debugValues: inout [UInt64]
    ) throws(ZkWasmFailure) -> ZkWasmRun {
        var machine = try WasmMachine(module: module, limits: limits, publicInputs: inputs.publicInputs, privateInputs: inputs.privateInputs)
        machine.shouldCancel = { call.isCancelled }
        defer { debugValues = machine.debugValues }
        if let start = module.start { try machine.invoke(start, recorder: &recorder) }
        try machine.invoke(entry, recorder: &recorder)
        return ZkWasmRun(
            publicInputs: machine.publicInstances, outputs: machine.outputs, debugValues: machine.debugValues, instructions: machine.steps)
    }

    /// Runs and records the full execution trace (for tests and tools: ``prove(inputs:call:)``
    /// streams the run into ``ZkWasmSegmentProver`` instead, one segment at a time).
    ///
    /// Runs twice: an untraced pass (about ten times faster) counts the instructions, so that the
    /// traced pass writes into columns reserved at their final size instead of regrowing them.
    public func trace(_ inputs: ZkWasmInputs, call: CallContext = .none) throws(ZkWasmFailure) -> (run: ZkWasmRun, trace: WasmExecutionTrace) {
        var counter = WasmNoTrace()
        var ignored: [UInt64] = []
        let counted = try quietRun(inputs, recorder: &counter, call: call, debugValues: &ignored)
        var trace = WasmExecutionTrace(reservingSteps: Int(counted.instructions))
        trace.initialGlobals = module.globals.map(\.initialValue)
        trace.initialMemoryPages = module.memoryMinimumPages ?? 0
        let run = try run(inputs, recorder: &trace, call: call)
        return (run, trace)
    }

    private func printDebug(_ values: [UInt64]) {
        for value in values { host.log(.info, "wasm_dbg: \(value)") }
    }

    /// Executes without a trace. The result is UTF-8 JSON:
    /// `{"engine":"sprout-zkwasm","imageCommitment":"<64 hex digits>","publicInputs":[…],
    /// "outputs":[…],"debug":[…],"instructions":N}` where the lists hold u64 values as exact JSON
    /// integers: the public instances read by `wasm_input(1)`, the `wasm_output` values and the
    /// `wasm_dbg` values.
    public func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        let parsed: ZkWasmInputs
        do { parsed = try ZkWasmInputs(messages: inputs) } catch { throw EngineError(.invalidInput, error.message) }
        var recorder = WasmNoTrace()
        let result: ZkWasmRun
        do { result = try run(parsed, recorder: &recorder, call: call) } catch {
            if case .instructionLimit = error { throw EngineError(.resourceLimit, error.description) }
            if case .cancelled = error { throw EngineError(.cancelled, error.description) }
            throw EngineError(.executionFailed, error.description)
        }
        return Array(Self.json(result, commitment: imageCommitment).utf8)
    }

    static func json(_ run: ZkWasmRun, commitment: [UInt8]) -> String {
        func list(_ values: [UInt64]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        let hex = commitment.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return "{\"engine\":\"sprout-zkwasm\",\"imageCommitment\":\"\(hex)\",\"publicInputs\":\(list(run.publicInputs)),"
            + "\"outputs\":\(list(run.outputs)),\"debug\":\(list(run.debugValues)),\"instructions\":\(run.instructions)}"
    }
}
