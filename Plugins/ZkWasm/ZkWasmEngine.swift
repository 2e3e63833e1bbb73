import SproutPluginKit

/// The `zkwasm` engine: runs zkWasm programs (sprout project 10002) on Sprout's own tracing
/// WebAssembly interpreter, and proves runs with the core STARK (see ``ZkWasmProver``).
public struct ZkWasmEngine: SproutEngine {
    public static let descriptor = EngineDescriptor(
        name: "sprout-zkwasm",
        version: "0.1.0",
        description: "zkWasm programs (zkmain; env.wasm_input/require/wasm_output/wasm_dbg) on a tracing integer wasm interpreter",
        vmTypes: ["zkwasm"],
        programFormats: ["wasm-zkmain"],
        capabilities: [.execute, .prove, .verify]
    )

    private let host: PluginHost

    public init(host: PluginHost) {
        self.host = host
    }

    /// `code` is the wasm binary; `expParam` may set limits (see ``ZkWasmLimits``).
    public func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        let limits: ZkWasmLimits
        do { limits = try ZkWasmLimits(expParam: expParam) } catch { throw EngineError(.invalidProgram, error.message) }
        return try ZkWasmProgram(wasm: code, limits: limits, host: host)
    }
}

