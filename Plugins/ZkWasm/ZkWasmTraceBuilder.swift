import SproutCoreField

/// Turns a ``WasmExecutionTrace`` into the main traces of the zkwasm proof's tables
/// (``ZkWasmCPUAIR``, ``ZkWasmProgramAIR``, ``ZkWasmRangeAIR``, ``ZkWasmIOAIR``,
/// ``ZkWasmSlotBoundaryAIR``, ``ZkWasmGlobalBoundaryAIR``), replaying the memory accesses to fill
/// in previous values and timestamps.
///
/// Refuses (``ZkWasmTraceBuilder/Refusal``) a run that executed an instruction whose semantics
/// are not constrained yet, or one the tables cannot hold.
/// Complexity: `O(rows)` time and memory. Threading: a value used by one prover.
struct ZkWasmTraceBuilder {
    enum Refusal: Error {
        case unsupported(String)
        case tooLarge(String)
        case inconsistent(String)
    }

    /// A memory cell: 4 field values (16-bit limbs for stack and globals; `(returnPC, fp, 0, 0)`
    /// for frames) and the time of its last access.
    struct Cell {
        var value: [UInt32] = [0, 0, 0, 0]
        var time: UInt32 = 0
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
    /// Linear memory bytes and the time of their last access.
    var memoryBytes: [UInt8]
    var memoryTimes: [UInt32]
    /// Rows of ``ZkWasmMemoryAccessAIR``, flattened.
    var accessRows: [BabyBear] = []
    var accessCount = 0
    /// Test hook modelling a cheating prover: loads take the trace's value instead of memory's.
    var forgeLoads = false

    init(module: WasmModule, entry: Int, initialMemory: [UInt8]) {
        self.module = module
        self.entry = entry
        memoryBytes = initialMemory
        memoryTimes = [UInt32](repeating: 0, count: initialMemory.count)
        globals = module.globals.map { Cell(value: Self.limbs($0.initialValue), time: 0) }
        fetchCounts = [UInt32](repeating: 0, count: max(2, module.code.count))
    }

    static func limbs(_ value: UInt64) -> [UInt32] { (0..<4).map { UInt32(truncatingIfNeeded: (value >> UInt64(16 * $0)) & 0xFFFF) } }

    /// One CPU row being assembled.
    struct Row {
        var op: ZkWasmOperation?
        var pc = 0, fp = 0, sp = 0, depth = 0, pending = 0, publicIndex = 0, outputIndex = 0
        var instruction = WasmInstruction(.nop)
        var callee: (entry: Int, parameters: Int, locals: Int) = (0, 0, 0)
        var v0: [UInt32] = [0, 0, 0, 0], v1: [UInt32] = [0, 0, 0, 0], v2: [UInt32] = [0, 0, 0, 0]
        /// Per slot: (enabled, space, address) — address may be negative for disabled slots.
        var slots: [(Bool, Int, Int)] = [(false, 0, 0), (false, 0, 0), (false, 0, 0)]
        var taken = false
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
                set(C.a, Int(row.instruction.a)); set(C.b, Int(row.instruction.b))
                for (i, limb) in Self.limbs(row.instruction.immediate).enumerated() { set(C.imm + i, Int(limb)) }
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
            if ZkWasmOperation.unsignedComparisons.contains(op) {
                let bits = ZkWasmOperation.thirtyTwoBit.contains(op) ? 32 : 64
                let mask: UInt64 = bits == 32 ? 0xFFFF_FFFF : .max
                func join(_ l: [UInt32]) -> UInt64 { (0..<4).reduce(0) { $0 | UInt64(l[$1]) << UInt64(16 * $1) } }
                let x = join(row.v0), y = join(row.v1)
                let swapped = [.gtU32, .gtU64, .leU32, .leU64].contains(op)
                // D = (v0 − v1) or (v1 − v0) mod 2^bits; wrapping by design.
                let difference = Self.limbs((swapped ? y &- x : x &- y) & mask)
                for i in 0..<4 { set(C.inverse + i, Int(difference[i])) }
                carries(swapped ? row.v0 : row.v1, difference, bits / 16)
                checked = difference
            }
            if op != .call { for limb in checked { range16[Int(limb)] += 1 } }
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
            if op == .return && row.depth == 0 { set(C.halt, 1) }
        } else {
            v2 = [0, 0, 0, 0]
            for k in 0..<3 {
                set(C.previousTimestamp + k, 4 * clk + k)
            }
        }
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
            let previous = forgeLoads && value == nil ? UInt8(truncatingIfNeeded: claimed >> UInt64(8 * j)) : memoryBytes[address + j]
            let byte = value.map { UInt8(truncatingIfNeeded: $0 >> UInt64(8 * j)) } ?? previous
            out[C.byte + j] = BabyBear(UInt32(byte))
            out[C.previousByte + j] = BabyBear(UInt32(previous))
            let before = memoryTimes[address + j]
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
        accessRows.append(contentsOf: out)
        accessCount += 1
        return result
    }

