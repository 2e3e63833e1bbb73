/// Why a plugin file could not be loaded. Each message names the file's problem and what to do.
public enum PluginLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notSharedLibrary(path: String)
    case wrongArchitecture(path: String, found: String, expected: String)
    case dlopenFailed(path: String, reason: String)
    case missingEntry(path: String)
    case abiMismatch(path: String, plugin: String, host: String)
    case refused(path: String, status: String, reason: String)
    case badDescriptor(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .notSharedLibrary(let path):
            "\(path) is not a shared library (no ELF header); plugins.d holds only engine .so files built against sprout_plugin.h"
        case .wrongArchitecture(let path, let found, let expected):
            "\(path) is built for \(found), but this node runs on \(expected); rebuild the plugin for \(expected)"
        case .dlopenFailed(let path, let reason):
            "dlopen refused \(path): \(reason)"
        case .missingEntry(let path):
            "\(path) exports no sprout_plugin_entry; it is not a Sprout engine plugin (see PluginABI/include/sprout_plugin.h)"
        case .abiMismatch(let path, let plugin, let host):
            "\(path) speaks plugin ABI \(plugin) but this node speaks ABI \(host); use a plugin built for ABI \(host.split(separator: ".").first ?? "")"
        case .refused(let path, let status, let reason):
            "\(path) refused to load (\(status)): \(reason)"
        case .badDescriptor(let path, let reason):
            "\(path) has an invalid descriptor: \(reason)"
        }
    }
}

/// A failed engine call: the ABI status and the plugin's message.
public struct EngineCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: PluginStatus
    public var message: String

    public init(_ status: PluginStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.name): \(message)" }
}
