import SproutPluginKit

/// The `wasm` engine: runs W3bstream applets (sprout project 10003) on WasmKit, without proofs.
public struct WasmAppletEngine: SproutEngine {
    public static let descriptor = EngineDescriptor(
        name: "sprout-wasm",
        version: "1.0.0",
        description: "W3bstream applets (start/alloc/ws_get_data/ws_log, WASI preview1 subset) on WasmKit",
        vmTypes: ["wasm"],
        programFormats: ["wasm-applet"],
        capabilities: [.execute, .threadSafe]
    )

    private let host: PluginHost

    public init(host: PluginHost) {
        self.host = host
    }

    public func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        try AppletProgram(wasm: code, limits: AppletLimits(expParam: expParam), host: host)
    }
}

