/// The zkwasm interpreter: runs a compiled ``WasmModule`` with the zkWasm host functions,
/// optionally recording a ``WasmExecutionTrace``.
///
/// The run loop is one `switch` over the compiled opcode in a loop, with the value stack, memory
/// and globals held in local arrays (value types, no allocation per instruction). It is generic
/// over the recorder, so untraced runs carry no recording cost.
///
/// Threading: a machine is a value; use one per run.
public struct WasmMachine {
    struct Frame {
        var returnPC: UInt32
        var fp: UInt32
    }

    public let module: WasmModule
    public let limits: ZkWasmLimits
    public private(set) var stack: [UInt64]
    public private(set) var memory: [UInt8]
    public private(set) var globals: [UInt64]
    var table: [UInt32]
    var frames: [Frame] = []
    /// Instructions executed so far.
    public private(set) var steps: UInt64 = 0
    let maxPages: Int

    public var publicInputs: [UInt64]
    public var privateInputs: [UInt64]
    var publicCursor = 0
    var privateCursor = 0
    /// Values read by `wasm_input(1)`, in order: the public instances of the run.
    public private(set) var publicInstances: [UInt64] = []
    public private(set) var outputs: [UInt64] = []
    public private(set) var debugValues: [UInt64] = []
    public private(set) var requireCalls = 0
    /// Polled every 2^20 instructions; returning true abandons the run with `.cancelled`.
    public var shouldCancel: (() -> Bool)?

    static let nullFunction = UInt32.max
    static let pageSize = 65536
    /// The return pc of the host's call.
    static let hostReturn = UInt32.max

    /// Instantiates `module`: memory, table, globals, element and data segments. Traps of the
    /// segment initialisation (out of bounds) are thrown here.
    public init(module: WasmModule, limits: ZkWasmLimits, publicInputs: [UInt64], privateInputs: [UInt64]) throws(ZkWasmFailure) {
        self.module = module
        self.limits = limits
        self.publicInputs = publicInputs
        self.privateInputs = privateInputs
        maxPages = limits.memoryLimit(of: module)
        memory = [UInt8](repeating: 0, count: Int(module.memoryMinimumPages ?? 0) * Self.pageSize)
        stack = [UInt64](repeating: 0, count: limits.maxStackSlots)
        globals = module.globals.map(\.initialValue)
        table = [UInt32](repeating: Self.nullFunction, count: Int(module.tableMinimum ?? 0))
        for segment in module.elements {
            let end = Int(segment.offset) + segment.functions.count
            guard end <= table.count else { throw .trap(.outOfBoundsTableAccess, pc: -1, location: "element segment at instantiation") }
            for (index, function) in segment.functions.enumerated() { table[Int(segment.offset) + index] = function }
        }
        for (index, segment) in module.data.enumerated() {
            guard let offset = segment.offset else { continue }
            let end = Int(offset) + segment.bytes.count
            guard end <= memory.count else { throw .trap(.outOfBoundsMemoryAccess, pc: -1, location: "data segment \(index) at instantiation") }
            memory.replaceSubrange(Int(offset)..<end, with: segment.bytes)
        }
    }

    /// Memory size in pages.
    public var memoryPages: Int { memory.count / Self.pageSize }

    /// Runs function `function` to completion with `arguments` (i32 values zero-extended) and
    /// returns its result, if it has one.
    @discardableResult
    public mutating func invoke<Recorder: WasmTraceRecorder>(_ function: Int, arguments: [UInt64] = [], recorder: inout Recorder)
        throws(ZkWasmFailure) -> UInt64?
    {
        let callee = module.functions[function]
        precondition(callee.parameterCount == arguments.count && callee.host == nil, "the host invokes defined functions with their arguments")
        guard UInt64(arguments.count + callee.localCount + callee.maxStackHeight) <= UInt64(stack.count) else {
            throw .trap(.callStackExhausted, pc: callee.entry, location: module.describe(pc: callee.entry))
        }
        frames.removeAll(keepingCapacity: true)
        for (slot, argument) in arguments.enumerated() { stack[slot] = argument }
        for slot in arguments.count..<(arguments.count + callee.localCount) { stack[slot] = 0 }
        frames.append(Frame(returnPC: Self.hostReturn, fp: 0))
        recorder.call(step: UInt32(truncatingIfNeeded: steps), function: UInt32(function), fp: 0, returnPC: Self.hostReturn)
        try run(pc: callee.entry, fp: 0, sp: arguments.count + callee.localCount, recorder: &recorder)
        return callee.resultCount == 1 ? stack[0] : nil
    }

