import SproutPluginABI

/// A `sprout_status_t` as the host sees it.
public struct PluginStatus: RawRepresentable, Sendable, Hashable, Codable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = PluginStatus(rawValue: 0)
    public static let abiMismatch = PluginStatus(rawValue: 1)
    public static let invalidArgument = PluginStatus(rawValue: 2)
    public static let invalidProgram = PluginStatus(rawValue: 3)
    public static let invalidInput = PluginStatus(rawValue: 4)
    public static let executionFailed = PluginStatus(rawValue: 5)
    public static let resourceLimit = PluginStatus(rawValue: 6)
    public static let cancelled = PluginStatus(rawValue: 7)
    public static let verificationFailed = PluginStatus(rawValue: 8)
    public static let unsupported = PluginStatus(rawValue: 9)
    public static let `internal` = PluginStatus(rawValue: 10)
    /// Host-side only: the isolated worker crashed or passed its deadline during the call.
    public static let workerFailed = PluginStatus(rawValue: 100)

    /// The ABI's short name, e.g. "execution-failed".
    public var name: String {
        self == .workerFailed ? "worker-failed" : String(cString: sprout_status_name(rawValue))
    }
}
