/// Validates one function body (the algorithm of the WebAssembly specification's validation
/// appendix, restricted to i32/i64) and compiles it into flat ``WasmInstruction``s with resolved
/// branch targets.
///
/// Validation happens during compilation, as in WasmKit's translator: every instruction's operand
/// types are checked on an abstract type stack, so the interpreter can run the result without
/// checks of its own besides the dynamic traps. Unsupported instructions (floats, SIMD, reference
/// types, exceptions, tail calls, table instructions, bulk memory) are refused by name, with the
/// function index and the byte offset.
struct WasmFunctionCompiler {
    /// What the body may refer to.
    struct Context {
        var types: [WasmFunctionType]
        /// Type index of every function in the index space.
        var functionTypes: [Int]
        var canonicalTypes: [UInt32]
        var globals: [WasmGlobal]
        var hasMemory: Bool
        var hasTable: Bool
        var maxLocals: Int
    }

    private enum FrameKind { case function, block, loop, `if`, `else` }

    private struct ControlFrame {
        var kind: FrameKind
        var result: WasmValueType?
        var height: Int
        var unreachable = false
        /// pc of the block/loop/if instruction.
        var start: Int
        /// Instructions whose `a` becomes the pc after the `end` (the `end` itself for the function).
        var pendingJumps: [Int] = []
        /// `br_table` entries whose `pc` is patched the same way.
        var pendingTableEntries: [Int] = []
        var hasElse = false

        var labelArity: Int { kind == .loop ? 0 : (result == nil ? 0 : 1) }
        var labelType: WasmValueType? { kind == .loop ? nil : result }
    }

    let context: Context
    let functionIndex: Int
    var code: [WasmInstruction]
    var branchTargets: [WasmBranchTarget]

    private var reader: WasmByteReader
    private var locals: [WasmValueType] = []
    /// Operand types; 0 marks the unknown type of unreachable code.
    private var operands: [UInt8] = []
    private var controls: [ControlFrame] = []
    private var maxHeight = 0
    private var opcodeOffset = 0

    init(context: Context, functionIndex: Int, reader: WasmByteReader, code: [WasmInstruction], branchTargets: [WasmBranchTarget]) {
        self.context = context
        self.functionIndex = functionIndex
        self.reader = reader
        self.code = code
        self.branchTargets = branchTargets
    }

    /// Compiles the body that `reader` is limited to; returns (declared locals, max stack height).
    mutating func compile(type: WasmFunctionType) throws(WasmModuleError) -> (locals: Int, maxStackHeight: Int) {
        locals = type.parameters
        let groups = try reader.count(minimumElementSize: 2)
        var declared = 0
        for _ in 0..<groups {
            let start = reader.offset
            let count = Int(try reader.u32())
            let valueType = try valueType()
            declared += count
            guard declared + locals.count <= context.maxLocals + type.parameters.count else {
                throw WasmModuleError(.unsupported, at: start, function: functionIndex, "too many locals (more than \(context.maxLocals))")
            }
            locals.append(contentsOf: repeatElement(valueType, count: count))
        }
        let entry = code.count
        controls.append(ControlFrame(kind: .function, result: type.results.first, height: 0, start: entry))
        while !controls.isEmpty {
            try instruction()
        }
        guard reader.isAtEnd else { throw malformed("bytes after the function's final end") }
        return (declared, maxHeight)
    }

    // MARK: - Errors

    private func malformed(_ reason: String) -> WasmModuleError {
        WasmModuleError(.malformed, at: opcodeOffset, function: functionIndex, reason)
    }

    private func invalid(_ reason: String) -> WasmModuleError {
        WasmModuleError(.invalid, at: opcodeOffset, function: functionIndex, reason)
    }

