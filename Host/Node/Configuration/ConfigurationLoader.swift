import Foundation
import Yams

/// Builds the node's configuration from, in rising precedence: the defaults, a YAML config
/// file (JSON is YAML too), `SPROUT_*` environment variables, and command-line flags.
public enum ConfigurationLoader {
    public static func load(
        file: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, flags: [(path: String, value: String)] = []
    ) throws(ConfigurationError) -> SproutNodeService.Configuration {
        var configuration = SproutNodeService.Configuration()
        if let file {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw ConfigurationError("cannot read the config file \(file.path): \(error.localizedDescription)")
            }
            for (path, value) in try settings(inYAML: text, origin: file.path) {
                try set(path, value, in: &configuration, origin: file.path)
            }
        }
        for key in ConfigurationKey.all {
            if let value = environment[key.environmentName] { try set(key.path, value, in: &configuration, origin: "$\(key.environmentName)") }
        }
        for (path, value) in flags { try set(path, value, in: &configuration, origin: "the command line") }
        return configuration
    }

    private static func set(_ path: String, _ value: String, in configuration: inout SproutNodeService.Configuration, origin: String) throws(ConfigurationError) {
        guard let key = ConfigurationKey.named(path) else {
            let known = ConfigurationKey.all.map(\.path).joined(separator: ", ")
            throw ConfigurationError("\(origin): unknown setting \"\(path)\"; the settings are: \(known)")
        }
        do {
            try key.apply(&configuration, value)
        } catch {
            throw ConfigurationError("\(origin): \(error.description)")
        }
    }

    /// The file's settings as dotted paths and their text. Lists (only `projects.remote` takes
    /// one) are joined with commas; their items are `ID=URL…` strings or maps with
    /// `projectID`, `uri` and `sha256`.
    static func settings(inYAML text: String, origin: String) throws(ConfigurationError) -> [(String, String)] {
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw ConfigurationError("\(origin) is not valid YAML: \(error)")
        }
        guard let document else { return [] }
        guard let root = mapping(document) else { throw ConfigurationError("\(origin) must hold a mapping of settings at its top level") }
        var found: [(String, String)] = []
        try flatten(root, prefix: "", into: &found, origin: origin)
        return found
    }

    private static func flatten(_ node: [String: Any], prefix: String, into found: inout [(String, String)], origin: String) throws(ConfigurationError) {
        for (name, value) in node.sorted(by: { $0.key < $1.key }) {
            let path = prefix + name
            if let nested = mapping(value) {
                try flatten(nested, prefix: path + ".", into: &found, origin: origin)
                continue
            }
            switch value {
            case let list as [Any]: found.append((path, try list.map { item throws(ConfigurationError) in try listItem(item, path: path, origin: origin) }.joined(separator: ",")))
            case is NSNull: continue
            default: found.append((path, "\(value)"))
            }
        }
    }

    private static func listItem(_ item: Any, path: String, origin: String) throws(ConfigurationError) -> String {
        if let map = mapping(item) {
            guard let id = map["projectID"], let uri = map["uri"] else {
                throw ConfigurationError("\(origin): each item of \(path) needs projectID and uri (and optionally sha256)")
            }
            return "\(id)=\(uri)" + (map["sha256"].map { "#sha256=\($0)" } ?? "")
        }
        return "\(item)"
    }

    /// A YAML mapping with its keys as text (Yams keys mappings by `AnyHashable`).
    private static func mapping(_ node: Any) -> [String: Any]? {
        if let map = node as? [String: Any] { return map }
        guard let map = node as? [AnyHashable: Any] else { return nil }
        return Dictionary(map.map { ("\($0.key.base)", $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The reference table of every setting, as the operator guide shows it.
    public static var referenceMarkdown: String {
        var lines = ["| Setting | Environment | Default | Meaning |", "|---|---|---|---|"]
        for key in ConfigurationKey.all {
            let fallback = key.defaultValue.isEmpty ? "(none)" : "`\(key.defaultValue)`"
            lines.append("| `\(key.path)` | `\(key.environmentName)` | \(fallback) | \(key.help) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
