/// Decodes, validates and compiles a WebAssembly binary into a ``WasmModule``.
///
/// Accepts the MVP with integer types only, plus sign-extension operators, passive data segments
/// and typed `select`: what the zkwasm proof can prove. Imports must be zkWasm host functions from
/// `env`. Everything else (floats, bulk memory instructions…) is refused with a
/// ``WasmModuleError`` naming what and where.
///
/// Complexity: linear in the binary; allocation is bounded by the binary's size (vector counts are
/// checked against the bytes left before anything is reserved).
public enum WasmModuleParser {
    public static func parse(_ bytes: [UInt8], limits: ZkWasmLimits = .default) throws(WasmModuleError) -> WasmModule {
        var state = State(reader: WasmByteReader(bytes), limits: limits)
        try state.parse()
        return state.module
    }

    static func valueType(_ byte: UInt8, at offset: Int, function: Int? = nil) throws(WasmModuleError) -> WasmValueType {
        switch byte {
        case 0x7F: return .i32
        case 0x7E: return .i64
        case 0x7D, 0x7C:
            throw WasmModuleError(
                .unsupported, at: offset, function: function,
                "value type \(byte == 0x7D ? "f32" : "f64") is not supported: the zkwasm engine runs integer programs only (no floating point)")
        case 0x7B: throw WasmModuleError(.unsupported, at: offset, function: function, "value type v128 (SIMD) is not supported")
        case 0x70, 0x6F, 0x64, 0x63:
            throw WasmModuleError(.unsupported, at: offset, function: function, "reference-typed values are not supported")
        default: throw WasmModuleError(.malformed, at: offset, function: function, "unknown value type 0x\(String(byte, radix: 16))")
        }
    }

    private struct State {
        var reader: WasmByteReader
        let limits: ZkWasmLimits
        var module = WasmModule(
            types: [], functions: [], importCount: 0, globals: [], memoryMinimumPages: nil, memoryMaximumPages: nil,
            tableMinimum: nil, tableMaximum: nil, elements: [], data: [], start: nil, exports: [:], code: [], branchTargets: [])
        var canonicalTypes: [UInt32] = []
        var declaredFunctionTypes: [Int] = []
        var dataCount: Int?
        var sawCode = false

        func malformed(_ reason: String, at offset: Int? = nil) -> WasmModuleError {
            WasmModuleError(.malformed, at: offset ?? reader.offset, reason)
        }

        func invalid(_ reason: String, at offset: Int? = nil) -> WasmModuleError {
            WasmModuleError(.invalid, at: offset ?? reader.offset, reason)
        }

        func unsupported(_ reason: String, at offset: Int? = nil) -> WasmModuleError {
            WasmModuleError(.unsupported, at: offset ?? reader.offset, reason)
        }

        mutating func parse() throws(WasmModuleError) {
            guard reader.remaining >= 8 else { throw malformed("not a wasm module: shorter than the 8-byte header", at: 0) }
            guard Array(try reader.bytes(4)) == [0x00, 0x61, 0x73, 0x6D] else { throw malformed("not a wasm module: bad magic number", at: 0) }
            guard Array(try reader.bytes(4)) == [0x01, 0x00, 0x00, 0x00] else { throw malformed("unsupported wasm binary version", at: 4) }
            // Order of the non-custom sections: type, import, function, table, memory, tag, global,
            // export, start, element, datacount, code, data.
            let rank: [UInt8: Int] = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13]
            var lastRank = 0
            while !reader.isAtEnd {
                let idOffset = reader.offset
                let id = try reader.byte()
                let size = Int(try reader.u32())
                guard size <= reader.remaining else { throw malformed("section size \(size) exceeds the \(reader.remaining) bytes left", at: idOffset) }
                let end = reader.offset + size
                reader.limit = end
                if id != 0 {
                    guard let sectionRank = rank[id] else { throw malformed("unknown section id \(id)", at: idOffset) }
                    guard sectionRank > lastRank else { throw malformed("section \(id) is out of order or repeated", at: idOffset) }
                    lastRank = sectionRank
                }
                switch id {
                case 0: _ = try reader.name()  // custom section: name, then ignored contents
                    reader.offset = end
                case 1: try typeSection()
                case 2: try importSection()
                case 3: try functionSection()
                case 4: try tableSection()
                case 5: try memorySection()
                case 6: try globalSection()
                case 7: try exportSection()
                case 8: try startSection()
                case 9: try elementSection()
                case 10: try codeSection()
                case 11: try dataSection()
                case 12: dataCount = Int(try reader.u32())
                default: throw unsupported("section \(id) (tags, exception handling) is not supported", at: idOffset)
                }
                guard reader.offset == end else { throw malformed("section \(id) size mismatch: contents end at \(reader.offset), size says \(end)") }
                reader.limit = reader.bytes.count
            }
            guard declaredFunctionTypes.count == 0 || sawCode else { throw malformed("function section without a code section") }
            if let dataCount, dataCount != module.data.count {
                throw malformed("data count section says \(dataCount) segments, the data section has \(module.data.count)")
            }
            wrapHostFunctionsInTable()
        }

