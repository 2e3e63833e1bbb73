import ArgumentParser
import Foundation
import Logging
import SproutNode

@main
struct SproutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sprout",
        abstract: "A prover node for W3bstream-style projects.",
        discussion: """
            Exit status: 0 success; 1 the engine ran and failed (trap, failed require, bad input); \
            2 wrong usage; 3 no usable engine (plugin missing or refused); 4 invalid program or \
            project file.
            """,
        subcommands: [ServeCommand.self, ConfigCommand.self, MessageCommand.self, StatusCommand.self, ProjectCommand.self, PluginsCommand.self, ExecuteCommand.self, ProveCommand.self, VerifyCommand.self, Halo2Command.self, BenchCommand.self, EngineWorkerCommand.self]
    )
}

/// Exit statuses scripts can rely on (see `sprout --help`).
enum ExitStatus {
    static let engineFailed = ExitCode(1)
    static let noEngine = ExitCode(3)
    static let invalidProgram = ExitCode(4)
}

/// Options every command that loads plugins shares.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: "Plugin directory (default: $SPROUT_PLUGINS or ./plugins.d).")
    var directory: String?

    @Option(help: "Log level: trace, debug, info, warning, error.")
    var logLevel: String = "warning"

    var pluginDirectory: URL {
        URL(fileURLWithPath: directory ?? ProcessInfo.processInfo.environment["SPROUT_PLUGINS"] ?? "plugins.d")
    }

    func bootstrapLogging() {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    func registry(isolated: Bool = false) -> PluginRegistry {
        PluginRegistry(
            configuration: .init(
                directories: [pluginDirectory],
                isolation: isolated ? IsolationSettings(workerExecutable: SelfExecutable.url) : nil))
    }
}

/// The running `sprout` binary, which also serves `engine-worker`.
enum SelfExecutable {
    static var url: URL { IsolationSettings.currentExecutable }
}
