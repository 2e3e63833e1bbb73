import SproutCoreAIR
import SproutCoreField
import SproutCoreSTARK
import SproutPluginKit

/// Proves and verifies zkwasm runs with the core STARK, in segments (continuations), over ten
/// tables: ``ZkWasmCPUAIR``, ``ZkWasmProgramAIR`` (the committed image), ``ZkWasmRangeAIR``,
/// ``ZkWasmBoundaryAIR`` (the cells a segment touches), ``ZkWasmMemoryAccessAIR`` (loads and
/// stores as byte accesses), ``ZkWasmBitwiseAIR``, ``ZkWasmMultiplyAIR``,
/// ``ZkWasmArithmeticAIR``, ``ZkWasmBranchTableAIR`` and ``ZkWasmFunctionTableAIR``.
///
/// The statement is (module, public inputs, outputs). A run is split into segments of at most
/// `2^segmentLimitPo2 − 1` CPU rows (``ZkWasmLimits/segmentLimitPo2``), each proved on its own
/// with one key per module (``ZkWasmSegment``). The verifier replays the chain with its own copy
/// of the machine: segment 0 starts in the module's initial state (its initial memory with the
/// data segments, the globals' initial values, zeroed stack slots and frames, the entry of the
/// start function or `zkmain`); each segment's start state is the previous one's end state
/// (public values of the CPU table), its touched cells' initial values are the verifier's
/// current values (received on ``ZkWasmBus/boundary`` with ``STARKPublicLookup``, with the
/// final values the receipt states), and it receives the segment's slice of the public inputs
/// and outputs on ``ZkWasmBus/io``. Only the last segment may halt and it must halt, having read
/// every public input and written every output. The image commitment is a public value of every
/// segment, so the module, the inputs and outputs, and the chain are all bound into the
/// Fiat–Shamir transcripts.
///
/// Parameters: ``config`` = ``STARKConfig/standard`` (BabyBear, 𝔽ₚ⁴ challenges, blowup 4,
/// 48 queries, 16 bits of grinding, Poseidon2 Merkle trees) with FRI folding arity 8
/// (`logFoldingArity` 3: a third of the rounds, so fewer Merkle paths per query and a smaller
/// receipt): 96 conjectured bits from FRI's queries plus 16 of grinding (the arity-8 folding cap
/// of 120 bits does not bind), capped by the algebraic bound `123 − (log₂ maxHeight + 2)`, i.e.
/// 105 bits while every table has at most 2¹⁶ rows (the range table always has 2¹⁶) and
/// `121 − log₂ rows` beyond (``STARKVerifyingKey/conjecturedSecurityBits(logMaxHeight:includingGrinding:)``);
/// a receipt's bits are its weakest segment's.
public enum ZkWasmProver {
    public static let config: STARKConfig = {
        var config = STARKConfig.standard
        config.fri.logFoldingArity = 3
        return config
    }()

    /// The tables of `program`'s proofs (the same for every statement and segment).
    static func airs(program: ZkWasmProgram) -> [any AIR] {
        let module = program.module
        let main = module.functions[program.entry]
        return [
            ZkWasmCPUAIR(entryPC: main.entry, entryLocals: main.localCount, memoryLimit: program.limits.memoryLimit(of: module)),
            ZkWasmProgramAIR(module: module), ZkWasmRangeAIR(), ZkWasmBoundaryAIR(), ZkWasmMemoryAccessAIR(), ZkWasmBitwiseAIR(), ZkWasmMultiplyAIR(),
            ZkWasmArithmeticAIR(), ZkWasmBranchTableAIR(module: module), ZkWasmFunctionTableAIR(module: module),
        ]
    }

