import Foundation

/// A project whose file lives at a URL: http(s), or `ipfs://CID` read through a gateway.
/// Configs that come from outside must pass the same checks sprout applied to contract/IPFS
/// configs (non-empty code, vmType and version), and the optional SHA-256 of the file.
public struct RemoteProject: Sendable, Codable, Equatable {
    public var projectID: UInt64
    public var uri: String
    /// Lowercase hex SHA-256 of the file's bytes; a file that does not match is not loaded.
    public var sha256: String?

    public init(projectID: UInt64, uri: String, sha256: String? = nil) {
        self.projectID = projectID
        self.uri = uri
        self.sha256 = sha256?.lowercased()
    }

    /// `ID=URI` or `ID=URI#sha256=HEX`, as `sprout serve --project-url` takes it.
    public init(argument: String) throws(ProjectFile.LoadError) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let projectID = UInt64(parts[0]), !parts[1].isEmpty else {
            throw ProjectFile.LoadError(path: argument, reason: "expected ID=URL or ID=URL#sha256=HEX, e.g. 20000=https://example.org/20000.json")
        }
        let location = parts[1].components(separatedBy: "#sha256=")
        self.init(projectID: projectID, uri: location[0], sha256: location.count > 1 ? location[1] : nil)
    }

    /// The URL to GET: `ipfs://CID[/path]` becomes `<gateway>/ipfs/CID[/path]`.
    public func locator(gateway: String) throws(ProjectFile.LoadError) -> URL {
        if uri.hasPrefix("ipfs://") {
            let path = uri.dropFirst("ipfs://".count)
            guard !path.isEmpty, let url = URL(string: gateway.trimmingSuffix("/") + "/ipfs/" + path) else {
                throw ProjectFile.LoadError(path: uri, reason: "not an ipfs://CID address, or the IPFS gateway \(gateway) is not a URL")
            }
            return url
        }
        guard let url = URL(string: uri), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw ProjectFile.LoadError(path: uri, reason: "a project URL must be http://, https:// or ipfs://")
        }
        return url
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
