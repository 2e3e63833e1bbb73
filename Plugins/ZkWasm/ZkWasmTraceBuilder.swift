import SproutCoreField

/// Turns a ``WasmExecutionTrace`` into the main traces of the zkwasm proof's tables, one segment
/// at a time (``buildSegment(trace:maxRows:)``, then ``tables(programHeight:)``), replaying the
/// memory accesses to fill in previous values and timestamps.
///
/// The machine's memory (stack slots, frames, globals, linear memory) and the position in the
/// trace persist from one segment to the next; each segment's tables, timestamps (which restart
/// at 0) and touched cells start afresh, so one segment's tables are in memory at a time.
///
/// Refuses (``ZkWasmTraceBuilder/Refusal``) a trace that is not a run of the module (a forged or
/// inconsistent one), or one the tables cannot hold.
/// Complexity: `O(rows)` time and memory per segment. Threading: a value used by one prover.
struct ZkWasmTraceBuilder {
    enum Refusal: Error {
        case tooLarge(String)
        case inconsistent(String)
    }

    /// A memory cell: 4 field values (16-bit limbs for stack and globals; `(returnPC, fp, 0, 0)`
    /// for frames) and the time of its last access in the current segment (0: not yet touched).
    struct Cell {
        var value: [UInt32] = [0, 0, 0, 0]
        var time: UInt32 = 0
    }

    /// A cell the current segment touched: where, and its value before the segment (for linear
    /// memory an aligned 8-byte word: its index and 8 bytes, see ``ZkWasmBoundaryAIR``).
    struct Touched {
        var space: Int
        var address: Int
        var initial: [UInt32]
        var key: Int { space << 32 | address }
    }

    /// The boundary of a built segment: its start and end states, whether it halts, and its
    /// touched cells sorted by (space, address) with their values at both ends and their final
    /// access times (linear memory: 8 bytes and 8 times per word).
    struct Segment {
        var start: ZkWasmCPUState
        var end: ZkWasmCPUState
        var halts: Bool
        var cells: [(space: Int, address: Int, initial: [UInt32], final: [UInt32], finalTimes: [UInt32])]
    }

    let module: WasmModule
    let entry: Int
    var rows: [BabyBear] = []
    var rowCount = 0
    var stack: [Cell] = []
    var frames: [Cell] = []
    var globals: [Cell]
    var fetchCounts: [UInt32]
    var range16 = [UInt32](repeating: 0, count: 1 << 16)
    var range14 = [UInt32](repeating: 0, count: 1 << 16)
    var range8 = [UInt32](repeating: 0, count: 1 << 16)
    /// Lookups of the byte-AND table, indexed `x + 2⁸·y`.
    var byteAnd = [UInt32](repeating: 0, count: 1 << 16)
    /// Rows of ``ZkWasmBitwiseAIR``, flattened.
    var bitwiseRows: [BabyBear] = []
    var bitwiseCount = 0
    /// Lookups of the byte-pair table, indexed `x + 2⁸·y`.
    var bytePair = [UInt32](repeating: 0, count: 1 << 16)
    /// Rows of ``ZkWasmMultiplyAIR``, flattened.
    var multiplyRows: [BabyBear] = []
    var multiplyCount = 0
    /// Rows of ``ZkWasmArithmeticAIR``, flattened.
    var arithmeticRows: [BabyBear] = []
    var arithmeticCount = 0
    /// Lookups of the power table, indexed by the exponent.
    var power = [UInt32](repeating: 0, count: 64)
    /// Lookups of the popcount table, indexed by the 16-bit value.
    var popcount = [UInt32](repeating: 0, count: 1 << 16)
    /// Lookups of the leading and trailing zero-count tables, indexed by the 16-bit value.
    var leadingZeros = [UInt32](repeating: 0, count: 1 << 16)
    var trailingZeros = [UInt32](repeating: 0, count: 1 << 16)
    /// The row of entry 0 of each `br_table` in ``ZkWasmBranchTableAIR``, and lookups per row.
    let branchRows: [Int: Int]
    var branchUses: [UInt32]
    /// The row of each function table slot in ``ZkWasmFunctionTableAIR``, and lookups per row.
    let functionRows: [Int: Int]
    var functionUses: [UInt32]
    /// Linear memory bytes and the time of their last access.
    var memoryBytes: [UInt8]
    var memoryTimes: [UInt32]
    /// Rows of ``ZkWasmMemoryAccessAIR``, flattened.
    var accessRows: [BabyBear] = []
    var accessCount = 0
    /// 0 while the start function runs, then 1 (see ``CPUColumn/phase``).
    var phase = 1
    /// The memory size in pages (see ``CPUColumn/pages``) and the most `memory.grow` may reach.
    var pages: Int
    let memoryLimit: Int
    /// Cells the current segment touched, in order of first access, and which memory words.
    var touched: [Touched] = []
    var wordTouched: [Bool]
    /// The next trace row to prove, the locals a call still has to zero, the call depth (−1 after
    /// the halting return) and the public input and output counts so far.
    var traceIndex = 0
    var pendingLocals: (pc: Int, fp: Int, sp: Int, count: Int, next: Int)?
    var depth = 0, publicIndex = 0, outputIndex = 0
    /// The values `wasm_output` wrote so far.
    var outputs: [UInt64] = []
    /// The last instruction row built, and whether it was the halting return.
    var last = Row()
    var halted = false
    /// Test hooks modelling a cheating prover, who fills the tables with what the run did not do,
    /// so that the tests can show the verifier rejects it.
    struct Forgeries: OptionSet {
        let rawValue: Int
        /// Loads take the trace's value instead of memory's.
        static let loads = Forgeries(rawValue: 1)
        /// `select` keeps the operand its condition rejects.
        static let select = Forgeries(rawValue: 2)
        /// `shl` by k multiplies by 2^(k+1) in the arithmetic table, whose count columns still say k.
        static let shiftPower = Forgeries(rawValue: 4)
        /// The start function's final return halts instead of entering `zkmain`.
        static let startHalts = Forgeries(rawValue: 8)
    }
    var forgeries: Forgeries = []

