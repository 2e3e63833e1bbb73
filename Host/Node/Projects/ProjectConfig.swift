import Foundation

/// One version of a project, as in sprout v0.8's project files: the file `<projectID>` in the
/// projects directory holds a JSON array of these.
public struct ProjectConfig: Sendable, Codable, Equatable {
    public var vmType: String
    /// Lowercase hex of the zlib-compressed artifact (sprout's format); see `CodeArtifact`.
    public var code: String
    public var codeExpParam: String?
    public var version: String
    public var output: OutputConfig?
    public var aggregation: Aggregation?
    /// Our addition: a semver range the engine serving this project must satisfy.
    public var engineVersion: String?

    public init(
        vmType: String, code: String, codeExpParam: String? = nil, version: String, output: OutputConfig? = nil,
        aggregation: Aggregation? = nil, engineVersion: String? = nil
    ) {
        self.vmType = vmType
        self.code = code
        self.codeExpParam = codeExpParam
        self.version = version
        self.output = output
        self.aggregation = aggregation
        self.engineVersion = engineVersion
    }

    public struct Aggregation: Sendable, Codable, Equatable {
        public var amount: UInt?
        public init(amount: UInt?) { self.amount = amount }
    }

    /// sprout's output section, plus our `file` and `webhook` outputs.
    public struct OutputConfig: Sendable, Codable, Equatable {
        public var type: String?
        public var file: FileOutput?
        public var webhook: WebhookOutput?
        /// sprout's `ethereum` section, used by the `ethereumContract` type.
        public var ethereum: EthereumOutput?

        public init(type: String?, file: FileOutput? = nil, webhook: WebhookOutput? = nil, ethereum: EthereumOutput? = nil) {
            self.type = type
            self.file = file
            self.webhook = webhook
            self.ethereum = ethereum
        }

        public struct FileOutput: Sendable, Codable, Equatable {
            public var path: String
            public init(path: String) { self.path = path }
        }
    }
}

/// A project file: its ID (the file name) and its versions.
public struct ProjectFile: Sendable {
    public var projectID: UInt64
    public var versions: [ProjectConfig]

    public struct LoadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "project file \(path): \(reason)" }
    }

    /// Reads a project file; the project ID is its file name (sprout's rule), or 0 when the
    /// name is not a number.
    public init(contentsOf url: URL) throws(LoadError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data, projectID: UInt64(url.lastPathComponent) ?? 0, path: url.path)
    }

    public init(data: Data, projectID: UInt64, path: String) throws(LoadError) {
        do {
            versions = try JSONDecoder().decode([ProjectConfig].self, from: data)
        } catch {
            throw LoadError(path: path, reason: "not a JSON array of project configs (vmType, code, version, …): \(error)")
        }
        self.projectID = projectID
    }

    /// The config of `version`, or the only/first one when `version` is nil.
    public func config(version: String?) throws(LoadError) -> ProjectConfig {
        if let version {
            guard let config = versions.first(where: { $0.version == version }) else {
                throw LoadError(path: "\(projectID)", reason: "has no version \(version); versions: \(versions.map(\.version).joined(separator: ", "))")
            }
            return config
        }
        guard let first = versions.first else { throw LoadError(path: "\(projectID)", reason: "holds no versions") }
        return first
    }
}
