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
        let rows = [["TASK", "PROJECT", "VERSION", "STATE", "TRIES", "LAST CHANGE", "COMMENT"]]
            + tasks.map { task in
                let states = task["states"] as? [[String: Any]] ?? []
                let last = states.last ?? [:]
                return [
                    "\(task["taskID"] ?? "")", "\(task["projectID"] ?? "")", task["projectVersion"] as? String ?? "", task["state"] as? String ?? "",
                    "\(task["attempts"] ?? "")", last["time"] as? String ?? "", String((last["comment"] as? String ?? "").prefix(60)),
                ]
            }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print((0..<row.count).map { $0 < 6 ? row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) : row[$0] }.joined(separator: "  "))
        }
    }
}