    init(
        module: WasmModule, entry: Int, initialMemory: [UInt8], memoryLimit: Int, branchTable: ZkWasmBranchTableAIR,
        functionTable: ZkWasmFunctionTableAIR
    ) {
        pages = Int(module.memoryMinimumPages ?? 0)
        self.memoryLimit = memoryLimit
        functionRows = functionTable.rowOf
        functionUses = [UInt32](repeating: 0, count: functionTable.table.height)
        branchRows = branchTable.firstRow
        branchUses = [UInt32](repeating: 0, count: branchTable.table.height)
        self.module = module
        self.entry = entry
        memoryBytes = initialMemory
        memoryTimes = [UInt32](repeating: 0, count: initialMemory.count)
        wordTouched = [Bool](repeating: false, count: initialMemory.count / 8)
        globals = module.globals.map { Cell(value: Self.limbs($0.initialValue), time: 0) }
        fetchCounts = [UInt32](repeating: 0, count: max(2, module.code.count))
        if let start = module.start {
            phase = 0
            beginLocals(pc: module.functions[start].entry, fp: 0, sp: 0, count: module.functions[start].localCount)
        } else {
            beginLocals(pc: module.functions[entry].entry, fp: 0, sp: 0, count: module.functions[entry].localCount)
        }
    }

    /// A call (or the host's entry) into a function with `count` declared locals: the next rows
    /// zero them (``ZkWasmOperation/zeroLocal``).
    mutating func beginLocals(pc: Int, fp: Int, sp: Int, count: Int) {
        pendingLocals = count > 0 ? (pc, fp, sp, count, 0) : nil
    }

    static func limbs(_ value: UInt64) -> [UInt32] { (0..<4).map { UInt32(truncatingIfNeeded: (value >> UInt64(16 * $0)) & 0xFFFF) } }

    /// One CPU row being assembled.
    struct Row {
        var op: ZkWasmOperation?
        var pc = 0, fp = 0, sp = 0, depth = 0, pending = 0, publicIndex = 0, outputIndex = 0
        var instruction = WasmInstruction(.nop)
        var callee: (entry: Int, parameters: Int, locals: Int) = (0, 0, 0)
        /// `call_indirect`: the callee found in the function table.
        var indirectCallee: (entry: Int, parameters: Int, locals: Int) = (0, 0, 0)
        var v0: [UInt32] = [0, 0, 0, 0], v1: [UInt32] = [0, 0, 0, 0], v2: [UInt32] = [0, 0, 0, 0]
        /// Per slot: (enabled, space, address) — address may be negative for disabled slots.
        var slots: [(Bool, Int, Int)] = [(false, 0, 0), (false, 0, 0), (false, 0, 0)]
        var taken = false
        /// Sign bits and the rest of the operands' top limbs (or of the extended byte).
        var signs = [0, 0], rests = [0, 0]
        /// `br_table`: the entry taken, its target pc, drop count and arity.
        var branch = (entry: 0, target: 0, drop: 0, arity: 0)
    }

    mutating func cell(_ space: Int, _ address: Int) throws(Refusal) -> Cell {
        guard address >= 0 else { throw .inconsistent("negative address in space \(space)") }
        switch space {
        case ZkWasmSpace.stack:
            if address >= stack.count { stack.append(contentsOf: repeatElement(Cell(), count: address + 1 - stack.count)) }
            return stack[address]
        case ZkWasmSpace.frame:
            if address >= frames.count { frames.append(contentsOf: repeatElement(Cell(), count: address + 1 - frames.count)) }
            return frames[address]
        default:
            guard address < globals.count else { throw .inconsistent("global \(address) does not exist") }
            return globals[address]
        }
    }

    mutating func store(_ space: Int, _ address: Int, _ cell: Cell) {
        switch space {
        case ZkWasmSpace.stack: stack[address] = cell
        case ZkWasmSpace.frame: frames[address] = cell
        default: globals[address] = cell
        }
    }