    private func failure(_ trap: WasmTrap, _ pc: Int) -> ZkWasmFailure {
        .trap(trap, pc: pc, location: module.describe(pc: pc))
    }

    // MARK: - The run loop

    @inline(__always) private static func low(_ value: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: value) }
    @inline(__always) private static func signed(_ value: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: value)) }
    @inline(__always) private static func bool(_ value: Bool) -> UInt64 { value ? 1 : 0 }

    /// Reads `width` bytes little-endian at `address`; the caller checked the bounds.
    @inline(__always) private static func read(_ memory: [UInt8], _ address: Int, _ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(memory[address + index]) << UInt64(8 * index) }
        return value
    }

    @inline(__always) private static func write(_ memory: inout [UInt8], _ address: Int, _ width: Int, _ value: UInt64) {
        for index in 0..<width { memory[address + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }

    private mutating func run<Recorder: WasmTraceRecorder>(pc entryPC: Int, fp entryFP: Int, sp entrySP: Int, recorder: inout Recorder)
        throws(ZkWasmFailure)
    {
        let code = module.code
        let functions = module.functions
        let branchTargets = module.branchTargets
        var stack = self.stack
        self.stack = []
        var memory = self.memory
        self.memory = []
        var globals = self.globals
        self.globals = []
        defer {
            self.stack = stack
            self.memory = memory
            self.globals = globals
        }
        var pc = entryPC
        var fp = entryFP
        var sp = entrySP
        var steps = self.steps
        defer { self.steps = steps }
        let limit = limits.maxInstructions
        let shouldCancel = self.shouldCancel

        while true {
            guard steps < limit else { throw .instructionLimit(limit) }
            if steps & 0xF_FFFF == 0, let shouldCancel, steps != 0, shouldCancel() { throw .cancelled }
            let instruction = code[pc]
            let rowPC = pc, rowFP = fp, rowSP = sp
            let step = UInt32(truncatingIfNeeded: steps)
            steps &+= 1  // steps < limit ≤ UInt64.max, so no overflow
            pc += 1
            var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0

            switch instruction.opcode {
            // MARK: Control
            case .unreachable:
                throw failure(.unreachable, rowPC)
            case .nop, .block, .loop, .end:
                break
            case .if:
                t0 = stack[sp - 1]
                sp -= 1
                if Self.low(t0) == 0 { pc = Int(instruction.a) }
            case .else:
                pc = Int(instruction.a)
            case .br:
                let drop = Int(instruction.b)
                if instruction.immediate != 0 {
                    t0 = stack[sp - 1]
                    stack[sp - 1 - drop] = t0
                }
                sp -= drop
                pc = Int(instruction.a)
            case .brIf:
                t0 = stack[sp - 1]
                sp -= 1
                if Self.low(t0) != 0 {
                    let drop = Int(instruction.b)
                    if instruction.immediate != 0 {
                        t1 = stack[sp - 1]
                        stack[sp - 1 - drop] = t1
                    }
                    sp -= drop
                    pc = Int(instruction.a)
                }
            case .brTable:
                t0 = stack[sp - 1]
                sp -= 1
                let index = min(Self.low(t0), instruction.b)
                let target = branchTargets[Int(instruction.a) + Int(index)]
                let drop = Int(target.drop)
                if target.arity != 0 {
                    t1 = stack[sp - 1]
                    stack[sp - 1 - drop] = t1
                }
                sp -= drop
                pc = Int(target.pc)
            case .return:
                if instruction.b != 0 {
                    t0 = stack[sp - 1]
                    stack[fp] = t0
                }
                sp = fp + Int(instruction.b)
                let frame = frames.removeLast()
                recorder.step(pc: UInt32(rowPC), fp: UInt32(rowFP), sp: UInt32(rowSP), v0: t0, v1: t1, v2: t2)
                recorder.return(step: step, fp: frame.fp)
                if frame.returnPC == Self.hostReturn { return }
                fp = Int(frame.fp)
                pc = Int(frame.returnPC)
                continue
            case .call, .callIndirect:
                var callee = Int(instruction.a)
                if instruction.opcode == .callIndirect {
                    t0 = stack[sp - 1]
                    sp -= 1
                    let index = Int(Self.low(t0))
                    guard index < table.count else { throw failure(.undefinedElement, rowPC) }
                    let function = table[index]
                    guard function != Self.nullFunction else { throw failure(.uninitializedElement, rowPC) }
                    t1 = UInt64(function)
                    callee = Int(function)
                    guard functions[callee].canonicalType == instruction.b else { throw failure(.indirectCallTypeMismatch, rowPC) }
                }
                let function = functions[callee]
                if let host = function.host {
                    t0 = stack[sp - 1]
                    switch host {
                    case .wasmInput:
                        let kind = Self.signed(t0)
                        if kind == 1 {
                            guard publicCursor < publicInputs.count else {
                                throw .inputExhausted(isPublic: true, pc: rowPC, location: module.describe(pc: rowPC))
                            }
                            t2 = publicInputs[publicCursor]
                            publicCursor += 1
                            publicInstances.append(t2)
                        } else if kind == 0 {
                            guard privateCursor < privateInputs.count else {
                                throw .inputExhausted(isPublic: false, pc: rowPC, location: module.describe(pc: rowPC))
                            }
                            t2 = privateInputs[privateCursor]
                            privateCursor += 1
                        } else {
                            throw .invalidInputKind(kind, pc: rowPC, location: module.describe(pc: rowPC))
                        }
                        stack[sp - 1] = t2
                    case .require:
                        requireCalls += 1
                        sp -= 1
                        guard Self.low(t0) != 0 else {
                            throw .requireFailed(call: requireCalls, pc: rowPC, location: module.describe(pc: rowPC))
                        }
                    case .wasmOutput:
                        outputs.append(t0)
                        sp -= 1
                    case .wasmDbg:
                        debugValues.append(t0)
                        sp -= 1
                    }
                    break
                }
                let newFP = sp - function.parameterCount
                guard frames.count < limits.maxCallDepth,
                    newFP + function.parameterCount + function.localCount + function.maxStackHeight <= stack.count
                else { throw failure(.callStackExhausted, rowPC) }
                let localsEnd = sp + function.localCount
                while sp < localsEnd {
                    stack[sp] = 0
                    sp += 1
                }
                frames.append(Frame(returnPC: UInt32(pc), fp: UInt32(fp)))
                recorder.step(pc: UInt32(rowPC), fp: UInt32(rowFP), sp: UInt32(rowSP), v0: t0, v1: t1, v2: t2)
                recorder.call(step: step, function: UInt32(callee), fp: UInt32(newFP), returnPC: UInt32(pc))
                fp = newFP
                pc = function.entry
                continue

            // MARK: Parametric, variables
            case .drop:
                t0 = stack[sp - 1]
                sp -= 1
            case .select:
                t0 = stack[sp - 3]
                t1 = stack[sp - 2]
                t2 = stack[sp - 1]
                stack[sp - 3] = Self.low(t2) != 0 ? t0 : t1
                sp -= 2
            case .localGet:
                t2 = stack[fp + Int(instruction.a)]
                stack[sp] = t2
                sp += 1
            case .localSet:
                t0 = stack[sp - 1]
                stack[fp + Int(instruction.a)] = t0
                sp -= 1
            case .localTee:
                t0 = stack[sp - 1]
                stack[fp + Int(instruction.a)] = t0
            case .globalGet:
                t2 = globals[Int(instruction.a)]
                stack[sp] = t2
                sp += 1
            case .globalSet:
                t0 = stack[sp - 1]
                globals[Int(instruction.a)] = t0
                sp -= 1

            // MARK: Memory
            case .i32Load, .i64Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U, .i64Load8S, .i64Load8U, .i64Load16S,
                .i64Load16U, .i64Load32S, .i64Load32U:
                t0 = stack[sp - 1]
                let width: Int
                switch instruction.opcode {
                case .i64Load: width = 8
                case .i32Load, .i64Load32S, .i64Load32U: width = 4
                case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U: width = 2
                default: width = 1
                }
                let address = Int(Self.low(t0)) + Int(instruction.immediate)
                guard address + width <= memory.count else { throw failure(.outOfBoundsMemoryAccess, rowPC) }
                let raw = Self.read(memory, address, width)
                recorder.memory(step: step, address: UInt32(truncatingIfNeeded: address), width: UInt8(width), value: raw, isWrite: false)
                switch instruction.opcode {
                case .i32Load8S: t2 = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: raw))))
                case .i32Load16S: t2 = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: raw))))
                case .i64Load8S: t2 = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: raw)))
                case .i64Load16S: t2 = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: raw)))
                case .i64Load32S: t2 = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: raw)))
                default: t2 = raw
                }
                stack[sp - 1] = t2
            case .i32Store, .i64Store, .i32Store8, .i32Store16, .i64Store8, .i64Store16, .i64Store32:
                t0 = stack[sp - 2]
                t1 = stack[sp - 1]
                sp -= 2
                let width: Int
                switch instruction.opcode {
                case .i64Store: width = 8
                case .i32Store, .i64Store32: width = 4
                case .i32Store16, .i64Store16: width = 2
                default: width = 1
                }
                let address = Int(Self.low(t0)) + Int(instruction.immediate)
                guard address + width <= memory.count else { throw failure(.outOfBoundsMemoryAccess, rowPC) }
                Self.write(&memory, address, width, t1)
                let written = width == 8 ? t1 : t1 & ((1 << UInt64(8 * width)) - 1)
                recorder.memory(step: step, address: UInt32(truncatingIfNeeded: address), width: UInt8(width), value: written, isWrite: true)
            case .memorySize:
                t2 = UInt64(memory.count / Self.pageSize)
                stack[sp] = t2
                sp += 1
            case .memoryGrow:
                t0 = stack[sp - 1]
                let old = memory.count / Self.pageSize
                let delta = Int(Self.low(t0))
                if old + delta <= maxPages {
                    memory.append(contentsOf: repeatElement(0, count: delta * Self.pageSize))
                    t2 = UInt64(old)
                } else {
                    t2 = UInt64(UInt32.max)
                }
                stack[sp - 1] = t2

            // MARK: Constants
            case .i32Const, .i64Const:
                t2 = instruction.immediate
                stack[sp] = t2
                sp += 1

            // MARK: i32 unary and comparisons
            case .i32Eqz, .i32Clz, .i32Ctz, .i32Popcnt, .i32Extend8S, .i32Extend16S, .i64Eqz, .i64Clz, .i64Ctz, .i64Popcnt,
                .i64Extend8S, .i64Extend16S, .i64Extend32S, .i32WrapI64, .i64ExtendI32S, .i64ExtendI32U:
                t0 = stack[sp - 1]
                let x = Self.low(t0)
                switch instruction.opcode {
                case .i32Eqz: t2 = Self.bool(x == 0)
                case .i32Clz: t2 = UInt64(x.leadingZeroBitCount)
                case .i32Ctz: t2 = UInt64(x.trailingZeroBitCount)
                case .i32Popcnt: t2 = UInt64(x.nonzeroBitCount)
                case .i32Extend8S: t2 = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: x))))
                case .i32Extend16S: t2 = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: x))))
                case .i64Eqz: t2 = Self.bool(t0 == 0)
                case .i64Clz: t2 = UInt64(t0.leadingZeroBitCount)
                case .i64Ctz: t2 = UInt64(t0.trailingZeroBitCount)
                case .i64Popcnt: t2 = UInt64(t0.nonzeroBitCount)
                case .i64Extend8S: t2 = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: t0)))
                case .i64Extend16S: t2 = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: t0)))
                case .i64Extend32S, .i64ExtendI32S: t2 = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: t0)))
                case .i32WrapI64, .i64ExtendI32U: t2 = UInt64(x)
                default: break
                }
                stack[sp - 1] = t2

            // MARK: i32 binary
            case .i32Eq, .i32Ne, .i32LtS, .i32LtU, .i32GtS, .i32GtU, .i32LeS, .i32LeU, .i32GeS, .i32GeU, .i32Add, .i32Sub, .i32Mul,
                .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i32And, .i32Or, .i32Xor, .i32Shl, .i32ShrS, .i32ShrU, .i32Rotl, .i32Rotr:
                t0 = stack[sp - 2]
                t1 = stack[sp - 1]
                let l = Self.low(t0), r = Self.low(t1)
                let result: UInt32
                switch instruction.opcode {
                case .i32Eq: result = l == r ? 1 : 0
                case .i32Ne: result = l != r ? 1 : 0
                case .i32LtS: result = Int32(bitPattern: l) < Int32(bitPattern: r) ? 1 : 0
                case .i32LtU: result = l < r ? 1 : 0
                case .i32GtS: result = Int32(bitPattern: l) > Int32(bitPattern: r) ? 1 : 0
                case .i32GtU: result = l > r ? 1 : 0
                case .i32LeS: result = Int32(bitPattern: l) <= Int32(bitPattern: r) ? 1 : 0
                case .i32LeU: result = l <= r ? 1 : 0
                case .i32GeS: result = Int32(bitPattern: l) >= Int32(bitPattern: r) ? 1 : 0
                case .i32GeU: result = l >= r ? 1 : 0
                case .i32Add: result = l &+ r
                case .i32Sub: result = l &- r
                case .i32Mul: result = l &* r
                case .i32DivS:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    guard !(l == 0x8000_0000 && r == 0xFFFF_FFFF) else { throw failure(.integerOverflow, rowPC) }
                    result = UInt32(bitPattern: Int32(bitPattern: l) / Int32(bitPattern: r))
                case .i32DivU:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    result = l / r
                case .i32RemS:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    result = r == 0xFFFF_FFFF ? 0 : UInt32(bitPattern: Int32(bitPattern: l) % Int32(bitPattern: r))
                case .i32RemU:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    result = l % r
                case .i32And: result = l & r
                case .i32Or: result = l | r
                case .i32Xor: result = l ^ r
                case .i32Shl: result = l &<< r
                case .i32ShrS: result = UInt32(bitPattern: Int32(bitPattern: l) &>> Int32(bitPattern: r))
                case .i32ShrU: result = l &>> r
                case .i32Rotl: result = (l &<< r) | (l &>> (32 &- (r & 31)))
                case .i32Rotr: result = (l &>> r) | (l &<< (32 &- (r & 31)))
                default: result = 0
                }
                t2 = UInt64(result)
                stack[sp - 2] = t2
                sp -= 1

            // MARK: i64 binary
            case .i64Eq, .i64Ne, .i64LtS, .i64LtU, .i64GtS, .i64GtU, .i64LeS, .i64LeU, .i64GeS, .i64GeU, .i64Add, .i64Sub, .i64Mul,
                .i64DivS, .i64DivU, .i64RemS, .i64RemU, .i64And, .i64Or, .i64Xor, .i64Shl, .i64ShrS, .i64ShrU, .i64Rotl, .i64Rotr:
                t0 = stack[sp - 2]
                t1 = stack[sp - 1]
                let l = t0, r = t1
                switch instruction.opcode {
                case .i64Eq: t2 = Self.bool(l == r)
                case .i64Ne: t2 = Self.bool(l != r)
                case .i64LtS: t2 = Self.bool(Int64(bitPattern: l) < Int64(bitPattern: r))
                case .i64LtU: t2 = Self.bool(l < r)
                case .i64GtS: t2 = Self.bool(Int64(bitPattern: l) > Int64(bitPattern: r))
                case .i64GtU: t2 = Self.bool(l > r)
                case .i64LeS: t2 = Self.bool(Int64(bitPattern: l) <= Int64(bitPattern: r))
                case .i64LeU: t2 = Self.bool(l <= r)
                case .i64GeS: t2 = Self.bool(Int64(bitPattern: l) >= Int64(bitPattern: r))
                case .i64GeU: t2 = Self.bool(l >= r)
                case .i64Add: t2 = l &+ r
                case .i64Sub: t2 = l &- r
                case .i64Mul: t2 = l &* r
                case .i64DivS:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    guard !(l == 0x8000_0000_0000_0000 && r == UInt64.max) else { throw failure(.integerOverflow, rowPC) }
                    t2 = UInt64(bitPattern: Int64(bitPattern: l) / Int64(bitPattern: r))
                case .i64DivU:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    t2 = l / r
                case .i64RemS:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    t2 = r == UInt64.max ? 0 : UInt64(bitPattern: Int64(bitPattern: l) % Int64(bitPattern: r))
                case .i64RemU:
                    guard r != 0 else { throw failure(.integerDivideByZero, rowPC) }
                    t2 = l % r
                case .i64And: t2 = l & r
                case .i64Or: t2 = l | r
                case .i64Xor: t2 = l ^ r
                case .i64Shl: t2 = l &<< r
                case .i64ShrS: t2 = UInt64(bitPattern: Int64(bitPattern: l) &>> Int64(bitPattern: r))
                case .i64ShrU: t2 = l &>> r
                case .i64Rotl: t2 = (l &<< r) | (l &>> (64 &- (r & 63)))
                case .i64Rotr: t2 = (l &>> r) | (l &<< (64 &- (r & 63)))
                default: t2 = 0
                }
                stack[sp - 2] = t2
                sp -= 1
            }
            recorder.step(pc: UInt32(rowPC), fp: UInt32(rowFP), sp: UInt32(rowSP), v0: t0, v1: t1, v2: t2)
        }
    }
}