    /// Builds every CPU row of `trace`, then pads to a power of two (at least one padding row).
    mutating func build(trace: WasmExecutionTrace) throws(Refusal) {
        let code = module.code
        let main = module.functions[entry]
        var depth = 0, publicIndex = 0, outputIndex = 0
        func zeroLocals(pc: Int, fp: Int, sp: Int, count: Int, depth: Int) throws(Refusal) {
            for j in 0..<count {
                var row = Row(op: .zeroLocal)
                row.pc = pc; row.fp = fp; row.sp = sp + j; row.depth = depth; row.pending = count - j
                row.publicIndex = publicIndex; row.outputIndex = outputIndex
                row.slots[2] = (true, ZkWasmSpace.stack, sp + j)
                try append(row)
            }
        }
        try zeroLocals(pc: main.entry, fp: 0, sp: 0, count: main.localCount, depth: 0)
        var last = Row()
        for i in 0..<trace.count {
            let pc = Int(trace.pc[i]), fp = Int(trace.fp[i]), sp = Int(trace.sp[i])
            let instruction = code[pc]
            guard let op = ZkWasmOperation.of(instruction, in: module) else {
                throw .unsupported("instruction \(instruction.opcode.name) is not provable yet")
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
            case .i32Load, .i64Load, .i32Load8U, .i32Load16U, .i64Load8U, .i64Load16U, .i64Load32U:
                let address = Int(trace.v0[i] & 0xFFFF_FFFF) + Int(instruction.immediate)
                let loaded = try accessMemory(clk: rowCount, width: op.memoryWidth, address: address, store: nil, claimed: trace.v2[i])
                guard loaded == trace.v2[i] else { throw .inconsistent("load at row \(i) returned \(trace.v2[i]), memory holds \(loaded)") }
                row.v0 = t0; row.v2 = Self.limbs(loaded)
                row.slots = [(true, S, sp - 1), (false, 0, 0), (true, S, sp - 1)]
            case .i32Store, .i64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16, .i64Store32:
                let address = Int(trace.v0[i] & 0xFFFF_FFFF) + Int(instruction.immediate)
                _ = try accessMemory(clk: rowCount, width: op.memoryWidth, address: address, store: trace.v1[i])
                row.v0 = t0; row.v1 = t1
                row.slots = [(true, S, sp - 2), (true, S, sp - 1), (false, 0, 0)]
            }
            try append(row)
            last = row
            if op == .call {
                let callee = module.functions[a]
                depth += 1
                try zeroLocals(pc: callee.entry, fp: sp - callee.parameterCount, sp: sp, count: callee.localCount, depth: depth)
            } else if op == .return {
                depth -= 1
            }
        }
        guard last.op == .return, depth == -1 else { throw .inconsistent("the run does not end with zkmain's return") }
        // Padding: the state the halting return's transition gives.
        var padding = Row()
        padding.pc = Int(last.v1[0]); padding.fp = Int(last.v1[1]); padding.sp = last.fp + Int(last.instruction.b)
        padding.depth = -1; padding.publicIndex = publicIndex; padding.outputIndex = outputIndex
        var height = 4
        while height < rowCount + 1 { height <<= 1 }
        while rowCount < height { try append(padding) }
    }

    /// Main traces of the other tables, after ``build(trace:)``.
    func tables(programHeight: Int, globalHeight: Int, memoryHeight: Int) -> (program: RowMajorMatrix<BabyBear>, range: RowMajorMatrix<BabyBear>, slots: RowMajorMatrix<BabyBear>, globals: RowMajorMatrix<BabyBear>, accesses: RowMajorMatrix<BabyBear>, memory: RowMajorMatrix<BabyBear>, bitwise: RowMajorMatrix<BabyBear>, multiply: RowMajorMatrix<BabyBear>) {
        var fetch = fetchCounts.map { BabyBear($0) }
        fetch.append(contentsOf: repeatElement(.zero, count: programHeight - fetch.count))
        var range: [BabyBear] = []
        range.reserveCapacity(5 << 16)
        for x in 0..<(1 << 16) { range += [BabyBear(range16[x]), BabyBear(range14[x]), BabyBear(range8[x]), BabyBear(byteAnd[x]), BabyBear(bytePair[x])] }
        var slotHeight = 2
        while slotHeight < max(stack.count, frames.count) { slotHeight <<= 1 }
        var slots: [BabyBear] = []
        for address in 0..<slotHeight {
            let s = address < stack.count ? stack[address] : Cell()
            let f = address < frames.count ? frames[address] : Cell()
            slots.append(BabyBear(UInt32(address)))
            slots.append(contentsOf: s.value.map { BabyBear($0) } + [BabyBear(s.time)])
            slots.append(contentsOf: f.value.map { BabyBear($0) } + [BabyBear(f.time)])
        }
        var globalRows = [BabyBear](repeating: .zero, count: globalHeight * 5)
        for (k, cell) in globals.enumerated() {
            for i in 0..<4 { globalRows[5 * k + i] = BabyBear(cell.value[i]) }
            globalRows[5 * k + 4] = BabyBear(cell.time)
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
        var memory = [BabyBear](repeating: .zero, count: 2 * memoryHeight)
        for address in 0..<memoryBytes.count {
            memory[2 * address] = BabyBear(UInt32(memoryBytes[address]))
            memory[2 * address + 1] = BabyBear(memoryTimes[address])
        }
        return (RowMajorMatrix(width: 1, values: fetch), RowMajorMatrix(width: 5, values: range),
                RowMajorMatrix(width: 11, values: slots), RowMajorMatrix(width: 5, values: globalRows),
                RowMajorMatrix(width: MemoryAccessColumn.width, values: accesses), RowMajorMatrix(width: 2, values: memory),
                RowMajorMatrix(width: BitwiseColumn.width, values: bitwise), RowMajorMatrix(width: MultiplyColumn.width, values: multiply))
    }
}
