// docs/plugin-authors.md quotes this file verbatim (Tests/E2E/test_docs.py checks the quote
// and runs the built plugin).
import SproutPluginKit

public struct EchoEngine: SproutEngine {
    public static let descriptor = EngineDescriptor(
        name: "echo", version: "1.0.0", description: "returns its input",
        vmTypes: ["echo"], programFormats: ["any"], capabilities: [.execute, .threadSafe])
    public init(host: PluginHost) {}
    public func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        EchoProgram(identity: code)
    }
}

struct EchoProgram: EngineProgram {
    let identity: [UInt8]
    func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        guard let first = inputs.first else { throw EngineError(.invalidInput, "send at least one message") }
        return first
    }
}

@_cdecl("sprout_kit_register")
public func sproutKitRegister() { SproutPluginKit.register(EchoEngine.self) }
