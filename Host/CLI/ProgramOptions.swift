import ArgumentParser
import Foundation
import SproutNode

/// How `execute`, `prove` and `verify` name a program and the engine that runs it.
struct ProgramOptions: ParsableArguments {
    @Option(name: .customLong("vm"), help: "Engine vmType (wasm, risc0, zkwasm, halo2…); read from a project file when omitted.")
    var vmType: String?

    @Option(help: "Program file: a raw artifact or a sprout project file.") var code: String
    @Option(help: "The project's codeExpParam (JSON).") var expParam: String?
    @Option(help: "Which version of a project file to run (default: its first).") var projectVersion: String?
    @Option(help: "Engine version range, e.g. ^1.2 (default: the project's pin, else the newest).") var engineVersion: String?
    @Flag(help: "Run the engine in a worker process (isolation mode).") var isolated = false
    @OptionGroup var plugins: PluginOptions

    /// A program ready to run, with the lease that keeps its engine version serving it.
    struct Loaded {
        let source: ProgramSource
        let lease: EngineLease
        let program: any EngineProgram
        var info: PluginInfo { lease.backend.info }
    }

    /// Loads the code, picks the engine and creates the program, or exits with the documented
    /// status and a message that says what to fix.
    func load() throws -> Loaded {
        plugins.bootstrapLogging()
        let source: ProgramSource
        do {
            source = try ProgramSource.load(file: URL(fileURLWithPath: code), vmType: vmType, expParam: expParam, version: projectVersion)
        } catch {
            CLIError.print("\(error)")
            throw ExitStatus.invalidProgram
        }
        let registry = plugins.registry(isolated: isolated)
        registry.reload()
        let lease: EngineLease
        do {
            let range = try (engineVersion ?? source.engineVersion).map { text throws(VersionRange.ParseError) in try VersionRange(text) }
            lease = try registry.lease(vmType: source.vmType, range: range)
        } catch {
            CLIError.print("\(error)")
            throw ExitStatus.noEngine
        }
        do {
            return Loaded(source: source, lease: lease, program: try lease.backend.createProgram(code: source.code, expParam: source.expParam))
        } catch {
            CLIError.print("\(lease.backend.info.name) \(lease.backend.info.version) refused the program: \(error)")
            throw ExitStatus.invalidProgram
        }
    }
}

enum CLIError {
    static func print(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}
