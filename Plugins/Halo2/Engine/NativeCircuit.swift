import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutPluginKit

/// A circuit with its keys, turning task data into a witness: the engine's view of one
/// concrete ``Circuit`` type.
struct NativeCircuit<C: Circuit & Sendable>: NativeCircuitProtocol {
    let k: Int
    let pk: ProvingKey
    let params: KZGParams
    /// Builds the circuit (with its witness) and the public instances from the task's data.
    let witness: @Sendable ([[UInt8]]) throws(EngineError) -> (C, [[Fr]])

    init(template: C, k: Int, params: KZGParams, witness: @escaping @Sendable ([[UInt8]]) throws(EngineError) -> (C, [[Fr]])) throws(EngineError) {
        self.k = k; self.params = params; self.witness = witness
        do { pk = try Keygen.keygen(template, params: params, k: k) } catch {
            throw EngineError(.invalidProgram, "key generation: \(error)")
        }
    }

    var vk: VerifyingKey { pk.vk }

    func check(_ inputs: [[UInt8]]) throws(EngineError) -> [[Fr]] {
        let (circuit, instances) = try witness(inputs)
        do { try MockProver.verify(circuit, k: k, instances: instances) } catch { throw EngineError(.executionFailed, "\(error)") }
        return instances
    }

    func prove(_ inputs: [[UInt8]]) throws(EngineError) -> ([[Fr]], [UInt8]) {
        let (circuit, instances) = try witness(inputs)
        do { return (instances, try Prover.prove(circuit, pk: pk, params: params, instances: instances)) } catch {
            throw EngineError(.executionFailed, "\(error)")
        }
    }
}

/// Type-erased ``NativeCircuit``.
protocol NativeCircuitProtocol: Sendable {
    var vk: VerifyingKey { get }
    var params: KZGParams { get }
    func check(_ inputs: [[UInt8]]) throws(EngineError) -> [[Fr]]
    func prove(_ inputs: [[UInt8]]) throws(EngineError) -> ([[Fr]], [UInt8])
}
