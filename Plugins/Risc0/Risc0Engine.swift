import SproutPluginKit

/// The `risc0` engine: runs RISC Zero 0.20 guests (RV32IM ELFs, sprout's project 10000)
/// with RISC Zero's own image IDs. Proves runs of the constrained RV32IM subset with Sprout's
/// STARK (``Risc0ProofSystem``; not RISC Zero seals) and refuses, as unsupported, any run that
/// leaves it; so `.prove` and `.verify` are sound for every receipt this engine issues.
public struct Risc0Engine: SproutEngine {
    public static let descriptor = EngineDescriptor(
        name: "sprout-risc0",
        version: "0.2.0",
        description: "RISC Zero 0.20 guests (RV32IM, guest ABI, image IDs); STARK proofs for the constrained RV32IM subset",
        vmTypes: ["risc0"],
        programFormats: ["elf-rv32im", "sprout-methods-rs"],
        capabilities: [.execute, .prove, .verify]
    )

    private let host: PluginHost

    public init(host: PluginHost) {
        self.host = host
    }

    public func makeProgram(code: [UInt8], expParam: String) throws(EngineError) -> any EngineProgram {
        do {
            return try Risc0Program(code: code, expParam: expParam, host: host)
        } catch {
            throw error.engineError
        }
    }
}

