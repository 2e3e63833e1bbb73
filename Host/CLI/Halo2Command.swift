import ArgumentParser
import Foundation
import SproutHalo2Engine

/// `sprout halo2 …`: tools of the halo2 engine that need no node.
struct Halo2Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halo2",
        abstract: "halo2 engine tools.",
        subcommands: [Halo2VerifierCommand.self, Halo2DescribeCommand.self])
}

/// Writes the Vyper contract that verifies a built-in circuit's proofs on Ethereum.
struct Halo2VerifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier",
        abstract: "Print a Vyper 0.4 contract that verifies a built-in halo2 circuit's proofs with the BN254 precompiles.",
        discussion: """
            The key is the one the halo2 engine derives from the project code \
            {"circuit":NAME,"k":K,…}; the contract's header names the program identity, which \
            `sprout prove` writes into receipts. Without --params the SRS is the engine's \
            INSECURE development SRS (its tau is public): use it for tests only.
            Example: sprout halo2 verifier --circuit simple > Verifier.vy
            """)

    @OptionGroup var options: Halo2CircuitOptions

    func run() throws {
        let code = try options.code()
        do {
            print(try EVMVerifierExport.vyper(code: code).source, terminator: "")
        } catch {
            CLIError.print("\(error)")
            throw ExitStatus.invalidProgram
        }
    }
}

/// Writes the circuit description of a built-in circuit: project code with the same keys.
struct Halo2DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Write a built-in halo2 circuit's description (binary) to stdout: project code with the circuit's keys as data.",
        discussion: """
            The description holds k, the constraint system, the fixed columns and the equality \
            constraints, and names the witness generator (the JSON code {"circuit":NAME,…}). A \
            project whose code is the description has the same program identity as one whose \
            code is that JSON. Without --params the SRS is the INSECURE development SRS.
            Example: sprout halo2 describe --circuit simple > circuit.bin
            """)

    @OptionGroup var options: Halo2CircuitOptions

    func run() throws {
        let code = try options.code()
        do {
            FileHandle.standardOutput.write(Data(try NativeCircuitProgram.description(code: code)))
        } catch {
            CLIError.print("\(error)")
            throw ExitStatus.invalidProgram
        }
    }
}

/// The options naming a built-in circuit, as the halo2 JSON project code they make.
struct Halo2CircuitOptions: ParsableArguments {
    @Option(help: "Built-in circuit: simple, fibonacci, range, is_zero, poseidon.") var circuit: String
    @Option(help: "log2 of the number of rows (default: the engine's default for the circuit).") var k: Int?
    @Option(help: "The SRS: a PSE ParamsKZG file or a Powers of Tau .ptau file (snarkjs format); the project code carries it as hex.") var params: String?
    @Option(help: "simple: the constant (default 4).") var constant: UInt64?
    @Option(help: "fibonacci: the number of steps (default 8).") var steps: Int?
    @Option(help: "range: the number of value slots (default 16).") var count: Int?

    /// `{"circuit":…}` with the given options, keys sorted.
    func code() throws -> [UInt8] {
        var code: [String: Any] = ["circuit": circuit]
        if let k { code["k"] = k }
        if let constant { code["constant"] = constant }
        if let steps { code["steps"] = steps }
        if let count { code["count"] = count }
        if let params {
            do {
                code["params"] = try Data(contentsOf: URL(fileURLWithPath: params)).map { String(format: "%02x", $0) }.joined()
            } catch {
                CLIError.print("\(params): \(error.localizedDescription)")
                throw ExitStatus.invalidProgram
            }
        }
        return Array(try JSONSerialization.data(withJSONObject: code, options: [.sortedKeys]))
    }
}
