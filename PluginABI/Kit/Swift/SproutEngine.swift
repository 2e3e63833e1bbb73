/// A zero-knowledge (or plain) execution engine written in Swift.
///
/// An engine module implements this protocol and registers it once:
///
/// ```swift
/// @_cdecl("sprout_kit_register")
/// public func sproutKitRegister() { SproutPluginKit.register(MyEngine.self) }
/// ```
///
/// SproutPluginKit then exports `sprout_plugin_entry` and turns every C call of the ABI into a
/// call of this protocol; the engine never touches a pointer.
public protocol SproutEngine: Sendable {
    /// What the engine is: name, version, vmTypes, formats, capabilities.
    static var descriptor: EngineDescriptor { get }

    /// Creates the engine once, when the host loads the plugin.
    init(host: PluginHost)

    /// Parses and checks a program: `code` is the raw artifact, `expParam` the project's
    /// codeExpParam ("" when absent).
    func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram
}

/// A program an engine has parsed and checked, ready to run many times.
public protocol EngineProgram: Sendable {
    /// The bytes a receipt is bound to: image ID, module commitment, verifying-key digest.
    var identity: [UInt8] { get }

    /// Runs the program over a task's message data without a proof.
    func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8]

    /// Runs the program and proves the run; returns the engine's receipt bytes.
    func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8]

    /// Checks a receipt against this program; returns the public output it commits to.
    func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8]
}

extension EngineProgram {
    public func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        throw EngineError(.unsupported, "this engine executes programs but does not prove them; use execute")
    }

    public func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        throw EngineError(.unsupported, "this engine makes no receipts, so there is nothing to verify")
    }
}