        /// Puts a defined wrapper `local.get 0, call host, return` in each table slot that holds a
        /// host function (appended after the module's own functions), so that `call_indirect`
        /// only ever enters functions the module defines, which the proof's function table holds;
        /// the wrapper's direct host call is then proved like any other. Such a call runs three
        /// instructions and one frame more than the specification counts.
        mutating func wrapHostFunctionsInTable() {
            var wrappers: [UInt32: UInt32] = [:]
            for segment in module.elements.indices {
                for (slot, index) in module.elements[segment].functions.enumerated() {
                    let function = module.functions[Int(index)]
                    guard let host = function.host else { continue }
                    let wrapper = wrappers[index] ?? UInt32(module.functions.count)
                    if wrappers[index] == nil {
                        wrappers[index] = wrapper
                        let results = host.type.results.count
                        module.functions.append(
                            WasmFunction(
                                typeIndex: function.typeIndex, canonicalType: function.canonicalType, parameterCount: function.parameterCount,
                                resultCount: results, localCount: 0, entry: module.code.count, maxStackHeight: 1, host: nil, bodyOffset: 0))
                        module.code += [WasmInstruction(.localGet), WasmInstruction(.call, a: index), WasmInstruction(.return, b: UInt32(results))]
                    }
                    module.elements[segment].functions[slot] = wrapper
                }
            }
        }

        mutating func valueType() throws(WasmModuleError) -> WasmValueType {
            let at = reader.offset
            return try WasmModuleParser.valueType(try reader.byte(), at: at)
        }

        mutating func limits(maximum: UInt64, what: String) throws(WasmModuleError) -> (UInt32, UInt32?) {
            let at = reader.offset
            let flags = try reader.byte()
            guard flags <= 1 else {
                throw flags <= 7 ? unsupported("\(what) limits flag 0x\(String(flags, radix: 16)) (shared or 64-bit) is not supported", at: at)
                    : malformed("bad limits flag 0x\(String(flags, radix: 16))", at: at)
            }
            let minimum = try reader.u32()
            let maximumValue: UInt32? = flags == 1 ? try reader.u32() : nil
            guard UInt64(minimum) <= maximum, UInt64(maximumValue ?? 0) <= maximum else { throw invalid("\(what) size must be at most \(maximum)", at: at) }
            if let maximumValue, maximumValue < minimum { throw invalid("\(what) maximum \(maximumValue) is below its minimum \(minimum)", at: at) }
            return (minimum, maximumValue)
        }

        mutating func typeSection() throws(WasmModuleError) {
            let count = try reader.count(minimumElementSize: 3)
            for _ in 0..<count {
                let at = reader.offset
                let form = try reader.byte()
                guard form == 0x60 else {
                    throw form == 0x5E || form == 0x5F || form == 0x4E || form == 0x50 || form == 0x4F
                        ? unsupported("GC types are not supported", at: at) : malformed("function type expected (0x60)", at: at)
                }
                var parameters: [WasmValueType] = []
                for _ in 0..<(try reader.count()) { parameters.append(try valueType()) }
                var results: [WasmValueType] = []
                for _ in 0..<(try reader.count()) { results.append(try valueType()) }
                guard results.count <= 1 else { throw unsupported("function types with several results (multi-value) are not supported", at: at) }
                let type = WasmFunctionType(parameters: parameters, results: results)
                canonicalTypes.append(UInt32(module.types.firstIndex(of: type) ?? module.types.count))
                module.types.append(type)
            }
        }

        mutating func typeIndex() throws(WasmModuleError) -> Int {
            let at = reader.offset
            let index = Int(try reader.u32())
            guard index < module.types.count else { throw invalid("unknown type \(index)", at: at) }
            return index
        }

        mutating func importSection() throws(WasmModuleError) {
            let count = try reader.count(minimumElementSize: 4)
            for _ in 0..<count {
                let at = reader.offset
                let moduleName = try reader.name()
                let field = try reader.name()
                let kind = try reader.byte()
                let provided = ZkWasmHostFunction.allCases.map { "env.\($0.importName)" }.joined(separator: ", ")
                guard kind == 0 else {
                    let what = ["function", "table", "memory", "global", "tag"][min(Int(kind), 4)]
                    throw unsupported("import \(moduleName).\(field) is a \(what); the zkWasm host provides only functions: \(provided)", at: at)
                }
                let typeIndex = try typeIndex()
                guard moduleName == "env", let host = ZkWasmHostFunction.allCases.first(where: { $0.importName == field }) else {
                    throw unsupported("import \(moduleName).\(field) is not provided by the zkWasm host, which provides \(provided)", at: at)
                }
                guard module.types[typeIndex] == host.type else {
                    throw invalid("import env.\(field) has type \(module.types[typeIndex]), the zkWasm host provides \(host.type)", at: at)
                }
                module.functions.append(
                    WasmFunction(
                        typeIndex: typeIndex, canonicalType: canonicalTypes[typeIndex], parameterCount: host.type.parameters.count,
                        resultCount: host.type.results.count, localCount: 0, entry: -1, maxStackHeight: 0, host: host, bodyOffset: 0))
                module.importCount += 1
            }
        }

