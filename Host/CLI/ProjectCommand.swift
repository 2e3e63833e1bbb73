import ArgumentParser
import Foundation
import SproutNode

struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Write sprout project files.",
        subcommands: [New.self]
    )

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a sprout v0.8 project file from an artifact (what `ioctl ws code convert` did).",
            discussion: """
                The file is a JSON array with one version whose code is hex(zlib(artifact)). Name it \
                after the project ID and put it in the node's --projects directory.
                """)

        @Option(name: .customLong("vm"), help: "vmType: wasm, risc0, zkwasm, halo2…") var vmType: String
        @Option(help: "The artifact: wasm module, ELF, circuit…") var code: String
        @Option(help: "codeExpParam (JSON).") var expParam: String?
        @Option(help: "Project version.") var version = "0.1"
        @Option(help: "Output: stdout, file:PATH (one JSON line per proof) or webhook:URL (one POST per proof).") var output = "stdout"
        @Option(help: "Messages per task (aggregation.amount).") var amount: UInt?
        @Option(help: "Engine version range, e.g. ^1.0.") var engineVersion: String?
        @Option(help: "Where to write the project file (default: standard output).") var out: String?

        func run() throws {
            let artifact = try [UInt8](Data(contentsOf: URL(fileURLWithPath: code)))
            let target: ProjectConfig.OutputConfig
            if output == "stdout" {
                target = .init(type: "stdout")
            } else if output.hasPrefix("file:") {
                target = .init(type: "file", file: .init(path: String(output.dropFirst(5))))
            } else if output.hasPrefix("webhook:") {
                target = .init(type: "webhook", webhook: WebhookOutput(url: String(output.dropFirst("webhook:".count))))
            } else {
                throw ValidationError("--output must be stdout, file:PATH or webhook:URL (e.g. webhook:https://example.org/proofs)")
            }
            if let engineVersion { _ = try VersionRange(engineVersion) }
            let config = ProjectConfig(
                vmType: vmType, code: CodeArtifact.encode(artifact), codeExpParam: expParam, version: version, output: target,
                aggregation: amount.map { .init(amount: $0) }, engineVersion: engineVersion)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode([config])
            if let out {
                try data.write(to: URL(fileURLWithPath: out))
            } else {
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
