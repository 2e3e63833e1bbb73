/// What a loaded plugin said about itself in its descriptor.
public struct PluginInfo: Sendable, Hashable, Codable {
    public var name: String
    public var version: SemanticVersion
    public var description: String
    public var vmTypes: [String]
    public var programFormats: [String]
    public var capabilities: PluginCapabilities
    /// The ABI version the plugin was built against.
    public var abiMajor: UInt32
    public var abiMinor: UInt32

    public var abi: String { "\(abiMajor).\(abiMinor)" }
}

/// The capability bits of the ABI descriptor.
public struct PluginCapabilities: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let execute = PluginCapabilities(rawValue: 1 << 0)
    public static let prove = PluginCapabilities(rawValue: 1 << 1)
    public static let verify = PluginCapabilities(rawValue: 1 << 2)
    public static let unloadable = PluginCapabilities(rawValue: 1 << 3)
    public static let threadSafe = PluginCapabilities(rawValue: 1 << 4)

    private static let names: [(PluginCapabilities, String)] = [
        (.execute, "execute"), (.prove, "prove"), (.verify, "verify"), (.unloadable, "unloadable"), (.threadSafe, "thread-safe"),
    ]

    public var description: String {
        Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}

extension SemanticVersion: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a semantic version"))
        }
        self = version
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
