import ArgumentParser
import Foundation
import SproutNode

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Run a program over message data, prove the run and write a receipt file.",
        discussion: "Example: sprout prove --code ../shared/fixtures/sprout/10002 --data '{\"private_input\":[1,1],\"public_input\":[2]}' --out add.receipt")

    @OptionGroup var program: ProgramOptions
    @Option(help: "Message data, repeatable, in order.") var data: [String] = []
    @Option(help: "Where to write the receipt.") var out: String

    func run() throws {
        let loaded = try program.load()
        defer { loaded.lease.release() }
        let info = loaded.info
        guard info.capabilities.contains(.prove) else {
            CLIError.print("\(info.name) \(info.version) cannot prove (capabilities: \(info.capabilities)); use `sprout execute`")
            throw ExitStatus.noEngine
        }
        let started = ContinuousClock.now
        let progress = ProgressLine()
        do {
            let receipt = try loaded.program.prove(inputs: data.map { Array($0.utf8) }, control: CallControl { progress.show(phase: $0, percent: Int(($1 * 100).rounded())) })
            progress.finish()
            let envelope = ReceiptEnvelope(
                vmType: loaded.source.vmType, engine: info.name, engineVersion: info.version.description,
                programIdentity: try loaded.program.identity(), receipt: receipt)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(envelope).write(to: URL(fileURLWithPath: out))
            print("proved on \(info.name) \(info.version) in \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))); receipt of \(receipt.count) bytes written to \(out)")
        } catch let error as EngineCallError {
            progress.finish()
            CLIError.print("proving failed on \(info.name) \(info.version): \(error)")
            throw ExitStatus.engineFailed
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a receipt file against a program; exit 0 and print the public output when it holds, 1 and the reason when not.")

    @OptionGroup var program: ProgramOptions
    @Option(help: "The receipt file written by `sprout prove`.") var receipt: String

    func run() throws {
        let envelope: ReceiptEnvelope
        let bytes: [UInt8]
        do {
            (envelope, bytes) = try ReceiptEnvelope.read(try Data(contentsOf: URL(fileURLWithPath: receipt)))
        } catch {
            CLIError.print("\(receipt): \(error)")
            throw ExitStatus.engineFailed
        }
        let loaded = try program.load()
        defer { loaded.lease.release() }
        do {
            let identity = try loaded.program.identity().map { String(format: "%02x", $0) }.joined()
            guard identity == envelope.programIdentity else {
                CLIError.print("the receipt is for program \(envelope.programIdentity), not for \(program.code) (\(identity))")
                throw ExitStatus.engineFailed
            }
            let output = try loaded.program.verify(receipt: bytes, control: CallControl())
            print("valid receipt from \(envelope.engine) \(envelope.engineVersion)")
            print(String(validating: output, as: UTF8.self) ?? output.map { String(format: "%02x", $0) }.joined())
        } catch let error as EngineCallError {
            CLIError.print("invalid receipt: \(error)")
            throw ExitStatus.engineFailed
        }
    }
}
