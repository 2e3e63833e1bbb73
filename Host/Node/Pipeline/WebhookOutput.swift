import Foundation

/// A project's `webhook` output section (our addition to sprout's outputs).
public struct WebhookOutput: Sendable, Codable, Equatable {
    /// An http or https URL that receives one POST per task.
    public var url: String
    /// Extra request headers, e.g. an `Authorization` the receiver expects.
    public var headers: [String: String]?

    public init(url: String, headers: [String: String]? = nil) {
        self.url = url
        self.headers = headers
    }

    /// The URL must name a host over http(s): a typo fails the project's load, not its first task.
    func validated() throws -> WebhookOutput {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false else {
            throw OutputTarget.Unsupported(type: "webhook with url \"\(url)\" (it must be an http:// or https:// URL with a host)")
        }
        return self
    }
}