        mutating func functionSection() throws(WasmModuleError) {
            let count = try reader.count()
            for _ in 0..<count { declaredFunctionTypes.append(try typeIndex()) }
            for typeIndex in declaredFunctionTypes {
                let type = module.types[typeIndex]
                module.functions.append(
                    WasmFunction(
                        typeIndex: typeIndex, canonicalType: canonicalTypes[typeIndex], parameterCount: type.parameters.count,
                        resultCount: type.results.count, localCount: 0, entry: -1, maxStackHeight: 0, host: nil, bodyOffset: 0))
            }
        }

        mutating func tableSection() throws(WasmModuleError) {
            let count = try reader.count()
            guard count <= 1 else { throw unsupported("more than one table is not supported") }
            for _ in 0..<count {
                let at = reader.offset
                let type = try reader.byte()
                guard type == 0x70 else { throw unsupported("only funcref tables are supported", at: at) }
                let (minimum, maximum) = try limits(maximum: UInt64(UInt32.max), what: "table")
                guard minimum <= limits.maxTableSize else {
                    throw unsupported("table of \(minimum) entries exceeds the engine's limit of \(limits.maxTableSize)", at: at)
                }
                module.tableMinimum = minimum
                module.tableMaximum = maximum
            }
        }

        mutating func memorySection() throws(WasmModuleError) {
            let count = try reader.count()
            guard count <= 1 else { throw unsupported("more than one memory is not supported") }
            for _ in 0..<count {
                let at = reader.offset
                let (minimum, maximum) = try limits(maximum: 65536, what: "memory")
                let limit = min(limits.maxMemoryPages, ZkWasmLimits.provableMemoryPages)
                guard minimum <= limit else {
                    throw unsupported("memory of \(minimum) pages at start exceeds the engine's limit of \(limit) pages (maxMemoryPages)", at: at)
                }
                module.memoryMinimumPages = minimum
                module.memoryMaximumPages = maximum
            }
        }

        /// A constant expression of `type`: `i32.const`, `i64.const` or `global.get` of an earlier
        /// immutable global, then `end`.
        mutating func constant(_ type: WasmValueType) throws(WasmModuleError) -> UInt64 {
            let at = reader.offset
            let opcode = try reader.byte()
            let value: UInt64
            let actual: WasmValueType
            switch opcode {
            case 0x41:
                value = UInt64(UInt32(truncatingIfNeeded: try reader.signed(bits: 32)))
                actual = .i32
            case 0x42:
                value = UInt64(bitPattern: try reader.signed(bits: 64))
                actual = .i64
            case 0x23:
                let index = Int(try reader.u32())
                guard index < module.globals.count, !module.globals[index].isMutable else {
                    throw invalid("constant expression reads global \(index), which is not an earlier immutable global", at: at)
                }
                value = module.globals[index].initialValue
                actual = module.globals[index].type
            case 0x43, 0x44: throw unsupported("\(WasmOpcode.name(of: UInt16(opcode))) in a constant expression: no floating point", at: at)
            default: throw invalid("constant expression required, found \(WasmOpcode.name(of: UInt16(opcode)))", at: at)
            }
            guard actual == type else { throw invalid("type mismatch in constant expression: \(type.name) expected", at: at) }
            guard try reader.byte() == 0x0B else { throw invalid("constant expression must end after one instruction", at: at) }
            return value
        }

        mutating func globalSection() throws(WasmModuleError) {
            let count = try reader.count(minimumElementSize: 4)
            for _ in 0..<count {
                let type = try valueType()
                let at = reader.offset
                let mutability = try reader.byte()
                guard mutability <= 1 else { throw malformed("bad global mutability \(mutability)", at: at) }
                let value = try constant(type)
                module.globals.append(WasmGlobal(type: type, isMutable: mutability == 1, initialValue: value))
            }
        }

