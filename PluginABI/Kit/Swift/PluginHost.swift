import SproutPluginABI

/// The host's services as an engine sees them.
public struct PluginHost: Sendable {
    public enum LogLevel: Int32, Sendable {
        case trace = 0, debug, info, warning, error
    }

    let table: HostTable?

    /// Writes a log line attributed to this plugin.
    public func log(_ level: LogLevel, _ message: String) {
        table?.log(level.rawValue, message)
    }

    /// A host without services, for engines used directly as a library (tests, benchmarks).
    public static let detached = PluginHost(table: nil)
}

/// The pointer to the host's services table, valid until the plugin shuts down (ABI §1).
struct HostTable: @unchecked Sendable {
    // Safety: the host keeps the table alive and unchanged until shutdown returns, and its
    // functions are [any-thread], so sharing the pointer across threads is sound.
    let pointer: UnsafePointer<sprout_host_t>

    func log(_ level: Int32, _ message: String) {
        guard let log = pointer.pointee.log else { return }
        var text = message
        text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { log(pointer.pointee.host_data, level, $0.baseAddress, $0.count) }
        }
    }
}
