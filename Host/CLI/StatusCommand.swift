import ArgumentParser
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a running node's newest tasks and their states.")

    @Option(help: "The node's base URL.") var node = "http://127.0.0.1:9000"
    @Option(help: "How many tasks.") var limit = 20
    @Flag(help: "Print the node's JSON.") var json = false

    func run() async throws {
        let (status, reply) = try await NodeClient(base: node).request("GET", "/tasks?limit=\(limit)")
        guard status == 200, let tasks = try JSONSerialization.jsonObject(with: reply) as? [[String: Any]] else {
            throw NodeClient.Failure(message: "the node answered HTTP \(status): \(String(decoding: reply, as: UTF8.self))")
        }
        if json {
            print(String(decoding: reply, as: UTF8.self))
            return
        }
        if tasks.isEmpty {
            print("no tasks yet on \(node)")
            return
        }
        let rows = tasks.map { task in
            let states = task["states"] as? [[String: Any]] ?? []
            let last = states.last ?? [:]
            return [
                "\(task["taskID"] ?? "")", "\(task["projectID"] ?? "")", task["projectVersion"] as? String ?? "", task["state"] as? String ?? "",
                "\(task["attempts"] ?? "")", Self.shortTime(last["time"] as? String ?? ""), last["comment"] as? String ?? "",
            ]
        }
        print(TextTable(header: ["TASK", "PROJECT", "VERSION", "STATE", "TRIES", "LAST CHANGE (UTC)", "COMMENT"], rows: rows).render())
    }

    /// "2026-11-26T06:53:04.128576Z" as "2026-11-26 06:53:04": seconds are enough in a table.
    static func shortTime(_ time: String) -> String {
        String(time.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
