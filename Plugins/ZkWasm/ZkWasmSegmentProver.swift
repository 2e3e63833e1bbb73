import SproutCoreAIR
import SproutCoreField
import SproutCoreSTARK
import SproutPluginKit

/// Proves a run segment by segment as its steps arrive: a ``WasmTraceRecorder`` that keeps a
/// window of at most `2^segmentLimitPo2` steps and, whenever the window holds a full segment,
/// builds that segment's tables (``ZkWasmTraceBuilder``), proves them and drops the steps it
/// consumed. So one segment's trace and tables are in memory at a time, however long the run
/// (``ZkWasmProver`` describes the segments and their chain).
///
/// A step cannot throw, so the first failure is kept (``finish()`` throws it) and later steps
/// are ignored. Threading: a value used by one prover.
struct ZkWasmSegmentProver: WasmTraceRecorder {
    let program: ZkWasmProgram
    /// The public inputs the run may read, in order (the receipt states the prefix it read).
    let publicInputs: [UInt64]
    let airs: [any AIR]
    let key: STARKProvingKey
    let programHeight: Int
    /// CPU rows per segment at most (`2^segmentLimitPo2 − 1`).
    let maxRows: Int
    /// Steps the run is expected to take (for progress only).
    let expectedSteps: Int
    let call: CallContext
    let options: STARKProverOptions
    var builder: ZkWasmTraceBuilder
    /// The steps not yet proved (a segment needs one step beyond its own to know where it ends).
    var window: WasmExecutionTrace
    var stepsSeen = 0
    var segments: [ZkWasmSegment] = []
    var failure: EngineError?

    init(
        program: ZkWasmProgram, publicInputs: [UInt64], segmentLimitPo2: Int? = nil, expectedSteps: Int = 0, call: CallContext = .none,
        options: STARKProverOptions = .init(), forgeries: ZkWasmTraceBuilder.Forgeries = []
    ) throws(EngineError) {
        self.program = program
        self.publicInputs = publicInputs
        airs = ZkWasmProver.airs(program: program)
        builder = ZkWasmTraceBuilder(
            module: program.module, entry: program.entry, initialMemory: try ZkWasmProver.initialMemory(program),
            memoryLimit: program.limits.memoryLimit(of: program.module), branchTable: airs[8] as! ZkWasmBranchTableAIR, functionTable: airs[9] as! ZkWasmFunctionTableAIR)
        builder.forgeries = forgeries
        key = try program.key(airs: airs)
        programHeight = (airs[1] as! ZkWasmProgramAIR).table.height
        maxRows = (1 << (segmentLimitPo2 ?? program.limits.segmentLimitPo2)) - 1
        self.expectedSteps = expectedSteps
        self.call = call
        self.options = options
        window = WasmExecutionTrace(reservingSteps: maxRows + 1)
    }

    mutating func step(pc: UInt32, fp: UInt32, sp: UInt32, v0: UInt64, v1: UInt64, v2: UInt64) {
        guard failure == nil else { return }
        window.step(pc: pc, fp: fp, sp: sp, v0: v0, v1: v1, v2: v2)
        stepsSeen += 1
        // A segment consumes at most maxRows steps and looks one step ahead.
        if window.count > maxRows {
            do { try proveSegment() } catch { failure = error }
        }
    }

    mutating func memory(step: UInt32, address: UInt32, width: UInt8, value: UInt64, isWrite: Bool) {}
    mutating func call(step: UInt32, function: UInt32, fp: UInt32, returnPC: UInt32) {}
    mutating func `return`(step: UInt32, fp: UInt32) {}

    /// Builds and proves the next segment from the window, then drops the steps it consumed.
    mutating func proveSegment() throws(EngineError) {
        try call.checkCancelled()
        let segment: ZkWasmTraceBuilder.Segment
        do { segment = try builder.buildSegment(trace: window, maxRows: maxRows) } catch {
            switch error {
            case let .tooLarge(message): throw EngineError(.resourceLimit, message)
            case let .inconsistent(message): throw EngineError(.executionFailed, "the execution trace is inconsistent: \(message)")
            }
        }
        let inputs = Int(segment.start.publicIndex)..<Int(segment.end.publicIndex)
        guard inputs.upperBound <= publicInputs.count else {
            throw EngineError(.executionFailed, "the execution trace is inconsistent: it reads \(inputs.upperBound) public inputs, there are \(publicInputs.count)")
        }
        let tables = builder.tables(programHeight: programHeight, segment: segment)
        // Words of linear memory travel as four 16-bit limbs, like the other cells.
        let cells = segment.cells.map { cell in
            cell.space == ZkWasmSpace.linear
                ? (cell.space, cell.address, ZkWasmBoundaryAIR.limbs(bytes: cell.initial), ZkWasmBoundaryAIR.limbs(bytes: cell.final))
                : (cell.space, cell.address, cell.initial, cell.final)
        }
        let traces = [
            RowMajorMatrix(width: CPUColumn.width, values: builder.rows), tables.program, tables.range, tables.boundary, tables.accesses,
            tables.bitwise, tables.multiply, tables.arithmetic, tables.branches, tables.functions,
        ]
        let publicValues = ZkWasmProver.publicValues(
            commitment: program.imageCommitment, start: segment.start, end: segment.end, isFinal: segment.halts, tables: airs.count)
        let lookups = ZkWasmProver.publicLookups(
            cells: cells, inputs: publicInputs[inputs],
            outputs: builder.outputs[Int(segment.start.outputIndex)..<Int(segment.end.outputIndex)])
        try call.checkCancelled()
        call.progress("zkwasm: STARK of segment \(segments.count)", 0.1 + 0.9 * Double(stepsSeen) / Double(max(1, expectedSteps, stepsSeen)))
        let proof: STARKProof
        do { proof = try STARKProver.prove(key: key, traces: traces, publicValues: publicValues, publicLookups: lookups, options: options) } catch {
            throw EngineError(.executionFailed, "the execution trace does not satisfy the zkwasm constraints in segment \(segments.count), so no proof exists: \(error)")
        }
        segments.append(
            ZkWasmSegment(
                end: segment.end,
                cells: cells.map { .init(space: UInt32($0.0), address: UInt32($0.1), final: $0.3 == $0.2 ? nil : $0.3) },
                proof: proof.encoded()))
        window.dropFirst(builder.traceIndex)
        builder.traceIndex = 0
    }

    /// After the run's last step: proves what is left and returns the receipt.
    mutating func finish() throws(EngineError) -> ZkWasmReceipt {
        if let failure { throw failure }
        while !builder.halted { try proveSegment() }
        call.progress("zkwasm: done", 1)
        return ZkWasmReceipt(
            engineName: ZkWasmEngine.descriptor.name, engineVersion: ZkWasmEngine.descriptor.version, imageCommitment: program.imageCommitment,
            publicInputs: Array(publicInputs.prefix(builder.publicIndex)), outputs: builder.outputs, segments: segments)
    }
}