    /// Every byte `program`'s linear memory can reach: its minimum pages with the active data
    /// segments applied and, when the module has a `memory.grow`, zeros up to the page limit
    /// (``ZkWasmLimits/memoryLimit(of:)``, at most 16 pages). The bounds check of
    /// ``ZkWasmMemoryAccessAIR`` keeps accesses within the current size.
    static func initialMemory(_ program: ZkWasmProgram) throws(EngineError) -> [UInt8] {
        let module = program.module
        let size = Int(module.memoryMinimumPages ?? 0) * 65536
        let grows = module.code.contains { $0.opcode == .memoryGrow }
        var bytes = [UInt8](repeating: 0, count: grows ? max(size, program.limits.memoryLimit(of: module) * 65536) : size)
        for segment in module.data {
            guard let offset = segment.offset else { continue }
            // The interpreter traps at instantiation then, so only a verifier gets here.
            guard Int(offset) + segment.bytes.count <= size else {
                throw EngineError(.verificationFailed, "no run of this module has a proof: a data segment lies outside its initial memory")
            }
            bytes.replaceSubrange(Int(offset)..<(Int(offset) + segment.bytes.count), with: segment.bytes)
        }
        return bytes
    }

    /// Where every run of `program` starts: the start function's entry (phase 0) if the module
    /// has one, else `zkmain`'s (phase 1), with its locals pending and nothing on the stack.
    static func initialState(_ program: ZkWasmProgram) -> ZkWasmCPUState {
        let module = program.module
        let first = module.functions[module.start ?? program.entry]
        return ZkWasmCPUState(
            pc: first.entry, fp: 0, sp: 0, depth: 0, pending: first.localCount, publicIndex: 0, outputIndex: 0, phase: module.start == nil ? 1 : 0,
            pages: Int(module.memoryMinimumPages ?? 0))
    }

    /// The CPU table's public values: the image commitment as 8 little-endian u32 words, then
    /// the segment's start and end states and whether it is the last one.
    static func publicValues(commitment: [UInt8], start: ZkWasmCPUState, end: ZkWasmCPUState, isFinal: Bool, tables: Int) -> [[BabyBear]] {
        let words = (0..<8).map { word in
            var value: UInt32 = 0
            for i in 0..<4 where 4 * word + i < commitment.count { value |= UInt32(commitment[4 * word + i]) << UInt32(8 * i) }
            return BabyBear(value)
        }
        return [words + start.field + end.field + [isFinal ? .one : .zero]] + [[BabyBear]](repeating: [], count: tables - 1)
    }

    /// The verifier's side of a segment: it receives the start and end `(tag, address,
    /// value₀…₃, phase)` of every touched cell (``ZkWasmBoundaryAIR``; a linear-memory cell is
    /// an 8-byte word as four 16-bit limbs), the public inputs `(1, index, limbs)` and the
    /// outputs `(2, index, limbs)` the segment reads and writes.
    static func publicLookups(
        cells: [(space: Int, address: Int, initial: [UInt32], final: [UInt32])], inputs: ArraySlice<UInt64>, outputs: ArraySlice<UInt64>
    ) -> [STARKPublicLookup] {
        var boundary: [[BabyBear]] = []
        boundary.reserveCapacity(2 * cells.count)
        for cell in cells {
            let head = [BabyBear(UInt32(ZkWasmBoundaryAIR.tag(space: cell.space))), BabyBear(UInt32(cell.address))]
            boundary.append(head + cell.initial.map { BabyBear($0) } + [.zero])
            boundary.append(head + cell.final.map { BabyBear($0) } + [.one])
        }
        func io(_ kind: UInt32, _ values: ArraySlice<UInt64>) -> [[BabyBear]] {
            values.indices.map { index in [BabyBear(kind), BabyBear(UInt32(index))] + ZkWasmTraceBuilder.limbs(values[index]).map { BabyBear($0) } }
        }
        return [
            STARKPublicLookup(bus: ZkWasmBus.boundary, tuples: boundary, isSend: false),
            STARKPublicLookup(bus: ZkWasmBus.io, tuples: io(1, inputs) + io(2, outputs), isSend: false),
        ]
    }

