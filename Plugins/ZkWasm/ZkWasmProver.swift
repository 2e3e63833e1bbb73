import SproutCoreAIR
import SproutCoreField
import SproutCoreSTARK
import SproutPluginKit

/// Proves and verifies zkwasm runs with the core STARK over thirteen tables: ``ZkWasmCPUAIR``,
/// ``ZkWasmProgramAIR`` (the committed image), ``ZkWasmRangeAIR``, ``ZkWasmIOAIR`` (public inputs
/// and outputs), ``ZkWasmSlotBoundaryAIR``, ``ZkWasmGlobalBoundaryAIR``,
/// ``ZkWasmMemoryAccessAIR`` (loads and stores as byte accesses), ``ZkWasmMemoryBoundaryAIR``,
/// ``ZkWasmBitwiseAIR``, ``ZkWasmMultiplyAIR``, ``ZkWasmArithmeticAIR``, ``ZkWasmBranchTableAIR`` and ``ZkWasmFunctionTableAIR``.
///
/// The statement is (module, public inputs, outputs): the verifier rebuilds the fixed tables
/// from its own module and the receipt's public values, and the image commitment is the CPU
/// table's public value, so all three are bound into the Fiat–Shamir transcript.
///
/// Parameters: ``config`` = ``STARKConfig/standard`` (BabyBear, 𝔽ₚ⁴ challenges, blowup 4,
/// 48 queries, 16 bits of grinding, Poseidon2 Merkle trees) with FRI folding arity 8
/// (`logFoldingArity` 3: a third of the rounds, so fewer Merkle paths per query and a smaller
/// receipt): 96 conjectured bits from FRI's queries plus 16 of grinding (the arity-8 folding cap
/// of 120 bits does not bind), capped by the algebraic bound `123 − (log₂ maxHeight + 2)`, i.e.
/// 105 bits while every table has at most 2¹⁶ rows (the range table always has 2¹⁶) and
/// `121 − log₂ rows` beyond (``STARKVerifyingKey/conjecturedSecurityBits(logMaxHeight:includingGrinding:)``).
public enum ZkWasmProver {
    public static let config: STARKConfig = {
        var config = STARKConfig.standard
        config.fri.logFoldingArity = 3
        return config
    }()

    /// The verifying side of the statement for `program` with these public values.
    static func airs(program: ZkWasmProgram, publicInputs: [UInt64], outputs: [UInt64]) throws(EngineError) -> [any AIR] {
        let module = program.module
        let start = module.start.map { module.functions[$0] }
        if let start, start.host != nil {
            throw EngineError(.unsupported, "a start function imported from the host is not provable")
        }
        let programAIR: ZkWasmProgramAIR
        do { programAIR = try ZkWasmProgramAIR(module: module) } catch { throw EngineError(.unsupported, error.message) }
        let memoryAIR: ZkWasmMemoryBoundaryAIR
        let memoryLimit = program.limits.memoryLimit(of: module)
        do { memoryAIR = try ZkWasmMemoryBoundaryAIR(module: module, limit: memoryLimit) } catch { throw EngineError(.unsupported, error.message) }
        let main = module.functions[program.entry]
        return [
            ZkWasmCPUAIR(
                entryPC: main.entry, entryLocals: main.localCount, start: start.map { ($0.entry, $0.localCount) },
                initialPages: Int(module.memoryMinimumPages ?? 0), memoryLimit: memoryLimit),
            programAIR, ZkWasmRangeAIR(),
            ZkWasmIOAIR(publicInputs: publicInputs, outputs: outputs), ZkWasmSlotBoundaryAIR(), ZkWasmGlobalBoundaryAIR(module: module),
            ZkWasmMemoryAccessAIR(), memoryAIR, ZkWasmBitwiseAIR(), ZkWasmMultiplyAIR(), ZkWasmArithmeticAIR(),
            ZkWasmBranchTableAIR(module: module), ZkWasmFunctionTableAIR(module: module),
        ]
    }

