import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

struct MessageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message",
        abstract: "Send a message to a running node, or show a message's states.",
        subcommands: [Send.self, Get.self]
    )

    struct NodeOptions: ParsableArguments {
        @Option(help: "The node's base URL.") var node = "http://127.0.0.1:9000"
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "POST /message; with --wait, follow its states until it is outputted or failed.")

        @Option(help: "Project ID.") var projectId: UInt64
        @Option(help: "Project version, e.g. 0.1.") var projectVersion: String
        @Option(help: "Message data (a string; often JSON).") var data: String
        @Flag(help: "Follow the message's states until a final one.") var wait = false
        @Option(help: "Give up waiting after this many seconds.") var timeout: Double = 600
        @OptionGroup var node: NodeOptions

        func run() async throws {
            let body = try JSONSerialization.data(withJSONObject: ["projectID": projectId, "projectVersion": projectVersion, "data": data])
            let (status, reply) = try await NodeClient(base: node.node).request("POST", "/message", body: body)
            guard status == 200, let id = (try? JSONSerialization.jsonObject(with: reply) as? [String: Any])?["messageID"] as? String else {
                throw NodeClient.Failure(message: "the node refused the message (HTTP \(status)): \(String(decoding: reply, as: UTF8.self))")
            }
            print("messageID \(id)")
            guard wait else { return }
            var shown = 0
            let display = ProgressLine()
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                let states = try await MessageCommand.states(of: id, node: node.node)
                if states.count > shown { display.finish() }
                for state in states.dropFirst(shown) {
                    let comment = (state["comment"] as? String).map { $0.isEmpty ? "" : "  \($0)" } ?? ""
                    print("\(state["time"] as? String ?? "")  \(state["state"] as? String ?? "")\(comment)")
                }
                shown = states.count
                switch states.last?["state"] as? String {
                case "outputted": return
                case "failed": throw ExitStatus.engineFailed
                case "dispatched":
                    if let (phase, percent, attempt) = try await MessageCommand.progress(of: id, node: node.node) {
                        display.show(phase: phase, percent: percent, note: attempt > 1 ? "attempt \(attempt)" : "")
                    }
                default: break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            throw NodeClient.Failure(message: "gave up after \(timeout) s; the message is still being processed")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "GET /message/:id and print its states.")

        @Argument(help: "The message ID.") var id: String
        @Flag(help: "Print the node's JSON (sprout's GET /message/:id body).") var json = false
        @OptionGroup var node: NodeOptions

        func run() async throws {
            if json {
                let (_, reply) = try await NodeClient(base: node.node).request("GET", "/message/\(id)")
                print(String(decoding: reply, as: UTF8.self))
                return
            }
            let states = try await MessageCommand.states(of: id, node: node.node)
            if states.isEmpty { print("no message \(id) on \(node.node)") }
            for state in states {
                print("\(state["time"] as? String ?? "")  \(state["state"] as? String ?? "")  \(state["comment"] as? String ?? "")")
            }
        }
    }

    /// The engine's phase, percent and attempt while the message's task proves.
    static func progress(of id: String, node: String) async throws -> (String, Int, Int)? {
        let (status, reply) = try await NodeClient(base: node).request("GET", "/message/\(id)/progress")
        guard status == 200, let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any],
            let phase = object["phase"] as? String, let percent = object["percent"] as? Int
        else { return nil }
        return (phase, percent, object["attempt"] as? Int ?? 1)
    }

    static func states(of id: String, node: String) async throws -> [[String: Any]] {
        let (_, reply) = try await NodeClient(base: node).request("GET", "/message/\(id)")
        let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any]
        return object?["states"] as? [[String: Any]] ?? []
    }
}

/// How to reach a running node's admin API.
struct AdminOptions: ParsableArguments {
    @Option(help: "A running node's base URL, e.g. http://127.0.0.1:9000.") var node: String?
    @Option(help: "The node's admin token (default: $SPROUT_ADMIN_TOKEN).") var token: String?

    func call(_ method: String, _ path: String, body: Data? = nil) async throws -> [String: Any] {
        let token = token ?? ProcessInfo.processInfo.environment["SPROUT_ADMIN_TOKEN"] ?? ""
        let (status, reply) = try await NodeClient(base: node ?? "", token: token).request(method, path, body: body)
        let object = (try? JSONSerialization.jsonObject(with: reply) as? [String: Any]) ?? [:]
        guard status == 200 else {
            throw NodeClient.Failure(message: "the node answered HTTP \(status): \(object["error"] as? String ?? String(decoding: reply, as: UTF8.self))")
        }
        return object
    }
}

/// A minimal HTTP client for the node's API.
struct NodeClient {
    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    let base: String
    var token: String?

    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> (Int, Data) {
        guard let url = URL(string: base + path) else { throw Failure(message: "\(base) is not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let token, !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            throw Failure(message: "cannot reach the node at \(base): \(error.localizedDescription); is `sprout serve` running?")
        }
    }
}
