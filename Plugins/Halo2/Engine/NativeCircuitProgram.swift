public import SproutCoreBN254
import SproutCoreHash
public import SproutCoreKZG
public import SproutHalo2
import SproutHalo2Circuits
public import SproutPluginKit

/// A native circuit as an engine program, keyed once: `execute` checks the witness with the
/// MockProver and returns the public instances; `prove` returns a receipt
/// (`sprout-halo2-receipt/1`); `verify` checks one against this program's verifying key.
/// Plugins that add circuits build their programs with the public initializer.
public struct NativeCircuitProgram: EngineProgram {
    /// The circuit's name in receipts and outputs.
    public let name: String
    let circuit: any NativeCircuitProtocol
    /// Keccak-256 of the verifying key's bytes.
    public let identity: [UInt8]

    /// A program for `template`'s circuit on `2ᵏ` rows with `params`; `witness` turns a task's
    /// data into the circuit with its witness and the public instances.
    public init<C: Circuit & Sendable>(
        name: String, template: C, k: Int, params: KZGParams,
        witness: @escaping @Sendable ([[UInt8]]) throws(EngineError) -> (C, [[Fr]])
    ) throws(EngineError) {
        self.name = name
        circuit = try NativeCircuit(template: template, k: k, params: params, witness: witness)
        identity = Keccak256.hash(circuit.vk.bytes)
    }

    /// The built-in circuit `spec` names.
    init(spec: CircuitSpec) throws(EngineError) {
        self.name = spec.circuit.rawValue
        circuit = try Self.make(spec, params: try spec.params())
        identity = Keccak256.hash(circuit.vk.bytes)
    }

    /// A project's code that is a ``CircuitDescription``: the keys come from the description; its
    /// generator, the JSON code of a built-in circuit (its `k` must match), fills the advice.
    /// Every run checks the generator's circuit against the description (``NativeCircuit/witnessed(_:)``).
    init(description bytes: [UInt8]) throws(EngineError) {
        let description: CircuitDescription
        do { description = try CircuitDescription(bytes: bytes) } catch { throw EngineError(.invalidProgram, "circuit description: \(error)") }
        let spec = try CircuitSpec(json: Array(description.generator.utf8))
        guard spec.k == description.k else {
            throw EngineError(.invalidProgram, "circuit description: k = \(description.k), its generator \(description.generator) has k = \(spec.k)")
        }
        name = spec.circuit.rawValue
        circuit = try Self.make(spec, params: try spec.params(), description: description)
        identity = Keccak256.hash(circuit.vk.bytes)
    }

    /// The ``CircuitDescription`` bytes of the built-in circuit `code` (its halo2 JSON code) names,
    /// with `code` as the generator: a project whose code is these bytes has the same keys and
    /// identity as one whose code is `code`.
    public static func description(code: [UInt8]) throws(EngineError) -> [UInt8] {
        let spec = try CircuitSpec(json: code)
        guard let generator = String(validating: code, as: UTF8.self) else { throw EngineError(.invalidProgram, "code is not UTF-8") }
        return try make(spec, params: try spec.params()).describe(generator: generator).bytes
    }

    static func make(_ spec: CircuitSpec, params: KZGParams, description: CircuitDescription? = nil) throws(EngineError) -> any NativeCircuitProtocol {
        switch spec.circuit {
        case .simple:
            let constant = Fr(integer: spec.constant)
            return try NativeCircuit(template: SimpleCircuit(a: .zero, b: .zero, constant: constant), k: spec.k, params: params, description: description) { inputs throws(EngineError) in
                let data = try TaskData(inputs)
                let c = SimpleCircuit(a: Fr(integer: try data.u64("private_a")), b: Fr(integer: try data.u64("private_b")), constant: constant)
                return (c, [[c.output]])
            }
        case .fibonacci:
            let steps = spec.steps
            return try NativeCircuit(template: FibonacciCircuit(a: .zero, b: .zero, steps: steps), k: spec.k, params: params, description: description) { inputs throws(EngineError) in
                let data = try TaskData(inputs)
                let c = FibonacciCircuit(a: Fr(integer: try data.u64("a")), b: Fr(integer: try data.u64("b")), steps: steps)
                return (c, [[c.a, c.b, c.output]])
            }
        case .isZero:
            return try NativeCircuit(template: IsZeroCircuit(value: .zero), k: spec.k, params: params, description: description) { inputs throws(EngineError) in
                let c = IsZeroCircuit(value: Fr(integer: try TaskData(inputs).u64("value")))
                return (c, [[c.output]])
            }
        case .poseidon:
            return try NativeCircuit(template: PoseidonCircuit(a: .zero, b: .zero), k: spec.k, params: params, description: description) { inputs throws(EngineError) in
                let data = try TaskData(inputs)
                let c = PoseidonCircuit(a: try data.fr("a"), b: try data.fr("b"))
                return (c, [[c.output]])
            }
        case .range:
            let capacity = spec.count
            return try NativeCircuit(template: RangeCircuit(values: [], capacity: capacity), k: spec.k, params: params, description: description) { inputs throws(EngineError) in
                let values = try TaskData(inputs).u64Array("values")
                guard values.count <= capacity else { throw EngineError(.invalidInput, "\(values.count) values; this range circuit takes at most \(capacity)") }
                let c = RangeCircuit(values: values.map { Fr(integer: $0) }, capacity: capacity)
                return (c, [[c.sum]])
            }
        }
    }

    public func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        Halo2Receipt.output(circuit: name, instances: try circuit.check(inputs))
    }

    public func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        call.progress("prove", 0)
        let (instances, proof) = try circuit.prove(inputs)
        call.progress("prove", 1)
        return Halo2Receipt(circuit: name, vk: HexText.encode(identity), instances: instances, proof: proof).bytes()
    }

    public func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        let r = try Halo2Receipt(bytes: receipt)
        guard r.circuit == name, r.vk == HexText.encode(identity) else {
            throw EngineError(.verificationFailed, "the receipt is for circuit \(r.circuit) with key \(r.vk), not this program's")
        }
        guard let proof = HexText.decode(r.proof) else { throw EngineError(.verificationFailed, "proof is not hex") }
        let instances = try Halo2Receipt.decodeInstances(r.instances)
        do { try Verifier.verify(vk: circuit.vk, params: circuit.params, instances: instances, proof: proof) } catch {
            throw EngineError(.verificationFailed, "\(error)")
        }
        return Halo2Receipt.output(circuit: r.circuit, instances: instances)
    }
}