    /// Proves `trace`, the traced run `run` of `program`, in segments of at most
    /// `2^segmentLimitPo2 − 1` CPU rows (default: the program's limit) with
    /// ``ZkWasmSegmentProver``; ``ZkWasmProgram/prove(inputs:call:)`` streams the run instead.
    ///
    /// Throws `.executionFailed` when the trace does not satisfy the tables (a tampered or
    /// inconsistent trace: no proof exists), `.cancelled`, `.resourceLimit`.
    /// `forgeries` are test hooks modelling a cheating prover (``ZkWasmTraceBuilder/Forgeries``).
    static func prove(
        program: ZkWasmProgram, run: ZkWasmRun, trace: WasmExecutionTrace, segmentLimitPo2: Int? = nil, call: CallContext = .none,
        options: STARKProverOptions = .init(), forgeries: ZkWasmTraceBuilder.Forgeries = []
    ) throws(EngineError) -> ZkWasmReceipt {
        var prover = try ZkWasmSegmentProver(
            program: program, publicInputs: run.publicInputs, segmentLimitPo2: segmentLimitPo2, expectedSteps: trace.count, call: call,
            options: options, forgeries: forgeries)
        for i in 0..<trace.count where prover.failure == nil {
            prover.step(pc: trace.pc[i], fp: trace.fp[i], sp: trace.sp[i], v0: trace.v0[i], v1: trace.v1[i], v2: trace.v2[i])
        }
        return try prover.finish()
    }

    /// Checks `receipt` against `program`, replaying its segments from the module's initial
    /// state; returns the conjectured security bits of its weakest segment proof.
    /// Throws `.verificationFailed` with the reason. Never traps on hostile bytes.
    static func verify(program: ZkWasmProgram, receipt: ZkWasmReceipt) throws(EngineError) -> Int {
        guard receipt.engineName == ZkWasmEngine.descriptor.name, receipt.engineVersion == ZkWasmEngine.descriptor.version else {
            throw EngineError(.verificationFailed, "the receipt was made by \(receipt.engineName) \(receipt.engineVersion), not \(ZkWasmEngine.descriptor.name) \(ZkWasmEngine.descriptor.version)")
        }
        guard receipt.imageCommitment == program.imageCommitment else {
            throw EngineError(.verificationFailed, "the receipt is for another module: its image commitment differs from this program's")
        }
        guard !receipt.segments.isEmpty else { throw EngineError(.verificationFailed, "the receipt has no segments") }
        let module = program.module
        let airs = airs(program: program)
        let key = try program.key(airs: airs)
        // The verifier's copy of the machine: linear memory, the other spaces' changed cells, the state.
        var linear = try initialMemory(program)
        var changed: [UInt64: [UInt32]] = [:]
        var state = initialState(program)
        var bits = Int.max
        for (index, segment) in receipt.segments.enumerated() {
            let isFinal = index == receipt.segments.count - 1
            let what = "segment \(index) of \(receipt.segments.count)"
            let inputs = (Int(state.publicIndex), Int(segment.end.publicIndex)), outputs = (Int(state.outputIndex), Int(segment.end.outputIndex))
            guard inputs.0 <= inputs.1, inputs.1 <= receipt.publicInputs.count, outputs.0 <= outputs.1, outputs.1 <= receipt.outputs.count else {
                throw EngineError(.verificationFailed, "\(what) ends after \(inputs.1) public inputs and \(outputs.1) outputs, outside \(inputs.0)…\(receipt.publicInputs.count) and \(outputs.0)…\(receipt.outputs.count)")
            }
            guard !isFinal || (inputs.1 == receipt.publicInputs.count && outputs.1 == receipt.outputs.count) else {
                throw EngineError(.verificationFailed, "the run read \(inputs.1) public inputs and wrote \(outputs.1) outputs, the receipt states \(receipt.publicInputs.count) and \(receipt.outputs.count)")
            }
            var cells: [(space: Int, address: Int, initial: [UInt32], final: [UInt32])] = []
            cells.reserveCapacity(segment.cells.count)
            for cell in segment.cells {
                let space = Int(cell.space), address = Int(cell.address)
                guard cell.final.map({ $0.count == 4 && $0.allSatisfy { $0 < ZkWasmSegment.modulus } }) ?? true else {
                    throw EngineError(.verificationFailed, "\(what): cell (\(space), \(address)) has a malformed final value")
                }
                let initial: [UInt32]
                switch space {
                case ZkWasmSpace.linear:
                    guard 8 * address < linear.count else {
                        throw EngineError(.verificationFailed, "\(what) touches linear memory at \(8 * address), beyond the memory's \(linear.count) bytes")
                    }
                    initial = ZkWasmBoundaryAIR.limbs(bytes: (0..<8).map { UInt32(linear[8 * address + $0]) })
                    if let final = cell.final, final.contains(where: { $0 > 0xFFFF }) {
                        throw EngineError(.verificationFailed, "\(what) leaves the linear memory word at \(8 * address) holding \(final), not four 16-bit limbs")
                    }
                case ZkWasmSpace.global:
                    guard address < module.globals.count else { throw EngineError(.verificationFailed, "\(what) touches global \(address), which the module does not have") }
                    initial = changed[cell.key] ?? ZkWasmTraceBuilder.limbs(module.globals[address].initialValue)
                default:
                    initial = changed[cell.key] ?? [0, 0, 0, 0]
                }
                guard cell.final != initial else {
                    throw EngineError(.verificationFailed, "\(what): cell (\(space), \(address)) is marked written with its own value")
                }
                cells.append((space, address, initial, cell.final ?? initial))
            }
            let proof: STARKProof
            do { proof = try STARKProof(decoding: segment.proof) } catch { throw EngineError(.verificationFailed, "\(what): the STARK proof is malformed: \(error)") }
            let publicValues = publicValues(commitment: receipt.imageCommitment, start: state, end: segment.end, isFinal: isFinal, tables: airs.count)
            let lookups = publicLookups(
                cells: cells, inputs: receipt.publicInputs[inputs.0..<inputs.1], outputs: receipt.outputs[outputs.0..<outputs.1])
            do {
                try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: publicValues, publicLookups: lookups)
            } catch { throw EngineError(.verificationFailed, "\(what): the zkwasm proof does not verify: \(error)") }
            for cell in cells where cell.final != cell.initial {
                if cell.space == ZkWasmSpace.linear {
                    for j in 0..<8 { linear[8 * cell.address + j] = UInt8(truncatingIfNeeded: cell.final[j / 2] >> (8 * UInt32(j % 2))) }
                } else {
                    changed[UInt64(cell.space) << 32 | UInt64(cell.address)] = cell.final
                }
            }
            state = segment.end
            bits = min(bits, key.verifyingKey.conjecturedSecurityBits(logMaxHeight: proof.logHeights.max() ?? 0))
        }
        return bits
    }
}

