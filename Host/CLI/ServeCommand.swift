import ArgumentParser
import Foundation
import SproutNode
import SproutNodeP2P

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the node: sprout-compatible HTTP API, task pipeline, engines from plugins.d.",
        discussion: """
            Settings come from, in rising precedence: defaults, the --config YAML file, SPROUT_* \
            environment variables, and the flags below (`sprout config reference` lists them all). \
            Projects are sprout v0.8 project files (file name = project ID). Messages, tasks and \
            their state logs are stored durably; a node killed at any moment resumes its \
            unfinished tasks on the next start.
            """)

    @Option(help: "YAML config file (see `sprout config reference`).") var config: String?
    @Option(help: "Address to listen on (host).") var host: String?
    @Option(help: "Port to listen on (port; sprout's sequencer used 9000).") var port: Int?
    @Option(help: "Database: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE to share work (database).") var db: String?
    @Option(help: "Directory of sprout project files (projects.directory).") var projects: String?
    @Option(help: "A project fetched from a URL: ID=URL or ID=URL#sha256=HEX; repeatable (projects.remote).") var projectUrl: [String] = []
    @Option(help: "Admin bearer token for /admin routes (api.adminToken, $SPROUT_ADMIN_TOKEN).") var adminToken: String?
    @Option(help: "Seconds a partial group of messages waits before it is packed (pipeline.flushTimeoutSeconds).") var flushTimeout: Double?
    @Option(help: "Tasks proved at once; 0 accepts and packs only (pipeline.provers).") var provers: Int?
    @Option(help: "Largest accepted message body in bytes (api.maxMessageBytes).") var maxMessageBytes: Int?
    @Option(help: "Unfinished messages per project before 429 (api.maxPendingPerProject).") var maxPending: Int?
    @Option(help: "Messages per second per client address before 429 (api.messagesPerSecondPerClient).") var ratePerClient: Double?
    @Flag(help: "Run engines in worker processes (plugins.isolated).") var isolated = false
    @OptionGroup var options: PluginOptions

    /// The flags given, as settings that override the file and the environment.
    private var flags: [(path: String, value: String)] {
        var flags: [(path: String, value: String)] = []
        func add(_ path: String, _ value: (some CustomStringConvertible)?) {
            if let value { flags.append((path, value.description)) }
        }
        add("host", host)
        add("port", port)
        add("database", db)
        add("projects.directory", projects)
        add("projects.remote", projectUrl.isEmpty ? nil : projectUrl.joined(separator: ","))
        add("api.adminToken", adminToken)
        add("pipeline.flushTimeoutSeconds", flushTimeout)
        add("pipeline.provers", provers)
        add("api.maxMessageBytes", maxMessageBytes)
        add("api.maxPendingPerProject", maxPending)
        add("api.messagesPerSecondPerClient", ratePerClient)
        add("plugins.isolated", isolated ? true : nil)
        add("plugins.directory", options.directory)
        return flags
    }

    func run() async throws {
        options.bootstrapLogging()
        var configuration: SproutNodeService.Configuration
        do {
            configuration = try ConfigurationLoader.load(file: config.map { URL(fileURLWithPath: $0) }, flags: flags)
        } catch {
            throw ValidationError(error.description)
        }
        try P2PNode.install(into: &configuration)
        try await SproutNodeService(configuration: configuration).run()
    }
}
