import ArgumentParser
import Foundation
import SproutNode

struct ExecuteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Run a program once over message data, without a proof, and print the result.",
        discussion: """
            --code takes the raw artifact (wasm, ELF, circuit) or a sprout project file, whose \
            vmType, code and codeExpParam are then used. --data is repeatable: the task's message \
            data in order. Example:
              sprout execute --code ../shared/fixtures/sprout/10003 --data 'hello'
            """)

    @OptionGroup var program: ProgramOptions
    @Option(help: "Message data, repeatable; each value is passed to the engine as given.") var data: [String] = []
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        let loaded = try program.load()
        defer { loaded.lease.release() }
        let started = ContinuousClock.now
        let result: [UInt8]
        do {
            result = try loaded.program.execute(inputs: data.map { Array($0.utf8) }, control: CallControl())
        } catch {
            CLIError.print("execution failed on \(loaded.info.name) \(loaded.info.version): \(error)")
            throw ExitStatus.engineFailed
        }
        let elapsed = ContinuousClock.now - started
        let hex = result.map { String(format: "%02x", $0) }.joined()
        if json {
            let object: [String: Any] = [
                "vmType": loaded.source.vmType, "engine": loaded.info.name, "engineVersion": loaded.info.version.description, "resultHex": hex,
                "seconds": seconds(elapsed),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(loaded.source.vmType) program ran on \(loaded.info.name) \(loaded.info.version) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))")
            print("result (\(result.count) bytes): \(hex)")
            if result.count == 4 {
                let value = result.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                print("as little-endian i32: \(Int32(bitPattern: value))")
            } else if let text = String(validating: result, as: UTF8.self), !text.isEmpty {
                print("as text: \(text)")
            }
        }
    }
}
