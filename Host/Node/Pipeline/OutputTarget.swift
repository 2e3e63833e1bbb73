import Foundation

/// Where a project's proofs go (the project config's `output`).
public enum OutputTarget: Sendable, Equatable {
    /// Printed as one JSON line on the node's standard output (sprout's default).
    case stdout
    /// Appended as one JSON line to a file.
    case file(path: String)
    /// POSTed as JSON to a URL.
    case webhook(WebhookOutput)
    /// Sent in a contract call (sprout's `ethereumContract`).
    case ethereumContract(EthereumOutput)

    public struct Unsupported: Error, CustomStringConvertible {
        public let type: String
        public var description: String {
            "output type \"\(type)\" is not supported by this node; use \"stdout\", \"file\" (with \"file\": {\"path\": …}), \"webhook\" (with \"webhook\": {\"url\": …}) or \"ethereumContract\" (with \"ethereum\": {…})"
        }
    }

    init(_ config: ProjectConfig.OutputConfig?) throws {
        switch config?.type ?? "stdout" {
        case "stdout", "": self = .stdout
        case "file":
            guard let path = config?.file?.path, !path.isEmpty else { throw Unsupported(type: "file without file.path") }
            self = .file(path: path)
        case "webhook":
            guard let webhook = config?.webhook else { throw Unsupported(type: "webhook without webhook.url") }
            self = .webhook(try webhook.validated())
        case "ethereumContract":
            guard let ethereum = config?.ethereum else { throw EthereumOutput.Invalid(reason: "the output has no \"ethereum\" section") }
            self = .ethereumContract(try ethereum.validated())
        case let other: throw Unsupported(type: other)
        }
    }
}
