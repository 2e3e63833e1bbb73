import SproutHalo2
import SproutPluginKit

/// The `halo2` engine. A project's code is either
/// - a JSON circuit selection such as `{"circuit":"simple","k":4}` (see ``CircuitSpec``):
///   native PLONKish circuits proven and verified in Swift (KZG on BN254, Keccak transcript); or
/// - a ``CircuitDescription`` (it starts with `"SH2C"`): the keys of a circuit as data, filled
///   by the witness generator it names;
/// - a wasm-pack module exporting `prove` (sprout's halo2 projects, e.g. 10001), run in WasmKit
///   with the wasm-bindgen imports it needs (see ``SproutModuleProgram``).
public struct Halo2Engine: SproutEngine {
    public static let descriptor = EngineDescriptor(
        name: "sprout-halo2",
        version: "0.1.0",
        description: "PLONKish circuits (halo2-style, KZG/GWC on BN254, EVM Keccak transcript) and sprout's wasm-pack halo2 modules",
        vmTypes: ["halo2"],
        programFormats: ["halo2-circuit-json", "halo2-circuit-description", "wasm-bindgen-prove"],
        capabilities: [.execute, .prove, .verify]
    )

    private let host: PluginHost

    public init(host: PluginHost) {
        self.host = host
    }

    public func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        if code.starts(with: [0x00, 0x61, 0x73, 0x6d]) {
            return try SproutModuleProgram(wasm: code, host: host)
        }
        if code.starts(with: CircuitDescription.magic) {
            return try NativeCircuitProgram(description: code)
        }
        return try NativeCircuitProgram(spec: CircuitSpec(json: code))
    }
}
