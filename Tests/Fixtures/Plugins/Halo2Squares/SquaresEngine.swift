import SproutCoreBN254
import SproutHalo2
import SproutHalo2Engine
import SproutPluginKit

/// A circuit author's plugin: links SproutHalo2 and the engine library, adds one circuit under
/// its own vmType. Data `{"x": …}`; public `[x, x^32]`. Uses the insecure development SRS.
struct SquaresEngine: SproutEngine {
    static let descriptor = EngineDescriptor(
        name: "fixture-halo2-squares",
        version: "0.1.0",
        description: "test fixture: a third-party halo2 circuit plugin",
        vmTypes: ["halo2-squares"],
        programFormats: ["none"],
        capabilities: [.execute, .prove, .verify]
    )

    init(host: PluginHost) {}

    func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        try NativeCircuitProgram(name: "squares", template: SquaresCircuit(x: .zero), k: 4, params: CircuitSpec.developmentParams(k: 4)) {
            inputs throws(EngineError) in
            let c = SquaresCircuit(x: Fr(integer: try TaskData(inputs).u64("x")))
            return (c, [[c.x, c.output]])
        }
    }
}

@_cdecl("sprout_kit_register")
public func sproutKitRegister() {
    SproutPluginKit.register(SquaresEngine.self)
}