    /// Appends `row` as CPU row `rowCount`.
    mutating func append(_ row: Row) throws(Refusal) {
        typealias C = CPUColumn
        var out = [BabyBear](repeating: .zero, count: C.width)
        let clk = rowCount
        guard clk < 1 << 25 else { throw .tooLarge("the run needs more than 2^25 rows") }
        func set(_ c: Int, _ v: Int) { out[c] = BabyBear(signed: Int64(v)) }
        set(C.clk, clk)
        set(C.pc, row.pc); set(C.fp, row.fp); set(C.sp, row.sp); set(C.depth, row.depth); set(C.pending, row.pending)
        set(C.publicIndex, row.publicIndex); set(C.outputIndex, row.outputIndex)
        var v2 = row.v2
        if let op = row.op {
            out[C.flags + op.rawValue] = .one
            if op != .zeroLocal {
                fetchCounts[row.pc] += 1
                set(C.a, Int(ZkWasmOperation.fetchedA(row.instruction))); set(C.b, Int(row.instruction.b))
                for (i, limb) in Self.limbs(ZkWasmOperation.fetchedImmediate(row.instruction)).enumerated() { set(C.imm + i, Int(limb)) }
                set(C.calleeEntry, row.callee.entry); set(C.calleeParameters, row.callee.parameters); set(C.calleeLocals, row.callee.locals)
            }
            for k in 0..<3 {
                let (enabled, space, address) = row.slots[k]
                set(C.space + k, space)
                out[C.address + k] = BabyBear(signed: Int64(address))
                let time = UInt32(4 * clk + k + 1)
                var previous = time - 1
                if enabled {
                    var cell = try cell(space, address)
                    if cell.time == 0 { touched.append(Touched(space: space, address: address, initial: cell.value)) }
                    previous = cell.time
                    let value = k == 0 ? row.v0 : k == 1 ? row.v1 : v2
                    if k < 2, cell.value != value { throw .inconsistent("slot \(k) of row \(clk) reads \(value), memory holds \(cell.value)") }
                    if k == 2 { for i in 0..<4 { set(C.pv2 + i, Int(cell.value[i])) } }
                    cell.value = value
                    cell.time = time
                    store(space, address, cell)
                    let difference = time - previous - 1
                    range16[Int(difference & 0xFFFF)] += 1
                    range14[Int(difference >> 16)] += 1
                }
                set(C.previousTimestamp + k, Int(previous))
                let difference = time - previous - 1
                set(C.low + k, Int(difference & 0xFFFF)); set(C.high + k, Int(difference >> 16))
            }
            func carries(_ x: [UInt32], _ y: [UInt32], _ count: Int) {
                var carry: UInt32 = 0
                for i in 0..<count {
                    let total = x[i] + y[i] + carry  // < 2¹⁷
                    carry = total >> 16
                    set(C.carry + i, Int(carry))
                }
            }
            var checked = v2
            let signedComparison = ZkWasmOperation.signedComparisons.contains(op)
            if ZkWasmOperation.unsignedComparisons.contains(op) || signedComparison {
                let bits = ZkWasmOperation.thirtyTwoBit.contains(op) ? 32 : 64
                let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
                func join(_ l: [UInt32]) -> UInt64 { (0..<4).reduce(0) { $0 | UInt64(l[$1]) << UInt64(16 * $1) } }
                // Signed comparisons compare the operands with their sign bits flipped.
                var left = row.v0, right = row.v1
                if signedComparison {
                    left[bits / 16 - 1] ^= 0x8000
                    right[bits / 16 - 1] ^= 0x8000
                }
                let x = join(left), y = join(right)
                let swapped = [.gtU32, .gtU64, .leU32, .leU64, .gtS32, .gtS64, .leS32, .leS64].contains(op)
                // D = (x − y) or (y − x) mod 2^bits; wrapping by design.
                let difference = Self.limbs((swapped ? y &- x : x &- y) & mask)
                for i in 0..<4 { set(C.inverse + i, Int(difference[i])) }
                carries(swapped ? left : right, difference, bits / 16)
                checked = difference
            }
            for j in 0..<2 { set(C.sign + j, row.signs[j]); set(C.rest + j, row.rests[j]) }
            if op == .brTable {
                // b + D = index + c·2³² (D = index − b mod 2³², wrapping by design).
                let index = UInt64(row.v0[0]) | UInt64(row.v0[1]) << 16, b = UInt64(row.instruction.b)
                let difference = Self.limbs((index &- b) & 0xFFFF_FFFF)
                for i in 0..<4 { set(C.inverse + i, Int(difference[i])) }
                carries(Self.limbs(b), difference, 2)
                checked = difference
                set(C.entry, row.branch.entry); set(C.target, row.branch.target)
                set(C.targetDrop, row.branch.drop); set(C.targetArity, row.branch.arity)
            }
            if op == .popcnt32 || op == .popcnt64 {
                for i in 0..<4 {
                    set(C.inverse + i, row.v0[i].nonzeroBitCount)
                    popcount[Int(row.v0[i])] += 1
                }
            }
            if ZkWasmOperation.zeroCounts.contains(op) {
                let leading = op == .clz32 || op == .clz64
                let limbs = ZkWasmOperation.thirtyTwoBit.contains(op) ? 2 : 4
                for i in 0..<4 {
                    let limb = UInt16(row.v0[i])
                    set(C.inverse + i, leading ? limb.leadingZeroBitCount : limb.trailingZeroBitCount)
                    set(C.carry + i, limb == 0 ? 1 : 0)
                    if leading { leadingZeros[Int(limb)] += 1 } else { trailingZeros[Int(limb)] += 1 }
                }
                // The running products of the zero flags, from the top limb (clz) or the bottom one (ctz).
                if limbs == 4 {
                    let order = leading ? [3, 2, 1, 0] : [0, 1, 2, 3]
                    var prefix = 1
                    for j in 1..<4 {
                        prefix *= row.v0[order[j - 1]] == 0 ? 1 : 0
                        set([C.entry, C.target, C.targetDrop][j - 1], prefix)
                    }
                }
            }
            if op == .callIndirect {
                set(C.indirectEntry, row.indirectCallee.entry); set(C.indirectParameters, row.indirectCallee.parameters)
                set(C.indirectLocals, row.indirectCallee.locals)
                range14[Int(row.v0[1])] += 1
            }
            if op != .call && op != .callIndirect { for limb in checked { range16[Int(limb)] += 1 } }
            switch op {
            case _ where signedComparison:
                range16[2 * row.rests[0]] += 1
                range16[2 * row.rests[1]] += 1
            case .extend16S32, .extend16S64, .extend32S64, .i32Load16S, .i64Load16S, .i64Load32S: range16[2 * row.rests[0]] += 1
            case .i32Load8S, .i64Load8S: range8[2 * row.rests[0]] += 1
            case .extend8S32, .extend8S64:
                range8[2 * row.rests[0]] += 1
                range8[row.rests[1]] += 1
            default: break
            }
            if op.memoryWidth > 0 { range14[Int(row.v0[1])] += 1 }
            // Conditions, equality, carries, depth, pending.
            let condition = row.v0[0] + row.v0[1]
            if condition != 0 { out[C.conditionInverse] = BabyBear(condition).inverse }
            set(C.taken, row.taken ? 1 : 0)
            if ZkWasmOperation.equality.contains(op) {
                let equal = row.v0 == row.v1
                set(C.z, equal ? 1 : 0)
                if !equal, let i = (0..<4).first(where: { row.v0[$0] != row.v1[$0] }) {
                    out[C.inverse + i] = (BabyBear(row.v0[i]) - BabyBear(row.v1[i])).inverse
                }
            }
            switch op {
            case .add32: carries(row.v0, row.v1, 2)
            case .add64: carries(row.v0, row.v1, 4)
            case .sub32: carries(v2, row.v1, 2)
            case .sub64: carries(v2, row.v1, 4)
            default: break
            }
            if op == .zeroLocal { out[C.pendingInverse] = BabyBear(UInt32(row.pending)).inverse }
            if op == .memoryGrow {
                // z = [v0₁ ≠ 0] with v0₁'s inverse, else the 16-bit slack of the limit check (see
                // ZkWasmCPUAIR). A forged result gives a negative slack, which no lookup can count.
                if row.v0[1] != 0 {
                    set(C.z, 1)
                    out[C.inverse] = BabyBear(row.v0[1]).inverse
                } else {
                    let slack = row.taken ? memoryLimit - pages - Int(row.v0[0]) : pages + Int(row.v0[0]) - memoryLimit - 1
                    if slack >= 0 && slack < 1 << 16 { range16[slack] += 1 }
                }
            }
            if op == .return && row.depth == 0 { set(phase == 1 || forgeries.contains(.startHalts) ? C.halt : C.chain, 1) }
        } else {
            v2 = [0, 0, 0, 0]
            for k in 0..<3 {
                set(C.previousTimestamp + k, 4 * clk + k)
            }
        }
        set(C.phase, phase)
        set(C.pages, pages)
        let depth = BabyBear(signed: Int64(row.depth))
        if !depth.isZero {
            out[C.depthInverse] = depth.inverse
            set(C.nonTop, 1)
        }
        for i in 0..<4 { set(C.v0 + i, Int(row.v0[i])); set(C.v1 + i, Int(row.v1[i])); set(C.v2 + i, Int(v2[i])) }
        rows.append(contentsOf: out)
        rowCount += 1
    }

