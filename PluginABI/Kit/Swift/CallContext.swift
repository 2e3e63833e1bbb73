import SproutPluginABI

/// Progress and cancellation for one execute/prove/verify call.
public struct CallContext: @unchecked Sendable {
    // Safety: the call table is valid for the duration of the call this context is handed to,
    // and an engine only uses the context inside that call.
    let call: UnsafePointer<sprout_call_t>?

    /// A context that never cancels and drops progress, for engines used as a library.
    public static let none = CallContext(call: nil)

    /// Reports that `fraction` (0...1) of the call is done, currently in `phase`.
    public func progress(_ phase: String, _ fraction: Double) {
        guard let call, let report = call.pointee.progress else { return }
        var text = phase
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                report(call.pointee.call_data, $0.baseAddress, $0.count, fraction)
            }
        }
    }

    /// Whether the host wants the call abandoned.
    public var isCancelled: Bool {
        guard let call, let check = call.pointee.is_cancelled else { return false }
        return check(call.pointee.call_data) != 0
    }

    /// Throws `.cancelled` once the host wants the call abandoned.
    public func checkCancelled() throws(EngineError) {
        if isCancelled { throw EngineError(.cancelled, "the call was cancelled by the host") }
    }
}
