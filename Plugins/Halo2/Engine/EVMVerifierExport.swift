import SproutHalo2
public import SproutPluginKit

/// The Ethereum verifier of a built-in circuit, for `sprout halo2 verifier`: the same key the
/// engine derives from a project's code, so the contract accepts exactly the engine's proofs.
public enum EVMVerifierExport {
    /// The Vyper source verifying proofs of the program that `code` (a project's halo2 JSON code,
    /// e.g. `{"circuit":"simple","k":4}`) makes, and that program's identity (Keccak-256 of its
    /// verifying key), which the source also names in its header.
    public static func vyper(code: [UInt8]) throws(EngineError) -> (source: String, identity: [UInt8]) {
        let spec = try CircuitSpec(json: code)
        let program = try NativeCircuitProgram(spec: spec)
        let params = program.circuit.params
        let body: String
        do {
            body = try VyperVerifier.source(vk: program.circuit.vk, g2: params.g2, sG2: params.sG2, instanceCounts: spec.instanceCounts)
        } catch { throw EngineError(.invalidProgram, "verifier generation: \(error)") }
        let srs = spec.paramsHex == nil ? "the INSECURE development SRS (public tau): for tests only" : "the given SRS file"
        let header = """
            # Sprout halo2 verifier for circuit \(spec.circuit.rawValue), k = \(spec.k), KZG over BN254 with \(srs).
            # Program identity (keccak256 of the verifying key): \(HexText.encode(program.identity))
            # verify(proof, instances) returns True only for a valid proof of these public instances.

            """
        return (header + body, program.identity)
    }
}