    /// Appends the ``ZkWasmMemoryAccessAIR`` row of a load (`value` = nil: returns the bytes read,
    /// zero-extended) or a store of `value` by CPU row `clk`.
    mutating func accessMemory(clk: Int, width: Int, address: Int, store value: UInt64?, claimed: UInt64 = 0) throws(Refusal) -> UInt64 {
        typealias C = MemoryAccessColumn
        guard address >= 0, address + width <= memoryBytes.count else { throw .inconsistent("memory access at \(address) outside the memory") }
        // The bounds check's slack; negative for an access past the current size (a forged run),
        // which then has no valid limbs.
        let slack = pages * 65536 - address - width
        var out = [BabyBear](repeating: .zero, count: C.width)
        let time = UInt32(4 * clk + 4)
        out[C.active] = .one
        out[C.clk] = BabyBear(UInt32(clk))
        out[C.isStore] = value == nil ? .zero : .one
        out[[1: C.w1, 2: C.w2, 4: C.w4, 8: C.w8][width]!] = .one
        out[C.address] = BabyBear(UInt32(address))
        var result: UInt64 = 0
        for j in 0..<8 {
            guard j < width else {
                out[C.previousTimestamp + j] = BabyBear(time - 1)
                continue
            }
            let previous = forgeries.contains(.loads) && value == nil ? UInt8(truncatingIfNeeded: claimed >> UInt64(8 * j)) : memoryBytes[address + j]
            let byte = value.map { UInt8(truncatingIfNeeded: $0 >> UInt64(8 * j)) } ?? previous
            out[C.byte + j] = BabyBear(UInt32(byte))
            out[C.previousByte + j] = BabyBear(UInt32(previous))
            let before = memoryTimes[address + j]
            let word = (address + j) >> 3
            if !wordTouched[word] {
                wordTouched[word] = true
                touched.append(Touched(space: ZkWasmSpace.linear, address: word, initial: (0..<8).map { UInt32(memoryBytes[8 * word + $0]) }))
            }
            out[C.previousTimestamp + j] = BabyBear(before)
            let difference = time - before - 1
            out[C.low + j] = BabyBear(difference & 0xFFFF)
            out[C.high + j] = BabyBear(difference >> 16)
            range16[Int(difference & 0xFFFF)] += 1
            range14[Int(difference >> 16)] += 1
            if value != nil { range8[Int(byte)] += 1 }
            memoryBytes[address + j] = byte
            memoryTimes[address + j] = time
            result |= UInt64(byte) << UInt64(8 * j)
        }
        let limbs = Self.limbs(value ?? result)
        for i in 0..<4 { out[C.value + i] = BabyBear(limbs[i]) }
        if width == 1, let value {
            let extra = UInt32(truncatingIfNeeded: (value >> 8) & 0xFF)
            out[C.extra] = BabyBear(extra)
            range8[Int(extra)] += 1
        }
        out[C.pages] = BabyBear(UInt32(pages))
        if slack >= 0 {
            out[C.slackLow] = BabyBear(UInt32(slack & 0xFFFF))
            out[C.slackHigh] = BabyBear(UInt32(slack >> 16))
            range16[slack & 0xFFFF] += 1
            range8[slack >> 16] += 1
        }
        accessRows.append(contentsOf: out)
        accessCount += 1
        return result
    }

