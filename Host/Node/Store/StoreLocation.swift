import Foundation

/// Where a node keeps its data, as given to `--db`: `sqlite:PATH` or `postgres://…`.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) throws(StoreConfigurationError) {
        if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            throw StoreConfigurationError(message: "--db \(text) is neither sqlite:PATH nor postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
    }

    /// For logs and `sprout config check`: the database without its password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL \(parts.string ?? "")"
        }
    }

    /// Opens (and migrates) the store.
    public func open() async throws -> any NodeStore {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path)
        case .postgres(let url): try await PostgresStore(url: url)
        }
    }
}