extension ZkWasmProgram {
    /// The STARK key of this module, from the program's cache when present.
    func key(airs: [any AIR]) throws(EngineError) -> STARKProvingKey {
        try keyCache.key { () throws(EngineError) -> STARKProvingKey in
            do { return try STARKProvingKey(airs: airs, config: ZkWasmProver.config) } catch { throw EngineError(.internal, "zkwasm STARK key: \(error)") }
        }
    }

    /// Runs, traces and proves the task; returns the encoded ``ZkWasmReceipt``.
    /// Throws like ``execute(inputs:call:)`` (every module the program accepted is provable).
    /// Polls cancellation between phases and during the run.
    public func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        let parsed: ZkWasmInputs
        do { parsed = try ZkWasmInputs(messages: inputs) } catch { throw EngineError(.invalidInput, error.message) }
        call.progress("zkwasm: execute", 0)
        func engineError(_ error: ZkWasmFailure) -> EngineError {
            if case .instructionLimit = error { return EngineError(.resourceLimit, error.description) }
            if case .cancelled = error { return EngineError(.cancelled, error.description) }
            return EngineError(.executionFailed, error.description)
        }
        // An untraced pass (about ten times faster) fails a failing run before any proving.
        var counter = WasmNoTrace()
        var ignored: [UInt64] = []
        let counted: ZkWasmRun
        do { counted = try quietRun(parsed, recorder: &counter, call: call, debugValues: &ignored) } catch { throw engineError(error) }
        // The proving pass proves each segment as soon as the run has taken its steps.
        var prover = try ZkWasmSegmentProver(program: self, publicInputs: parsed.publicInputs, expectedSteps: Int(counted.instructions), call: call)
        let run: ZkWasmRun
        do { run = try self.run(parsed, recorder: &prover, call: call) } catch { throw engineError(error) }
        let receipt = try prover.finish()
        guard receipt.publicInputs == run.publicInputs, receipt.outputs == run.outputs else {
            throw EngineError(.internal, "the proved run's public inputs and outputs differ from the interpreter's")
        }
        return receipt.encoded()
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