    /// The state the next row starts from: a pending local's, or the next traced instruction's.
    func nextState(_ trace: WasmExecutionTrace) throws(Refusal) -> Row {
        var row = Row()
        if let p = pendingLocals {
            row.pc = p.pc; row.fp = p.fp; row.sp = p.sp + p.next; row.pending = p.count - p.next
        } else {
            guard traceIndex < trace.count else { throw .inconsistent("the run does not end with zkmain's return") }
            row.pc = Int(trace.pc[traceIndex]); row.fp = Int(trace.fp[traceIndex]); row.sp = Int(trace.sp[traceIndex])
        }
        row.depth = depth; row.publicIndex = publicIndex; row.outputIndex = outputIndex
        return row
    }

    func state(_ row: Row) -> ZkWasmCPUState {
        ZkWasmCPUState(
            pc: row.pc, fp: row.fp, sp: row.sp, depth: row.depth, pending: row.pending, publicIndex: row.publicIndex,
            outputIndex: row.outputIndex, phase: phase, pages: pages)
    }

    /// Starts a segment: empty tables, timestamps back to 0.
    mutating func resetSegment() {
        for cell in touched {
            switch cell.space {
            case ZkWasmSpace.stack: stack[cell.address].time = 0
            case ZkWasmSpace.frame: frames[cell.address].time = 0
            case ZkWasmSpace.global: globals[cell.address].time = 0
            default:
                wordTouched[cell.address] = false
                for j in 0..<8 { memoryTimes[8 * cell.address + j] = 0 }
            }
        }
        touched = []
        rows = []; rowCount = 0
        for i in fetchCounts.indices { fetchCounts[i] = 0 }
        for table in [\Self.range16, \.range14, \.range8, \.byteAnd, \.bytePair, \.popcount, \.leadingZeros, \.trailingZeros] {
            self[keyPath: table] = [UInt32](repeating: 0, count: 1 << 16)
        }
        power = [UInt32](repeating: 0, count: 64)
        bitwiseRows = []; bitwiseCount = 0
        multiplyRows = []; multiplyCount = 0
        arithmeticRows = []; arithmeticCount = 0
        accessRows = []; accessCount = 0
        for i in branchUses.indices { branchUses[i] = 0 }
        for i in functionUses.indices { functionUses[i] = 0 }
    }

    /// Builds the CPU rows of the next segment of `trace`: at most `maxRows` rows (instructions
    /// and zeroed locals), up to the halting return, then padding to a power of two (at least one
    /// padding row, which holds the end state).
    mutating func buildSegment(trace: WasmExecutionTrace, maxRows: Int) throws(Refusal) -> Segment {
        precondition(maxRows >= 1 && !halted)
        resetSegment()
        let start = state(try nextState(trace))
        while rowCount < maxRows && !halted {
            if var p = pendingLocals {
                var row = Row(op: .zeroLocal)
                row.pc = p.pc; row.fp = p.fp; row.sp = p.sp + p.next; row.depth = depth; row.pending = p.count - p.next
                row.publicIndex = publicIndex; row.outputIndex = outputIndex
                row.slots[2] = (true, ZkWasmSpace.stack, p.sp + p.next)
                try append(row)
                p.next += 1
                pendingLocals = p.next < p.count ? p : nil
                continue
            }
            guard traceIndex < trace.count else { throw .inconsistent("the run does not end with zkmain's return") }
            try step(trace, traceIndex)
            traceIndex += 1
        }
        var padding: Row
        if halted {
            guard traceIndex == trace.count else { throw .inconsistent("the run goes on after zkmain's return") }
            // The state the halting return's transition gives.
            padding = Row()
            padding.pc = Int(last.v1[0]); padding.fp = Int(last.v1[1]); padding.sp = last.fp + Int(last.instruction.b)
            padding.depth = -1; padding.publicIndex = publicIndex; padding.outputIndex = outputIndex
        } else {
            padding = try nextState(trace)
        }
        let end = state(padding)
        var height = 4
        while height < rowCount + 1 { height <<= 1 }
        while rowCount < height { try append(padding) }
        func final(_ cell: Touched) -> (value: [UInt32], times: [UInt32]) {
            let last: Cell
            switch cell.space {
            case ZkWasmSpace.stack: last = stack[cell.address]
            case ZkWasmSpace.frame: last = frames[cell.address]
            case ZkWasmSpace.global: last = globals[cell.address]
            default:
                let bytes = (8 * cell.address)..<(8 * cell.address + 8)
                return (bytes.map { UInt32(memoryBytes[$0]) }, Array(memoryTimes[bytes]))
            }
            return (last.value, [last.time])
        }
        let cells = touched.sorted { $0.key < $1.key }.map { cell in
            let last = final(cell)
            return (cell.space, cell.address, cell.initial, last.value, last.times)
        }
        for cell in touched where cell.space == ZkWasmSpace.linear {
            for byte in cell.initial { range8[Int(byte)] += 1 }
        }
        return Segment(start: start, end: end, halts: halted, cells: cells)
    }

