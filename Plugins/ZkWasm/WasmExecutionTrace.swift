/// Receives the events of a run. The interpreter is generic over it, so a run without tracing
/// (``WasmNoTrace``) compiles to a loop with no recording code at all.
public protocol WasmTraceRecorder {
    /// One executed instruction (see ``WasmExecutionTrace`` for the meaning of the values).
    mutating func step(pc: UInt32, fp: UInt32, sp: UInt32, v0: UInt64, v1: UInt64, v2: UInt64)
    /// One linear-memory access by the instruction with row number `step`.
    mutating func memory(step: UInt32, address: UInt32, width: UInt8, value: UInt64, isWrite: Bool)
    /// A call by row `step` into `function`, whose frame starts at `fp`, returning to `returnPC`.
    mutating func call(step: UInt32, function: UInt32, fp: UInt32, returnPC: UInt32)
    /// A return by row `step` from the innermost frame, restoring the caller's `fp`.
    mutating func `return`(step: UInt32, fp: UInt32)
}

/// Records nothing: the execution-only mode.
public struct WasmNoTrace: WasmTraceRecorder {
    public init() {}
    @inline(__always) public mutating func step(pc: UInt32, fp: UInt32, sp: UInt32, v0: UInt64, v1: UInt64, v2: UInt64) {}
    @inline(__always) public mutating func memory(step: UInt32, address: UInt32, width: UInt8, value: UInt64, isWrite: Bool) {}
    @inline(__always) public mutating func call(step: UInt32, function: UInt32, fp: UInt32, returnPC: UInt32) {}
    @inline(__always) public mutating func `return`(step: UInt32, fp: UInt32) {}
}

/// The execution trace of one run, in columns, for the STARK tables of the prover.
///
/// Everything is deterministic: the same module image and inputs give the same trace, bit for bit.
///
/// ## Machine model
/// - `pc` is the flat index of an instruction in the committed module image
///   (``WasmModule/code``); the image gives its opcode and immediates (instruction fetch table).
/// - One value stack of 64-bit slots holds, per active call, the frame's parameters and locals
///   followed by its operands. `fp` is the slot of local 0 of the current frame, `sp` the first
///   free slot. Local `i` lives at slot `fp + i`; the top operand at `sp − 1`. i32 values are kept
///   zero-extended. So the stack and locals tables are one read/write memory over slot numbers.
/// - Linear memory is byte-addressed; accesses are logged separately with their width.
///
/// ## Instruction rows (one per executed instruction, `count` rows)
/// `pc`, `fp`, `sp` are the values *before* the instruction. `v0`, `v1`, `v2` are the values it
/// touches, by class (unused ones are 0):
/// - binary numeric and comparison: `v0` = left operand (at `sp−2`), `v1` = right (at `sp−1`),
///   `v2` = result (written at `sp−2`).
/// - unary numeric, conversions, `eqz`: `v0` = operand (at `sp−1`), `v2` = result (at `sp−1`).
/// - `i32.const`/`i64.const`: `v2` = pushed value (the image's immediate).
/// - `local.get`: `v2` = value read at `fp+a` and pushed. `local.set`: `v0` = value popped and
///   written at `fp+a`. `local.tee`: `v0` = value read at `sp−1` and written at `fp+a`.
/// - `global.get`: `v2` = value of global `a` pushed. `global.set`: `v0` = value popped into
///   global `a`. (The globals table is these rows plus ``initialGlobals``.)
/// - loads: `v0` = address operand, `v2` = extended result; one memory row holds the raw bytes.
///   stores: `v0` = address operand, `v1` = value operand; one memory row holds the bytes written.
/// - `select`: `v0` = first operand (at `sp−3`), `v1` = second (`sp−2`), `v2` = condition (`sp−1`);
///   the result (`v2 ≠ 0 ? v0 : v1`) is written at `sp−3`.
/// - `drop`: `v0` = dropped value.
/// - `br`: `v0` = carried value when the label has arity 1 (moved from `sp−1` to
///   `sp−1−drop`). `br_if`: `v0` = condition, `v1` = carried value when taken.
///   `br_table`: `v0` = index operand, `v1` = carried value. `if`: `v0` = condition.
/// - `return` (also a function's final `end`): `v0` = the result when the function has one
///   (moved from `sp−1` to `fp`).
/// - `call`: `v0`/`v2` are the host function's argument/result when the callee is a zkWasm host
///   function (`wasm_input`: `v0` = kind, `v2` = the value read; `require`, `wasm_output`,
///   `wasm_dbg`: `v0` = argument). `call_indirect`: `v0` = table index, `v1` = the function.
/// - `memory.size`: `v2` = pages. `memory.grow`: `v0` = delta, `v2` = result (old pages or
///   0xFFFFFFFF).
///
/// ## Memory rows
/// `memoryStep` (the instruction row), `memoryAddress` (effective byte address), `memoryValue`
/// (the `width` bytes little-endian, zero-extended), `memoryFlags` (`width` in bits 0–3, bit 7
/// set for a write). Rows appear in execution order, so `(memoryStep, row order)` is the
/// timestamp. Initial memory is the image's active data segments, applied in order.
///
/// ## Frame rows
/// `frameStep`, `frameFunction` (the callee; `UInt32.max` for a return), `frameFP` (the callee's
/// `fp`; for a return the `fp` restored), `frameReturnPC` (pc after the call; 0 for a return).
/// The first row is the host's call of the start function or `zkmain` (`frameStep` = the row
/// about to run, `frameReturnPC` = `UInt32.max`).
///
/// ## Public values
/// ``publicInputs`` (the values `wasm_input(1)` read, in order: the public instances) and
/// ``outputs`` (the `wasm_output` values) are kept by the run result beside the trace.
public struct WasmExecutionTrace: WasmTraceRecorder, Sendable {
    public var pc: [UInt32] = []
    public var fp: [UInt32] = []
    public var sp: [UInt32] = []
    public var v0: [UInt64] = []
    public var v1: [UInt64] = []
    public var v2: [UInt64] = []

