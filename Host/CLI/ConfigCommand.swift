import ArgumentParser
import Foundation
import SproutNode

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Describe and check the settings of `sprout serve`.",
        subcommands: [Reference.self, Check.self])

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every setting with its environment variable, default and meaning (Markdown).")

        func run() {
            print(ConfigurationLoader.referenceMarkdown, terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a config file and the SPROUT_* environment as `sprout serve` would; print the result or the first error.")

        @Option(help: "YAML config file.") var config: String?

        func run() throws {
            do {
                let loaded = try ConfigurationLoader.load(file: config.map { URL(fileURLWithPath: $0) })
                print("ok: listening on \(loaded.host):\(loaded.port), database \(loaded.database.redacted), \(loaded.remoteProjects.count) remote projects")
            } catch {
                CLIError.print(error.description)
                throw ExitCode.validationFailure
            }
        }
    }
}