    private func unsupported(_ code: UInt16, why reason: String? = nil) -> WasmModuleError {
        let name = WasmOpcode.name(of: code)
        let hex = code >> 8 == 0 ? "0x" + String(code, radix: 16) : "0x\(String(code >> 8, radix: 16)) \(code & 0xFF)"
        let isFloat = name.hasPrefix("f32.") || name.hasPrefix("f64.") || name.contains("_f32") || name.contains("_f64")
        let why = reason ?? (isFloat ? "the zkwasm engine runs integer programs only (no floating point)" : "the zkwasm engine does not support this instruction")
        return WasmModuleError(.unsupported, at: opcodeOffset, function: functionIndex, "instruction \(name) (opcode \(hex)) is not supported: \(why)")
    }

    private mutating func valueType() throws(WasmModuleError) -> WasmValueType {
        let at = reader.offset
        let byte = try reader.byte()
        return try WasmModuleParser.valueType(byte, at: at, function: functionIndex)
    }

    // MARK: - Type stack

    private mutating func push(_ type: WasmValueType) {
        operands.append(type.rawValue)
        if operands.count > maxHeight { maxHeight = operands.count }
    }

    private mutating func pushUnknownOrType(_ raw: UInt8) {
        operands.append(raw)
        if operands.count > maxHeight { maxHeight = operands.count }
    }

    @discardableResult
    private mutating func pop(_ expected: WasmValueType? = nil) throws(WasmModuleError) -> UInt8 {
        let frame = controls[controls.count - 1]
        if operands.count == frame.height {
            if frame.unreachable { return 0 }
            throw invalid("type mismatch: the operand stack is empty, \(expected?.name ?? "a value") expected")
        }
        let actual = operands.removeLast()
        if let expected, actual != 0, actual != expected.rawValue {
            throw invalid("type mismatch: \(expected.name) expected, \(actual == WasmValueType.i32.rawValue ? "i32" : "i64") found")
        }
        return actual
    }

    private mutating func markUnreachable() {
        operands.removeLast(operands.count - controls[controls.count - 1].height)
        controls[controls.count - 1].unreachable = true
    }

    private func label(_ depth: UInt32) throws(WasmModuleError) -> Int {
        guard Int(depth) < controls.count else { throw invalid("unknown label \(depth): only \(controls.count) enclosing blocks") }
        return controls.count - 1 - Int(depth)
    }

    /// The resolved target for a branch to frame `index` from the current height; forward targets
    /// are patched when the frame ends.
    private func target(_ index: Int) -> WasmBranchTarget {
        let frame = controls[index]
        let arity = frame.labelArity
        let drop = max(0, operands.count - frame.height - arity)
        let pc = frame.kind == .loop ? UInt32(frame.start + 1) : 0
        return WasmBranchTarget(pc: pc, drop: UInt32(drop), arity: UInt32(arity))
    }

    private mutating func emit(_ instruction: WasmInstruction) {
        code.append(instruction)
    }

    private mutating func blockType() throws(WasmModuleError) -> WasmValueType? {
        let at = reader.offset
        let byte = try reader.byte()
        if byte == 0x40 { return nil }
        if byte >= 0x40 && byte < 0x80 {
            return try WasmModuleParser.valueType(byte, at: at, function: functionIndex)
        }
        throw WasmModuleError(.unsupported, at: at, function: functionIndex, "block types with parameters or several results (multi-value) are not supported")
    }

    private mutating func memarg(natural: UInt32) throws(WasmModuleError) -> (align: UInt32, offset: UInt32) {
        let align = try reader.u32()
        let offset = try reader.u32()
        guard align <= natural else { throw invalid("alignment 2^\(align) is larger than natural (2^\(natural))") }
        guard context.hasMemory else { throw invalid("memory instruction without a memory") }
        return (align, offset)
    }

    private mutating func zeroByte(_ what: String) throws(WasmModuleError) {
        let at = reader.offset
        guard try reader.byte() == 0 else { throw WasmModuleError(.unsupported, at: at, function: functionIndex, "\(what): only memory 0 / table 0 exists") }
    }

    // MARK: - Instructions

