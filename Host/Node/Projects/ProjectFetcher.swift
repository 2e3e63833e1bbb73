import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore

/// Downloads remote project files and checks them against their SHA-256 before the catalog
/// sees them.
public struct ProjectFetcher: Sendable {
    public var gateway: String
    let client: HTTPClient
    /// Project files embed whole programs (project 10000 is 1.5 MB of hex), but not more than this.
    static let maximumBytes = 64 << 20

    public init(gateway: String = "https://ipfs.io", client: HTTPClient = .shared) {
        self.gateway = gateway
        self.client = client
    }

    public func fetch(_ project: RemoteProject, timeout: Duration = .seconds(30)) async throws -> Data {
        let url = try project.locator(gateway: gateway)
        let response = try await client.execute(HTTPClientRequest(url: url.absoluteString), timeout: .nanoseconds(timeout.nanoseconds))
        guard response.status.code == 200 else {
            throw ProjectFile.LoadError(path: project.uri, reason: "GET \(url.absoluteString) answered \(response.status.code) \(response.status.reasonPhrase)")
        }
        let body = Data(buffer: try await response.body.collect(upTo: Self.maximumBytes))
        if let expected = project.sha256 {
            let actual = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
            guard actual == expected else {
                throw ProjectFile.LoadError(path: project.uri, reason: "SHA-256 is \(actual), the configured one is \(expected); the file was not loaded")
            }
        }
        return body
    }
}