        mutating func exportSection() throws(WasmModuleError) {
            let count = try reader.count(minimumElementSize: 3)
            var names = Set<String>()
            for _ in 0..<count {
                let at = reader.offset
                let name = try reader.name()
                let kind = try reader.byte()
                let index = Int(try reader.u32())
                guard names.insert(name).inserted else { throw invalid("duplicate export name \(name)", at: at) }
                switch kind {
                case 0:
                    guard index < module.functions.count else { throw invalid("export \(name) names unknown function \(index)", at: at) }
                    module.exports[name] = index
                case 1: guard index == 0, module.tableMinimum != nil else { throw invalid("export \(name) names unknown table", at: at) }
                case 2: guard index == 0, module.memoryMinimumPages != nil else { throw invalid("export \(name) names unknown memory", at: at) }
                case 3: guard index < module.globals.count else { throw invalid("export \(name) names unknown global", at: at) }
                default: throw malformed("bad export kind \(kind)", at: at)
                }
            }
        }

        mutating func startSection() throws(WasmModuleError) {
            let at = reader.offset
            let index = Int(try reader.u32())
            guard index < module.functions.count else { throw invalid("start function \(index) does not exist", at: at) }
            guard module.types[module.functions[index].typeIndex] == WasmFunctionType(parameters: [], results: []) else {
                throw invalid("start function must have type () -> ()", at: at)
            }
            module.start = index
        }

        mutating func elementSection() throws(WasmModuleError) {
            let count = try reader.count(minimumElementSize: 3)
            for _ in 0..<count {
                let at = reader.offset
                let flags = try reader.u32()
                guard flags == 0 else {
                    throw flags <= 7 ? unsupported("element segment form \(flags) is not supported (only active segments of table 0 with function indices)", at: at)
                        : malformed("bad element segment flags \(flags)", at: at)
                }
                guard module.tableMinimum != nil else { throw invalid("element segment without a table", at: at) }
                let offset = UInt32(truncatingIfNeeded: try constant(.i32))
                var functions: [UInt32] = []
                let entries = try reader.count()
                functions.reserveCapacity(entries)
                for _ in 0..<entries {
                    let entryAt = reader.offset
                    let index = try reader.u32()
                    guard Int(index) < module.functions.count else { throw invalid("element names unknown function \(index)", at: entryAt) }
                    functions.append(index)
                }
                module.elements.append(WasmElementSegment(offset: offset, functions: functions))
            }
        }

        mutating func codeSection() throws(WasmModuleError) {
            let at = reader.offset
            let count = try reader.count()
            guard count == declaredFunctionTypes.count else {
                throw malformed("code section has \(count) bodies, the function section declares \(declaredFunctionTypes.count)", at: at)
            }
            sawCode = true
            let context = WasmFunctionCompiler.Context(
                types: module.types, functionTypes: module.functions.map(\.typeIndex), canonicalTypes: canonicalTypes,
                globals: module.globals, hasMemory: module.memoryMinimumPages != nil, hasTable: module.tableMinimum != nil,
                maxLocals: limits.maxLocals)
            var code: [WasmInstruction] = []
            var branchTargets: [WasmBranchTarget] = []
            for body in 0..<count {
                let functionIndex = module.importCount + body
                let size = Int(try reader.u32())
                guard size <= reader.remaining else { throw malformed("function body size \(size) exceeds the section") }
                var bodyReader = reader
                bodyReader.limit = reader.offset + size
                let bodyOffset = reader.offset
                let entry = code.count
                var compiler = WasmFunctionCompiler(
                    context: context, functionIndex: functionIndex, reader: bodyReader, code: code, branchTargets: branchTargets)
                code = []
                branchTargets = []
                let type = module.types[module.functions[functionIndex].typeIndex]
                let (locals, height) = try compiler.compile(type: type)
                code = compiler.code
                branchTargets = compiler.branchTargets
                guard code.count < Int(UInt32.max) else { throw unsupported("the module has too many instructions") }
                module.functions[functionIndex].localCount = locals
                module.functions[functionIndex].entry = entry
                module.functions[functionIndex].maxStackHeight = height
                module.functions[functionIndex].bodyOffset = bodyOffset
                reader.offset += size
            }
            module.code = code
            module.branchTargets = branchTargets
        }

        mutating func dataSection() throws(WasmModuleError) {
            let count = try reader.count()
            for _ in 0..<count {
                let at = reader.offset
                let flags = try reader.u32()
                var offset: UInt32?
                switch flags {
                case 0, 2:
                    if flags == 2 {
                        guard try reader.u32() == 0 else { throw unsupported("data segment for a memory other than 0", at: at) }
                    }
                    guard module.memoryMinimumPages != nil else { throw invalid("active data segment without a memory", at: at) }
                    offset = UInt32(truncatingIfNeeded: try constant(.i32))
                case 1: offset = nil
                default: throw malformed("bad data segment flags \(flags)", at: at)
                }
                let length = try reader.count()
                module.data.append(WasmDataSegment(offset: offset, bytes: Array(try reader.bytes(length))))
            }
        }
    }
}