    /// The CPU table's public values: the image commitment as 8 little-endian u32 words.
    static func commitmentValues(_ commitment: [UInt8]) -> [BabyBear] {
        (0..<8).map { word in
            var value: UInt32 = 0
            for i in 0..<4 where 4 * word + i < commitment.count { value |= UInt32(commitment[4 * word + i]) << UInt32(8 * i) }
            return BabyBear(value)
        }
    }

    /// Proves `trace`, the traced run `run` of `program`.
    ///
    /// Throws `.unsupported` when the run executed an instruction whose semantics are not
    /// constrained yet (naming it), `.executionFailed` when the trace does not satisfy the
    /// tables (a tampered or inconsistent trace: no proof exists), `.cancelled`, `.resourceLimit`.
    /// `forgeLoads` is a test hook modelling a cheating prover (loads return the trace's values).
    static func prove(program: ZkWasmProgram, run: ZkWasmRun, trace: WasmExecutionTrace, call: CallContext = .none, options: STARKProverOptions = .init(), forgeLoads: Bool = false) throws(EngineError) -> ZkWasmReceipt {
        let airs = try airs(program: program, publicInputs: run.publicInputs, outputs: run.outputs)
        let memoryAIR = airs[7] as! ZkWasmMemoryBoundaryAIR
        var builder = ZkWasmTraceBuilder(
            module: program.module, entry: program.entry, initialMemory: memoryAIR.initial,
            memoryLimit: program.limits.memoryLimit(of: program.module), branchTable: airs[11] as! ZkWasmBranchTableAIR,
            functionTable: airs[12] as! ZkWasmFunctionTableAIR)
        builder.forgeLoads = forgeLoads
        do { try builder.build(trace: trace) } catch {
            switch error {
            case let .unsupported(message): throw EngineError(.unsupported, message)
            case let .tooLarge(message): throw EngineError(.resourceLimit, message)
            case let .inconsistent(message): throw EngineError(.executionFailed, "the execution trace is inconsistent: \(message)")
            }
        }
        try call.checkCancelled()
        call.progress("zkwasm: tables", 0.1)
        let programHeight = (airs[1] as! ZkWasmProgramAIR).table.height
        let ioHeight = (airs[3] as! ZkWasmIOAIR).table.height
        let globalHeight = (airs[5] as! ZkWasmGlobalBoundaryAIR).table.height
        let tables = builder.tables(programHeight: programHeight, globalHeight: globalHeight, memoryHeight: memoryAIR.table.height)
        let traces = [
            RowMajorMatrix(width: CPUColumn.width, values: builder.rows), tables.program, tables.range,
            RowMajorMatrix(width: 1, values: [BabyBear](repeating: .zero, count: ioHeight)), tables.slots, tables.globals,
            tables.accesses, tables.memory, tables.bitwise, tables.multiply, tables.arithmetic, tables.branches, tables.functions,
        ]
        let publicValues = [commitmentValues(program.imageCommitment)] + [[BabyBear]](repeating: [], count: airs.count - 1)
        let key = try program.key(airs: airs, publicInputs: run.publicInputs, outputs: run.outputs)
        try call.checkCancelled()
        call.progress("zkwasm: STARK", 0.2)
        let proof: STARKProof
        do { proof = try STARKProver.prove(key: key, traces: traces, publicValues: publicValues, options: options) } catch {
            throw EngineError(.executionFailed, "the execution trace does not satisfy the zkwasm constraints, so no proof exists: \(error)")
        }
        call.progress("zkwasm: done", 1)
        return ZkWasmReceipt(
            engineName: ZkWasmEngine.descriptor.name, engineVersion: ZkWasmEngine.descriptor.version, imageCommitment: program.imageCommitment,
            publicInputs: run.publicInputs, outputs: run.outputs, proof: proof.encoded())
    }