    public var memoryStep: [UInt32] = []
    public var memoryAddress: [UInt32] = []
    public var memoryValue: [UInt64] = []
    public var memoryFlags: [UInt8] = []

    public var frameStep: [UInt32] = []
    public var frameFunction: [UInt32] = []
    public var frameFP: [UInt32] = []
    public var frameReturnPC: [UInt32] = []

    /// Global values before the first instruction.
    public var initialGlobals: [UInt64] = []
    /// Memory size in pages before the first instruction.
    public var initialMemoryPages: UInt32 = 0

    public init(reservingSteps steps: Int = 0) {
        pc.reserveCapacity(steps)
        fp.reserveCapacity(steps)
        sp.reserveCapacity(steps)
        v0.reserveCapacity(steps)
        v1.reserveCapacity(steps)
        v2.reserveCapacity(steps)
    }

    /// Number of instruction rows.
    public var count: Int { pc.count }

    @inline(__always)
    public mutating func step(pc: UInt32, fp: UInt32, sp: UInt32, v0: UInt64, v1: UInt64, v2: UInt64) {
        self.pc.append(pc)
        self.fp.append(fp)
        self.sp.append(sp)
        self.v0.append(v0)
        self.v1.append(v1)
        self.v2.append(v2)
    }

    @inline(__always)
    public mutating func memory(step: UInt32, address: UInt32, width: UInt8, value: UInt64, isWrite: Bool) {
        memoryStep.append(step)
        memoryAddress.append(address)
        memoryValue.append(value)
        memoryFlags.append(width | (isWrite ? 0x80 : 0))
    }

    public mutating func call(step: UInt32, function: UInt32, fp: UInt32, returnPC: UInt32) {
        frameStep.append(step)
        frameFunction.append(function)
        frameFP.append(fp)
        frameReturnPC.append(returnPC)
    }

    public mutating func `return`(step: UInt32, fp: UInt32) {
        frameStep.append(step)
        frameFunction.append(UInt32.max)
        frameFP.append(fp)
        frameReturnPC.append(0)
    }

    /// Drops the first `count` instruction rows (a prover's window of steps already proved).
    mutating func dropFirst(_ count: Int) {
        pc.removeFirst(count)
        fp.removeFirst(count)
        sp.removeFirst(count)
        v0.removeFirst(count)
        v1.removeFirst(count)
        v2.removeFirst(count)
    }

    /// A digest of every column, to check determinism cheaply (FNV-1a over the little-endian bytes).
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            hash = (hash ^ value) &* 0x0000_0100_0000_01B3  // FNV prime; wrapping multiply by design
        }
        for column in [pc, fp, sp, memoryStep, memoryAddress, frameStep, frameFunction, frameFP, frameReturnPC] {
            mix(UInt64(column.count))
            for value in column { mix(UInt64(value)) }
        }
        for column in [v0, v1, v2, memoryValue, initialGlobals] {
            mix(UInt64(column.count))
            for value in column { mix(value) }
        }
        for flag in memoryFlags { mix(UInt64(flag)) }
        return hash
    }
}
