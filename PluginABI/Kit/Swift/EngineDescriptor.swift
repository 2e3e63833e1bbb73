/// The static description of an engine, published through the ABI descriptor.
public struct EngineDescriptor: Sendable {
    public var name: String
    /// Semantic version of the plugin, e.g. "1.2.0".
    public var version: String
    public var description: String
    public var vmTypes: [String]
    public var programFormats: [String]
    public var capabilities: EngineCapabilities

    public init(
        name: String, version: String, description: String, vmTypes: [String],
        programFormats: [String], capabilities: EngineCapabilities
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.vmTypes = vmTypes
        self.programFormats = programFormats
        self.capabilities = capabilities
    }
}

/// The capability bits of the ABI (`sprout_capability_t`).
public struct EngineCapabilities: OptionSet, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let execute = EngineCapabilities(rawValue: 1 << 0)
    public static let prove = EngineCapabilities(rawValue: 1 << 1)
    public static let verify = EngineCapabilities(rawValue: 1 << 2)
    /// Never set by a Swift engine: the Swift runtime cannot be unloaded safely.
    public static let unloadable = EngineCapabilities(rawValue: 1 << 3)
    public static let threadSafe = EngineCapabilities(rawValue: 1 << 4)
}
