import SproutPluginKit
@_spi(Fuzzing) import WasmKit

/// A W3bstream applet, parsed and checked once, run with a fresh instance per task.
///
/// The contract is sprout v0.8's wasm runtime (w3bstream-vm `wasm-server`): the task's data
/// become one compact JSON array of strings stored under a resource id `rid`; the host calls
/// the export `start(rid)` (never `_start`); the guest fetches the payload with
/// `ws_get_data`, which places it in a buffer from the guest's own `alloc`; the result is the
/// i32 that `start` returns, as 4 little-endian bytes. A non-zero return is not an error.
final class AppletProgram: EngineProgram {
    let module: Module
    let limits: AppletLimits
    let identity: [UInt8]
    private let host: PluginHost
    private let engine: Engine

    init(wasm: [UInt8], limits: AppletLimits, host: PluginHost) throws(EngineError) {
        self.limits = limits
        self.host = host
        self.identity = AppletDigest.sha256(wasm)
        self.engine = Engine(configuration: EngineConfiguration(fuelMetering: true))
        do {
            module = try parseWasm(bytes: wasm)
        } catch {
            throw EngineError(.invalidProgram, "not a valid WebAssembly module: \(error)")
        }
        try AppletInterface.check(module)
        try validateBodies(wasm)
    }

    /// Compiles every function once so that a malformed body is refused now, not mid-task.
    private func validateBodies(_ wasm: [UInt8]) throws(EngineError) {
        let eager = Engine(configuration: EngineConfiguration(compilationMode: .eager, fuelMetering: true))
        let store = Store(engine: eager)
        store.fuel = Fuel(remaining: limits.fuel)
        let run = AppletRun(payload: "[]", rid: 0, host: host)
        do {
            _ = try module.instantiate(store: store, imports: run.imports(store: store))
        } catch {
            throw EngineError(.invalidProgram, "the applet does not validate: \(error)")
        }
    }

    func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        guard !inputs.isEmpty else { throw EngineError(.invalidInput, "need datas: a wasm task carries at least one message") }
        try call.checkCancelled()
        let rid = Int32.random(in: 0..<Int32.max)
        let run = AppletRun(payload: AppletPayload.jsonArray(of: inputs), rid: rid, host: host)
        let store = Store(engine: engine)
        store.fuel = Fuel(remaining: limits.fuel)
        store.resourceLimiter = MemoryCap(bytes: limits.memoryBytes)
        let result: [Value]
        do {
            let instance = try module.instantiate(store: store, imports: run.imports(store: store))
            guard let start = instance.exports[function: "start"] else {
                throw EngineError(.invalidProgram, "the applet exports no function \"start\"")
            }
            call.progress("execute", 0)
            result = try start([.i32(UInt32(bitPattern: rid))])
        } catch let error as EngineError {
            throw error
        } catch {
            throw AppletFailure.classify(error, limits: limits)
        }
        call.progress("execute", 1)
        guard result.count == 1, case .i32(let code) = result[0] else {
            throw EngineError(.executionFailed, "start returned \(result) instead of one i32")
        }
        return withUnsafeBytes(of: code.littleEndian) { Array($0) }
    }
}