    private mutating func instruction() throws(WasmModuleError) {
        opcodeOffset = reader.offset
        let byte = try reader.byte()
        let pc = code.count
        switch byte {
        case 0x00:
            emit(WasmInstruction(.unreachable))
            markUnreachable()
        case 0x01:
            emit(WasmInstruction(.nop))
        case 0x02, 0x03:
            let result = try blockType()
            let kind: FrameKind = byte == 0x02 ? .block : .loop
            emit(WasmInstruction(byte == 0x02 ? .block : .loop, b: result == nil ? 0 : 1))
            controls.append(ControlFrame(kind: kind, result: result, height: operands.count, start: pc))
        case 0x04:
            let result = try blockType()
            try pop(.i32)
            emit(WasmInstruction(.if, b: result == nil ? 0 : 1))
            controls.append(ControlFrame(kind: .if, result: result, height: operands.count, start: pc))
        case 0x05:
            guard controls[controls.count - 1].kind == .if else { throw invalid("else without a matching if") }
            try endOfBlockTypes()
            emit(WasmInstruction(.else))
            var frame = controls[controls.count - 1]
            code[frame.start].a = UInt32(pc + 1)
            frame.kind = .else
            frame.hasElse = true
            frame.unreachable = false
            frame.pendingJumps.append(pc)
            controls[controls.count - 1] = frame
            operands.removeLast(operands.count - frame.height)
        case 0x0B:
            try endOfBlockTypes()
            let frame = controls.removeLast()
            if frame.kind == .if, frame.result != nil {
                throw invalid("type mismatch: if with a result needs an else branch")
            }
            let after = frame.kind == .function ? UInt32(pc) : UInt32(pc + 1)
            for jump in frame.pendingJumps { code[jump].a = after }
            for entry in frame.pendingTableEntries { branchTargets[entry].pc = after }
            if frame.kind == .if { code[frame.start].a = after }
            if frame.kind == .function {
                emit(WasmInstruction(.return, b: frame.result == nil ? 0 : 1))
                return
            }
            if frame.kind == .block || frame.kind == .loop { code[frame.start].a = UInt32(pc) }
            emit(WasmInstruction(.end))
            operands.removeLast(operands.count - frame.height)
            if let result = frame.result { push(result) }
        case 0x0C:
            let index = try label(try reader.u32())
            let target = target(index)
            if let type = controls[index].labelType { try pop(type) }
            emit(WasmInstruction(.br, a: target.pc, b: target.drop, immediate: UInt64(target.arity)))
            if controls[index].kind != .loop { controls[index].pendingJumps.append(pc) }
            markUnreachable()
        case 0x0D:
            let index = try label(try reader.u32())
            try pop(.i32)
            let target = target(index)
            if let type = controls[index].labelType {
                try pop(type)
                push(type)
            }
            emit(WasmInstruction(.brIf, a: target.pc, b: target.drop, immediate: UInt64(target.arity)))
            if controls[index].kind != .loop { controls[index].pendingJumps.append(pc) }
        case 0x0E:
            let count = try reader.count()
            var depths: [UInt32] = []
            depths.reserveCapacity(count + 1)
            for _ in 0...count { depths.append(try reader.u32()) }
            try pop(.i32)
            let defaultIndex = try label(depths[count])
            let labelType = controls[defaultIndex].labelType
            let first = branchTargets.count
            for depth in depths {
                let index = try label(depth)
                guard controls[index].labelType == labelType else { throw invalid("type mismatch: br_table labels carry different types") }
                if controls[index].kind != .loop { controls[index].pendingTableEntries.append(branchTargets.count) }
                branchTargets.append(target(index))
            }
            if let labelType { try pop(labelType) }
            emit(WasmInstruction(.brTable, a: UInt32(first), b: UInt32(count)))
            markUnreachable()
        case 0x0F:
            if let result = controls[0].result { try pop(result) }
            emit(WasmInstruction(.return, b: controls[0].result == nil ? 0 : 1))
            markUnreachable()
        case 0x10:
            let callee = try reader.u32()
            guard Int(callee) < context.functionTypes.count else { throw invalid("unknown function \(callee)") }
            let type = context.types[context.functionTypes[Int(callee)]]
            for parameter in type.parameters.reversed() { try pop(parameter) }
            for result in type.results { push(result) }
            emit(WasmInstruction(.call, a: callee))
        case 0x11:
            let typeIndex = try reader.u32()
            let tableAt = reader.offset
            let table = try reader.u32()
            guard Int(typeIndex) < context.types.count else { throw invalid("unknown type \(typeIndex)") }
            guard table == 0, context.hasTable else { throw WasmModuleError(.invalid, at: tableAt, function: functionIndex, "call_indirect needs table 0") }
            try pop(.i32)
            let type = context.types[Int(typeIndex)]
            for parameter in type.parameters.reversed() { try pop(parameter) }
            for result in type.results { push(result) }
            emit(WasmInstruction(.callIndirect, a: typeIndex, b: context.canonicalTypes[Int(typeIndex)]))
        case 0x1A:
            try pop()
            emit(WasmInstruction(.drop))
        case 0x1B, 0x1C:
            if byte == 0x1C {
                guard try reader.count() == 1 else { throw invalid("typed select needs exactly one type") }
                _ = try valueType()
            }
            try pop(.i32)
            let first = try pop()
            let second = try pop(first == 0 ? nil : WasmValueType(rawValue: first))
            pushUnknownOrType(first == 0 ? second : first)
            emit(WasmInstruction(.select))
        case 0x20, 0x21, 0x22:
            let index = try reader.u32()
            guard Int(index) < locals.count else { throw invalid("unknown local \(index)") }
            let type = locals[Int(index)]
            if byte == 0x20 {
                push(type)
                emit(WasmInstruction(.localGet, a: index))
            } else {
                try pop(type)
                if byte == 0x22 { push(type) }
                emit(WasmInstruction(byte == 0x21 ? .localSet : .localTee, a: index))
            }
        case 0x23, 0x24:
            let index = try reader.u32()
            guard Int(index) < context.globals.count else { throw invalid("unknown global \(index)") }
            let global = context.globals[Int(index)]
            if byte == 0x23 {
                push(global.type)
                emit(WasmInstruction(.globalGet, a: index))
            } else {
                guard global.isMutable else { throw invalid("global.set of immutable global \(index)") }
                try pop(global.type)
                emit(WasmInstruction(.globalSet, a: index))
            }
        case 0x28...0x35 where byte != 0x2A && byte != 0x2B:
            let opcode = WasmOpcode(rawValue: UInt16(byte))!
            let (natural, result): (UInt32, WasmValueType) =
                switch opcode {
                case .i32Load: (2, .i32)
                case .i64Load: (3, .i64)
                case .i32Load8S, .i32Load8U: (0, .i32)
                case .i32Load16S, .i32Load16U: (1, .i32)
                case .i64Load8S, .i64Load8U: (0, .i64)
                case .i64Load16S, .i64Load16U: (1, .i64)
                default: (2, .i64)
                }
            let (align, offset) = try memarg(natural: natural)
            try pop(.i32)
            push(result)
            emit(WasmInstruction(opcode, a: align, immediate: UInt64(offset)))
        case 0x36, 0x37, 0x3A...0x3E:
            let opcode = WasmOpcode(rawValue: UInt16(byte))!
            let (natural, value): (UInt32, WasmValueType) =
                switch opcode {
                case .i32Store: (2, .i32)
                case .i64Store: (3, .i64)
                case .i32Store8: (0, .i32)
                case .i32Store16: (1, .i32)
                case .i64Store8: (0, .i64)
                case .i64Store16: (1, .i64)
                default: (2, .i64)
                }
            let (align, offset) = try memarg(natural: natural)
            try pop(value)
            try pop(.i32)
            emit(WasmInstruction(opcode, a: align, immediate: UInt64(offset)))
        case 0x3F, 0x40:
            try zeroByte(byte == 0x3F ? "memory.size" : "memory.grow")
            guard context.hasMemory else { throw invalid("memory instruction without a memory") }
            if byte == 0x40 { try pop(.i32) }
            push(.i32)
            emit(WasmInstruction(byte == 0x3F ? .memorySize : .memoryGrow))
        case 0x41:
            let value = try reader.signed(bits: 32)
            push(.i32)
            emit(WasmInstruction(.i32Const, immediate: UInt64(UInt32(truncatingIfNeeded: value))))
        case 0x42:
            let value = try reader.signed(bits: 64)
            push(.i64)
            emit(WasmInstruction(.i64Const, immediate: UInt64(bitPattern: value)))
        case 0x45, 0x67, 0x68, 0x69, 0xC0, 0xC1:
            try pop(.i32)
            push(.i32)
            emit(WasmInstruction(WasmOpcode(rawValue: UInt16(byte))!))
        case 0x46...0x4F, 0x6A...0x78:
            try pop(.i32)
            try pop(.i32)
            push(.i32)
            emit(WasmInstruction(WasmOpcode(rawValue: UInt16(byte))!))
        case 0x50:
            try pop(.i64)
            push(.i32)
            emit(WasmInstruction(.i64Eqz))
        case 0x51...0x5A:
            try pop(.i64)
            try pop(.i64)
            push(.i32)
            emit(WasmInstruction(WasmOpcode(rawValue: UInt16(byte))!))
        case 0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4:
            try pop(.i64)
            push(.i64)
            emit(WasmInstruction(WasmOpcode(rawValue: UInt16(byte))!))
        case 0x7C...0x8A:
            try pop(.i64)
            try pop(.i64)
            push(.i64)
            emit(WasmInstruction(WasmOpcode(rawValue: UInt16(byte))!))
        case 0xA7:
            try pop(.i64)
            push(.i32)
            emit(WasmInstruction(.i32WrapI64))
        case 0xAC, 0xAD:
            try pop(.i32)
            push(.i64)
            emit(WasmInstruction(byte == 0xAC ? .i64ExtendI32S : .i64ExtendI32U))
        case 0xFC:
            let sub = try reader.u32()
            try prefixed(sub)
        case 0xFD, 0xFE:
            let sub = try reader.u32()
            throw unsupported(UInt16(byte) << 8 | UInt16(truncatingIfNeeded: min(sub, 0xFF)))
        case 0x06...0x0A, 0x12, 0x13, 0x1F, 0x25, 0x26, 0x2A, 0x2B, 0x38, 0x39, 0x43, 0x44, 0x5B...0x66, 0x8B...0xA6,
            0xA8...0xAB, 0xAE...0xBF, 0xD0...0xD2:
            throw unsupported(UInt16(byte))
        default:
            throw malformed("illegal opcode 0x\(String(byte, radix: 16))")
        }
    }

    private mutating func prefixed(_ sub: UInt32) throws(WasmModuleError) {
        switch sub {
        case 8...11:
            // Bulk memory: one instruction touches a run-dependent number of bytes, which the
            // proof's one row per instruction cannot hold.
            throw unsupported(0xFC00 | UInt16(sub), why: "the zkwasm engine cannot prove bulk memory operations")
        case 0...7, 12...17:
            throw unsupported(0xFC00 | UInt16(sub))
        default:
            throw malformed("illegal opcode 0xfc \(sub)")
        }
    }

    /// At `else`/`end`: the block's result must be exactly on the stack.
    private mutating func endOfBlockTypes() throws(WasmModuleError) {
        let frame = controls[controls.count - 1]
        if let result = frame.result { try pop(result) }
        guard operands.count == frame.height else {
            throw invalid("type mismatch: \(operands.count - frame.height) values left on the stack at the end of a block")
        }
        if frame.result != nil, let result = frame.result { push(result) }
    }
}