    /// Builds the CPU row of trace row `i` (and its memory-access and ALU rows).
    mutating func step(_ trace: WasmExecutionTrace, _ i: Int) throws(Refusal) {
        let code = module.code
        let main = module.functions[entry]
        do {
            let pc = Int(trace.pc[i]), fp = Int(trace.fp[i]), sp = Int(trace.sp[i])
            let instruction = code[pc]
            guard let op = ZkWasmOperation.of(instruction, in: module) else {
                throw .inconsistent("row \(i) executes \(instruction.opcode.name), which always traps")
            }
            var row = Row(op: op)
            row.pc = pc; row.fp = fp; row.sp = sp; row.depth = depth; row.instruction = instruction
            row.publicIndex = publicIndex; row.outputIndex = outputIndex
            let t0 = Self.limbs(trace.v0[i]), t1 = Self.limbs(trace.v1[i]), t2 = Self.limbs(trace.v2[i])
            let a = Int(instruction.a), b = Int(instruction.b), arity = instruction.immediate != 0
            let S = ZkWasmSpace.stack
            switch op {
            case .nop, .else: break
            case .const:
                row.v2 = t2; row.slots[2] = (true, S, sp)
            case .add32, .add64, .sub32, .sub64, .eq32, .eq64, .ne32, .ne64, .ltU32, .ltU64, .gtU32, .gtU64, .leU32, .leU64, .geU32, .geU64:
                row.v0 = t0; row.v1 = t1; row.v2 = t2
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (true, S, sp - 2)]
            case .and32, .and64, .or32, .or64, .xor32, .xor64:
                row.v0 = t0; row.v1 = t1; row.v2 = t2
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (true, S, sp - 2)]
                bitwiseRows.append(contentsOf: ZkWasmBitwiseAIR.row(kind: op.aluKind, x: trace.v0[i], y: trace.v1[i]))
                bitwiseCount += 1
                for j in 0..<8 {
                    let x = Int((trace.v0[i] >> UInt64(8 * j)) & 0xFF), y = Int((trace.v1[i] >> UInt64(8 * j)) & 0xFF)
                    byteAnd[x + 256 * y] += 1
                }
            case .mul32, .mul64:
                row.v0 = t0; row.v1 = t1; row.v2 = t2
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (true, S, sp - 2)]
                let product = ZkWasmMultiplyAIR.row(is64: op == .mul64, x: trace.v0[i], y: trace.v1[i])
                multiplyRows.append(contentsOf: product.row)
                multiplyCount += 1
                for pair in product.pairs { bytePair[pair] += 1 }
                for carry in product.carries { range16[carry] += 1 }
            case .arithmetic32, .arithmetic64:
                row.v0 = t0; row.v1 = t1; row.v2 = t2
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (true, S, sp - 2)]
                guard let kind = ZkWasmArithmeticKind(instruction.opcode),
                    var arithmetic = ZkWasmArithmeticAIR.row(kind: kind, x: trace.v0[i], y: trace.v1[i])
                else { throw .inconsistent("\(instruction.opcode.name) at row \(i) has no result (it traps)") }
                if forgeries.contains(.shiftPower), kind.base == .shl,
                    var forged = ZkWasmArithmeticAIR.row(kind: kind, x: trace.v0[i], y: trace.v1[i] &+ 1)
                {
                    // The row of a shift by k + 1 with the count columns (and their byte pair) of
                    // k: only the lookup of (k, 2^(k+1)) is false, and no table can count it.
                    typealias A = ArithmeticColumn
                    for column in [A.y, A.y + 1, A.y + 2, A.y + 3, A.yLow, A.yHigh, A.shift, A.turns] {
                        forged.values[column] = arithmetic.values[column]
                    }
                    forged.pairs[forged.pairs.count - 1] = arithmetic.pairs[arithmetic.pairs.count - 1]
                    forged.power = nil
                    arithmetic = forged
                }
                arithmeticRows.append(contentsOf: arithmetic.values)
                arithmeticCount += 1
                for pair in arithmetic.pairs { bytePair[pair] += 1 }
                for value in arithmetic.range16 { range16[value] += 1 }
                for value in arithmetic.range8 { range8[value] += 1 }
                if let shift = arithmetic.power { power[shift] += 1 }
            case .ltS32, .ltS64, .gtS32, .gtS64, .leS32, .leS64, .geS32, .geS64:
                row.v0 = t0; row.v1 = t1; row.v2 = t2
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (true, S, sp - 2)]
                let top = ZkWasmOperation.thirtyTwoBit.contains(op) ? 1 : 3
                for (j, limbs) in [t0, t1].enumerated() {
                    row.signs[j] = Int(limbs[top] >> 15)
                    row.rests[j] = Int(limbs[top] & 0x7FFF)
                }
            case .popcnt32, .popcnt64, .clz32, .clz64, .ctz32, .ctz64:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .extend8S32, .extend8S64:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
                row.signs[0] = Int((t0[0] >> 7) & 1); row.rests[0] = Int(t0[0] & 0x7F); row.rests[1] = Int(t0[0] >> 8)
            case .extend16S32, .extend16S64, .extend32S64:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
                let limb = op == .extend32S64 ? t0[1] : t0[0]
                row.signs[0] = Int(limb >> 15); row.rests[0] = Int(limb & 0x7FFF)
            case .brTable:
                // The entry follows from the index; the target and drop count are what the run
                // did (the next row's pc and sp), which the branch table then has to confirm.
                guard i + 1 < trace.count else { throw .inconsistent("the run ends with a br_table") }
                let entry = min(Int(trace.v0[i] & 0xFFFF_FFFF), b)
                let drop = sp - 1 - Int(trace.sp[i + 1])
                let arity = module.branchTargets[a + entry].arity != 0
                row.v0 = t0
                if arity { row.v1 = t1; row.v2 = t1 }
                row.slots = [(true, S, sp - 1), (arity, S, sp - 2), (arity, S, sp - 2 - drop)]
                row.branch = (entry, Int(trace.pc[i + 1]), drop, arity ? 1 : 0)
                guard let first = branchRows[pc] else { throw .inconsistent("no branch table rows for pc \(pc)") }
                branchUses[first + entry] += 1
            case .callIndirect:
                // The callee is the one the run called (v1), which the function table has to
                // confirm for the index read.
                let callee = module.functions[Int(trace.v1[i])]
                guard callee.host == nil else { throw .inconsistent("call_indirect at row \(i) calls a host function, which the module cannot hold in its table") }
                row.v0 = t0
                row.indirectCallee = (callee.entry, callee.parameterCount, callee.localCount)
                row.v2 = [UInt32(pc + 1), UInt32(fp), 0, 0]
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, ZkWasmSpace.frame, depth + 1)]
                guard let slot = functionRows[Int(trace.v0[i] & 0xFFFF_FFFF)] else {
                    throw .inconsistent("call_indirect at row \(i) uses table slot \(trace.v0[i]), which holds no function of the module")
                }
                functionUses[slot] += 1
            case .select:
                // The trace holds (first, second, condition); the row reads the condition and
                // the second operand and overwrites the first (pv2) with the result.
                row.v0 = t2; row.v1 = t1
                row.v2 = Self.limbs((trace.v2[i] & 0xFFFF_FFFF != 0) != forgeries.contains(.select) ? trace.v0[i] : trace.v1[i])
                row.taken = t2[0] + t2[1] != 0
                row.slots = [(true, S, sp - 1), (true, S, sp - 2), (true, S, sp - 3)]
            case .eqz32, .eqz64:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .localGet:
                row.v0 = t2; row.v2 = t2; row.slots = [(true, S, fp + a), (false, 0, 0), (true, S, sp)]
            case .localSet:
                row.v0 = t0; row.v2 = t0; row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, fp + a)]
            case .localTee:
                row.v0 = t0; row.v2 = t0; row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, fp + a)]
            case .globalGet:
                row.v0 = t2; row.v2 = t2; row.slots = [(true, ZkWasmSpace.global, a), (false, 0, 0), (true, S, sp)]
            case .globalSet:
                row.v0 = t0; row.v2 = t0; row.slots = [(true, S, sp - 1), (false, 0, 0), (true, ZkWasmSpace.global, a)]
            case .pop: break
            case .br:
                if arity { row.v0 = t0; row.v2 = t0 }
                row.slots = [(arity, S, sp - 1), (false, 0, 0), (arity, S, sp - 1 - b)]
            case .brIf:
                row.v0 = t0
                row.taken = t0[0] + t0[1] != 0
                if row.taken && arity { row.v1 = t1; row.v2 = t1 }
                row.slots = [(true, S, sp - 1), (row.taken && arity, S, sp - 2), (row.taken && arity, S, sp - 2 - b)]
            case .if:
                row.v0 = t0; row.taken = t0[0] + t0[1] != 0
                row.slots[0] = (true, S, sp - 1)
            case .require:
                row.v0 = t0; row.taken = t0[0] + t0[1] != 0
                row.slots[0] = (true, S, sp - 1)
            case .output:
                row.v0 = t0; row.slots[0] = (true, S, sp - 1)
                outputIndex += 1
                outputs.append(trace.v0[i])
            case .input:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
                publicIndex += Int(t0[0])
            case .call:
                let callee = module.functions[a]
                row.callee = (callee.entry, callee.parameterCount, callee.localCount)
                row.v2 = [UInt32(pc + 1), UInt32(fp), 0, 0]
                row.slots[2] = (true, ZkWasmSpace.frame, depth + 1)
            case .return:
                if b != 0 { row.v0 = t0; row.v2 = t0 }
                if depth > 0 { row.v1 = try cell(ZkWasmSpace.frame, depth).value }
                row.slots = [(b != 0, S, sp - 1), (depth > 0, ZkWasmSpace.frame, depth), (b != 0, S, fp)]
            case .zeroLocal: break
            case .lowHalf:
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .memorySize:
                row.v2 = t2; row.slots[2] = (true, S, sp)
            case .memoryGrow:
                // The trace holds δ and the result: the old size, or 2³² − 1 when the limit refused.
                row.v0 = t0; row.v2 = t2
                row.taken = trace.v2[i] != 0xFFFF_FFFF
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .i32Load, .i64Load, .i32Load8U, .i32Load16U, .i64Load8U, .i64Load16U, .i64Load32U,
                .i32Load8S, .i32Load16S, .i64Load8S, .i64Load16S, .i64Load32S:
                let address = Int(trace.v0[i] & 0xFFFF_FFFF) + Int(instruction.immediate)
                let signed = ZkWasmOperation.signedLoads.contains(op)
                let bits = UInt64(8 * op.memoryWidth)
                // A sign-extending load reads the low `bits` of its result; the CPU checks the
                // extension (the sign fill is taken from the trace as claimed).
                let raw = signed ? trace.v2[i] & ((1 << bits) - 1) : trace.v2[i]
                let loaded = try accessMemory(clk: rowCount, width: op.memoryWidth, address: address, store: nil, claimed: raw)
                guard loaded == raw else { throw .inconsistent("load at row \(i) returned \(trace.v2[i]), memory holds \(loaded)") }
                if signed {
                    row.signs[0] = Int((raw >> (bits - 1)) & 1)
                    row.rests[0] = Int((raw >> (bits == 32 ? 16 : 0)) & ((1 << (min(bits, 16) - 1)) - 1))
                }
                row.v0 = t0; row.v2 = t2
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .i32Store, .i64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16, .i64Store32:
                let address = Int(trace.v0[i] & 0xFFFF_FFFF) + Int(instruction.immediate)
                _ = try accessMemory(clk: rowCount, width: op.memoryWidth, address: address, store: trace.v1[i])
                row.v0 = t0; row.v1 = t1
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (false, 0, 0)]
            }
            try append(row)
            last = row
            if op == .memoryGrow && row.taken { pages += Int(t0[0]) }
            if op == .call {
                let callee = module.functions[a]
                depth += 1
                beginLocals(pc: callee.entry, fp: sp - callee.parameterCount, sp: sp, count: callee.localCount)
            } else if op == .callIndirect {
                let callee = module.functions[Int(trace.v1[i])]
                depth += 1
                beginLocals(pc: callee.entry, fp: sp - 1 - callee.parameterCount, sp: sp - 1, count: callee.localCount)
            } else if op == .return && depth == 0 && phase == 0 && !forgeries.contains(.startHalts) {
                // The start function's return enters zkmain.
                phase = 1
                beginLocals(pc: main.entry, fp: 0, sp: 0, count: main.localCount)
            } else if op == .return {
                depth -= 1
                halted = depth == -1
            }
        }
    }

    /// Main traces of the other tables of the segment just built (``buildSegment(trace:maxRows:)``).
    func tables(programHeight: Int, segment: Segment) -> (program: RowMajorMatrix<BabyBear>, range: RowMajorMatrix<BabyBear>, boundary: RowMajorMatrix<BabyBear>, accesses: RowMajorMatrix<BabyBear>, bitwise: RowMajorMatrix<BabyBear>, multiply: RowMajorMatrix<BabyBear>, arithmetic: RowMajorMatrix<BabyBear>, branches: RowMajorMatrix<BabyBear>, functions: RowMajorMatrix<BabyBear>) {
        var fetch = fetchCounts.map { BabyBear($0) }
        fetch.append(contentsOf: repeatElement(.zero, count: programHeight - fetch.count))
        var range: [BabyBear] = []
        range.reserveCapacity(9 << 16)
        for x in 0..<(1 << 16) {
            range += [BabyBear(range16[x]), BabyBear(range14[x]), BabyBear(range8[x]), BabyBear(byteAnd[x]), BabyBear(bytePair[x]), x < 64 ? BabyBear(power[x]) : .zero, BabyBear(popcount[x]),
                BabyBear(leadingZeros[x]), BabyBear(trailingZeros[x]),
            ]
        }
        var boundaryHeight = 2
        while boundaryHeight < segment.cells.count { boundaryHeight <<= 1 }
        var boundary = [BabyBear](repeating: .zero, count: boundaryHeight * BoundaryColumn.width)
        for (k, cell) in segment.cells.enumerated() {
            let row = k * BoundaryColumn.width
            boundary[row + BoundaryColumn.isReal] = .one
            boundary[row + BoundaryColumn.isLinear] = cell.space == ZkWasmSpace.linear ? .one : .zero
            boundary[row + BoundaryColumn.space] = BabyBear(UInt32(cell.space))
            boundary[row + BoundaryColumn.address] = BabyBear(UInt32(cell.address))
            for i in cell.initial.indices {
                boundary[row + BoundaryColumn.initial + i] = BabyBear(cell.initial[i])
                boundary[row + BoundaryColumn.final + i] = BabyBear(cell.final[i])
            }
            for i in cell.finalTimes.indices { boundary[row + BoundaryColumn.finalTime + i] = BabyBear(cell.finalTimes[i]) }
        }
        var accessHeight = 2
        while accessHeight < accessCount { accessHeight <<= 1 }
        var accesses = accessRows
        var padding = [BabyBear](repeating: .zero, count: MemoryAccessColumn.width)
        for j in 0..<8 { padding[MemoryAccessColumn.previousTimestamp + j] = BabyBear(3) }  // 4·0 + 4 − 1
        for _ in accessCount..<accessHeight { accesses.append(contentsOf: padding) }
        var bitwiseHeight = 2
        while bitwiseHeight < bitwiseCount { bitwiseHeight <<= 1 }
        var bitwise = bitwiseRows
        bitwise.append(contentsOf: repeatElement(.zero, count: (bitwiseHeight - bitwiseCount) * BitwiseColumn.width))
        var multiplyHeight = 2
        while multiplyHeight < multiplyCount { multiplyHeight <<= 1 }
        var multiply = multiplyRows
        multiply.append(contentsOf: repeatElement(.zero, count: (multiplyHeight - multiplyCount) * MultiplyColumn.width))
        var arithmeticHeight = 2
        while arithmeticHeight < arithmeticCount { arithmeticHeight <<= 1 }
        var arithmetic = arithmeticRows
        arithmetic.append(contentsOf: repeatElement(.zero, count: (arithmeticHeight - arithmeticCount) * ArithmeticColumn.width))
        return (RowMajorMatrix(width: 1, values: fetch), RowMajorMatrix(width: 9, values: range),
                RowMajorMatrix(width: BoundaryColumn.width, values: boundary), RowMajorMatrix(width: MemoryAccessColumn.width, values: accesses),
                RowMajorMatrix(width: BitwiseColumn.width, values: bitwise), RowMajorMatrix(width: MultiplyColumn.width, values: multiply),
                RowMajorMatrix(width: ArithmeticColumn.width, values: arithmetic), RowMajorMatrix(width: 1, values: branchUses.map { BabyBear($0) }),
                RowMajorMatrix(width: 1, values: functionUses.map { BabyBear($0) }))
    }
}
