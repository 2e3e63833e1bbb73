import ArgumentParser
import Foundation
import SproutNode

struct EngineWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine-worker",
        abstract: "Internal: serve one engine plugin to a node over stdin/stdout (isolation mode).",
        shouldDisplay: false
    )

    @Option(help: "The plugin file to load.") var plugin: String

    func run() throws {
        let status = EngineWorker.serve(pluginPath: plugin)
        if status != 0 { throw ExitCode(status) }
    }
}