    /// Checks `receipt` against `program`; returns the conjectured security bits of the proof.
    /// Throws `.verificationFailed` with the reason. Never traps on hostile bytes.
    static func verify(program: ZkWasmProgram, receipt: ZkWasmReceipt) throws(EngineError) -> Int {
        guard receipt.engineName == ZkWasmEngine.descriptor.name, receipt.engineVersion == ZkWasmEngine.descriptor.version else {
            throw EngineError(.verificationFailed, "the receipt was made by \(receipt.engineName) \(receipt.engineVersion), not \(ZkWasmEngine.descriptor.name) \(ZkWasmEngine.descriptor.version)")
        }
        guard receipt.imageCommitment == program.imageCommitment else {
            throw EngineError(.verificationFailed, "the receipt is for another module: its image commitment differs from this program's")
        }
        let airs = try airs(program: program, publicInputs: receipt.publicInputs, outputs: receipt.outputs)
        let proof: STARKProof
        do { proof = try STARKProof(decoding: receipt.proof) } catch { throw EngineError(.verificationFailed, "the receipt's STARK proof is malformed: \(error)") }
        let key = try program.key(airs: airs, publicInputs: receipt.publicInputs, outputs: receipt.outputs)
        do {
            try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: [commitmentValues(receipt.imageCommitment)] + [[BabyBear]](repeating: [], count: airs.count - 1))
        } catch { throw EngineError(.verificationFailed, "the zkwasm proof does not verify: \(error)") }
        return key.verifyingKey.conjecturedSecurityBits(logMaxHeight: proof.logHeights.max() ?? 0)
    }
}

extension ZkWasmProgram {
    /// The STARK key of this module for a statement, from the program's cache when present.
    func key(airs: [any AIR], publicInputs: [UInt64], outputs: [UInt64]) throws(EngineError) -> STARKProvingKey {
        try keyCache.key(for: .init(publicInputs: publicInputs, outputs: outputs)) { () throws(EngineError) -> STARKProvingKey in
            do { return try STARKProvingKey(airs: airs, config: ZkWasmProver.config) } catch { throw EngineError(.internal, "zkwasm STARK key: \(error)") }
        }
    }

    /// Runs, traces and proves the task; returns the encoded ``ZkWasmReceipt``.
    /// Throws like ``execute(inputs:call:)``, plus `.unsupported` for instructions that are not
    /// provable yet. Polls cancellation between phases and during the run.
    public func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        let parsed: ZkWasmInputs
        do { parsed = try ZkWasmInputs(messages: inputs) } catch { throw EngineError(.invalidInput, error.message) }
        call.progress("zkwasm: execute", 0)
        let traced: (run: ZkWasmRun, trace: WasmExecutionTrace)
        do { traced = try trace(parsed, call: call) } catch {
            if case .instructionLimit = error { throw EngineError(.resourceLimit, error.description) }
            if case .cancelled = error { throw EngineError(.cancelled, error.description) }
            throw EngineError(.executionFailed, error.description)
        }
        return try ZkWasmProver.prove(program: self, run: traced.run, trace: traced.trace, call: call).encoded()
    }

    /// Checks a receipt made by ``prove(inputs:call:)`` against this module. Returns UTF-8 JSON
    /// `{"engine":"sprout-zkwasm","imageCommitment":"<hex>","publicInputs":[…],"outputs":[…],"securityBits":N}`.
    public func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        let decoded: ZkWasmReceipt
        do { decoded = try ZkWasmReceipt(decoding: receipt) } catch { throw EngineError(.verificationFailed, error.message) }
        let bits = try ZkWasmProver.verify(program: self, receipt: decoded)
        func list(_ values: [UInt64]) -> String { "[" + values.map(String.init).joined(separator: ",") + "]" }
        let hex = imageCommitment.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return Array(("{\"engine\":\"sprout-zkwasm\",\"imageCommitment\":\"\(hex)\",\"publicInputs\":\(list(decoded.publicInputs)),"
            + "\"outputs\":\(list(decoded.outputs)),\"securityBits\":\(bits)}").utf8)
    }
}
