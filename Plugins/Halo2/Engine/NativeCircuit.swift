import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutPluginKit

/// A circuit with its keys, turning task data into a witness: the engine's view of one
/// concrete ``Circuit`` type.
struct NativeCircuit<C: Circuit & Sendable>: NativeCircuitProtocol {
    let k: Int
    let template: C
    let pk: ProvingKey
    let params: KZGParams
    /// Where the keys came from when a project's code carried them rather than `template`.
    let description: CircuitDescription?
    /// Builds the circuit (with its witness) and the public instances from the task's data.
    let witness: @Sendable ([[UInt8]]) throws(EngineError) -> (C, [[Fr]])

    /// Keys from `description` when given, else from `template`.
    init(
        template: C, k: Int, params: KZGParams, description: CircuitDescription? = nil,
        witness: @escaping @Sendable ([[UInt8]]) throws(EngineError) -> (C, [[Fr]])
    ) throws(EngineError) {
        self.k = k; self.template = template; self.params = params; self.description = description; self.witness = witness
        do {
            if let description { pk = try Keygen.keygen(description, params: params) } else { pk = try Keygen.keygen(template, params: params, k: k) }
        } catch {
            throw EngineError(.invalidProgram, "key generation: \(error)")
        }
    }

    var vk: VerifyingKey { pk.vk }

    func describe(generator: String) throws(EngineError) -> CircuitDescription {
        do { return try CircuitDescription(template, k: k, generator: generator) } catch {
            throw EngineError(.invalidProgram, "description: \(error)")
        }
    }

    /// The circuit for the task's data, checked against the description the keys came from:
    /// a description that disagrees with its witness generator would only yield failing proofs,
    /// so the difference is named instead.
    func witnessed(_ inputs: [[UInt8]]) throws(EngineError) -> (C, [[Fr]]) {
        let (circuit, instances) = try witness(inputs)
        guard let description else { return (circuit, instances) }
        let mismatch: String?
        do { mismatch = try description.mismatch(with: circuit) } catch { throw EngineError(.executionFailed, "\(error)") }
        if let mismatch {
            throw EngineError(.invalidProgram, "the circuit description disagrees with its witness generator \(description.generator): \(mismatch)")
        }
        return (circuit, instances)
    }

    func check(_ inputs: [[UInt8]]) throws(EngineError) -> [[Fr]] {
        let (circuit, instances) = try witnessed(inputs)
        do { try MockProver.verify(circuit, k: k, instances: instances) } catch { throw EngineError(.executionFailed, "\(error)") }
        return instances
    }

    func prove(_ inputs: [[UInt8]]) throws(EngineError) -> ([[Fr]], [UInt8]) {
        let (circuit, instances) = try witnessed(inputs)
        do { return (instances, try Prover.prove(circuit, pk: pk, params: params, instances: instances)) } catch {
            throw EngineError(.executionFailed, "\(error)")
        }
    }
}

/// Type-erased ``NativeCircuit``.
protocol NativeCircuitProtocol: Sendable {
    var vk: VerifyingKey { get }
    var params: KZGParams { get }
    /// The description of the circuit's keys (from its template), naming `generator`.
    func describe(generator: String) throws(EngineError) -> CircuitDescription
    func check(_ inputs: [[UInt8]]) throws(EngineError) -> [[Fr]]
    func prove(_ inputs: [[UInt8]]) throws(EngineError) -> ([[Fr]], [UInt8])
}
