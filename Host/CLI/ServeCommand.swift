import ArgumentParser
import Foundation
import SproutNode

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the node: sprout-compatible HTTP API, task pipeline, engines from plugins.d.",
        discussion: """
            Projects are sprout v0.8 project files in --projects (file name = project ID).
            Messages, tasks and their state logs live in one SQLite file; a node killed at any
            moment resumes its unfinished tasks on the next start.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (sprout's sequencer used 9000).") var port = 9000
    @Option(help: "Database: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE to share work.") var db = "sqlite:sprout-data/sprout.sqlite"
    @Option(help: "Directory of sprout project files.") var projects: String?
    @Option(help: "Admin bearer token for /admin routes (default: $SPROUT_ADMIN_TOKEN; unset disables them).") var adminToken: String?
    @Option(help: "Seconds a partial group of messages waits before it is packed.") var flushTimeout: Double = 5
    @Option(help: "Tasks proved at once (0: accept and pack only).") var provers = 2
    @Option(help: "Largest accepted message body in bytes.") var maxMessageBytes = 1 << 20
    @Flag(help: "Run engines in worker processes.") var isolated = false
    @OptionGroup var options: PluginOptions

    func run() async throws {
        options.bootstrapLogging()
        var configuration = SproutNodeService.Configuration()
        configuration.host = host
        configuration.port = port
        do {
            configuration.database = try StoreLocation(db)
        } catch {
            throw ValidationError(error.message)
        }
        configuration.projectsDirectory = projects.map { URL(fileURLWithPath: $0) }
        configuration.pluginDirectories = [options.pluginDirectory]
        configuration.isolation = isolated ? IsolationSettings(workerExecutable: SelfExecutable.url) : nil
        configuration.api = .init(maximumMessageBytes: maxMessageBytes, adminToken: adminToken ?? ProcessInfo.processInfo.environment["SPROUT_ADMIN_TOKEN"])
        configuration.pipeline.flushTimeout = .milliseconds(Int(flushTimeout * 1000))
        configuration.pipeline.proverConcurrency = provers
        try await SproutNodeService(configuration: configuration).run()
    }
}
