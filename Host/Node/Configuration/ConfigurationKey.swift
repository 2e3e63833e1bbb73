import Foundation

/// One setting of `sprout serve`, the same in the config file (a dotted path such as
/// `api.adminToken`), in the environment (`SPROUT_API_ADMIN_TOKEN`) and on the command line.
/// The table in ``ConfigurationKey/all`` is the single place settings are defined: the loader,
/// `sprout config reference` and the operator guide's reference all come from it.
public struct ConfigurationKey: Sendable {
    public let path: String
    public let help: String
    /// The value when nothing sets it, as written in a config file.
    public let defaultValue: String
    public let environmentName: String
    let apply: @Sendable (inout SproutNodeService.Configuration, String) throws(ConfigurationError) -> Void

    init(
        _ path: String, _ help: String, default defaultValue: String, environment: String? = nil,
        apply: @escaping @Sendable (inout SproutNodeService.Configuration, String) throws(ConfigurationError) -> Void
    ) {
        self.path = path
        self.help = help
        self.defaultValue = defaultValue
        self.environmentName = environment ?? Self.environmentName(for: path)
        self.apply = apply
    }

    /// `api.adminToken` → `SPROUT_API_ADMIN_TOKEN`.
    static func environmentName(for path: String) -> String {
        var name = "SPROUT_"
        for character in path {
            if character == "." {
                name += "_"
            } else if character.isUppercase {
                name += "_" + String(character)
            } else {
                name += character.uppercased()
            }
        }
        return name
    }

    public static func named(_ path: String) -> ConfigurationKey? { all.first { $0.path == path } }

    // MARK: - Parsers shared by the table

    static func integer(_ path: String, _ text: String, minimum: Int = 0) throws(ConfigurationError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= minimum else {
            throw ConfigurationError("\(path) must be a whole number ≥ \(minimum), not \"\(text)\"")
        }
        return value
    }

    static func number(_ path: String, _ text: String) throws(ConfigurationError) -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value >= 0, value.isFinite else {
            throw ConfigurationError("\(path) must be a number ≥ 0, not \"\(text)\"")
        }
        return value
    }

    static func seconds(_ path: String, _ text: String) throws(ConfigurationError) -> Duration {
        .milliseconds(Int((try number(path, text) * 1000).rounded()))
    }

    static func flag(_ path: String, _ text: String) throws(ConfigurationError) -> Bool {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw ConfigurationError("\(path) must be true or false, not \"\(text)\"")
        }
    }
}

/// A setting that cannot be used, with the reason and where it came from.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
