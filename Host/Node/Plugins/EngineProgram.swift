/// A program created by an engine, ready to run many times. Native and isolated engines both
/// hand these out; the host does not care where the engine runs.
public protocol EngineProgram: AnyObject, Sendable {
    /// The bytes a receipt is bound to (image ID, module commitment, verifying-key digest).
    func identity() throws(EngineCallError) -> [UInt8]
    func execute(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8]
    func prove(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8]
    func verify(receipt: [UInt8], control: CallControl) throws(EngineCallError) -> [UInt8]
}

/// A loaded engine plugin, in this process or in a worker.
public protocol EngineBackend: AnyObject, Sendable {
    var info: PluginInfo { get }
    func createProgram(code: [UInt8], expParam: String) throws(EngineCallError) -> any EngineProgram
}
