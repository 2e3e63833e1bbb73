import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Carries one JSON-RPC request body to a node and returns the response body. The HTTP
/// transport is the real one; tests substitute scripted chains.
public protocol JSONRPCTransport: Sendable {
    func send(_ body: Data) async throws -> Data
}

/// JSON-RPC 2.0 over HTTP POST, with Foundation's URLSession (libcurl on Linux), which keeps
/// the node's dependency graph as it is.
public struct HTTPTransport: JSONRPCTransport {
    public let endpoint: URL
    public let timeout: TimeInterval

    public struct HTTPError: Error, CustomStringConvertible {
        public let endpoint: URL
        public let status: Int
        public let body: String
        public var description: String { "JSON-RPC endpoint \(endpoint) answered HTTP \(status): \(body.prefix(200))" }
    }

    public init(endpoint: URL, timeout: TimeInterval = 30) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    public func send(_ body: Data) async throws -> Data {
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        let (data, response) = try await URLSession.shared.data(for: request)
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw HTTPError(endpoint: endpoint, status: http.statusCode, body: String(decoding: data, as: UTF8.self))
        }
        return data
    }
}

/// An error object a node returned (`{"code", "message", "data"}`).
public struct JSONRPCError: Error, CustomStringConvertible, Equatable {
    public let method: String
    public let code: Int
    public let message: String
    /// geth and most nodes put the revert data of a failed call here as 0x-hex.
    public let data: JSONValue?

    public var description: String { "\(method): \(message) (code \(code))" }

    /// The revert data carried by the error, if any.
    public var revertData: [UInt8]? {
        guard let text = data?.string ?? data?["data"]?.string else { return nil }
        return try? Hex.decode(text)
    }
}

/// Numbers the JSON-RPC calls and matches answers to them.
public final class JSONRPCClient: Sendable {
    public let transport: any JSONRPCTransport
    private let counter = IDCounter()

    public struct MalformedResponse: Error, CustomStringConvertible {
        public let method: String
        public let reason: String
        public var description: String { "\(method): malformed JSON-RPC response: \(reason)" }
    }

    public init(transport: any JSONRPCTransport) {
        self.transport = transport
    }

    public convenience init(endpoint: URL) {
        self.init(transport: HTTPTransport(endpoint: endpoint))
    }

    /// Calls `method` and returns its `result`; throws `JSONRPCError` for an error answer.
    public func call(_ method: String, _ params: [JSONValue]) async throws -> JSONValue {
        let id = counter.next()
        let request = JSONValue.object([
            "jsonrpc": .string("2.0"), "id": .number(String(id)), "method": .string(method), "params": .array(params),
        ])
        let data = try await transport.send(try request.serialized())
        let response: JSONValue
        do {
            response = try JSONValue(parsing: data)
        } catch {
            throw MalformedResponse(method: method, reason: "not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        if let error = response["error"], error != .null {
            let code = error["code"].flatMap { if case .number(let text) = $0 { Int(text) } else { nil } } ?? 0
            throw JSONRPCError(method: method, code: code, message: error["message"]?.string ?? "", data: error["data"])
        }
        guard let result = response["result"] else { throw MalformedResponse(method: method, reason: "neither result nor error") }
        return result
    }
}

/// A lock-protected request id sequence.
final class IDCounter: Sendable {
    private let value = Mutex<UInt64>(0)
    func next() -> UInt64 {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
