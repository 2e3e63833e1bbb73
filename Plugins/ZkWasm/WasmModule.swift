/// A value type the engine runs: only the integer types of WebAssembly.
public enum WasmValueType: UInt8, Sendable, Hashable {
    case i32 = 0x7F
    case i64 = 0x7E

    public var name: String { self == .i32 ? "i32" : "i64" }
}

/// A function signature `(params) -> (results)`; at most one result (multi-value is refused).
public struct WasmFunctionType: Sendable, Hashable, CustomStringConvertible {
    public var parameters: [WasmValueType]
    public var results: [WasmValueType]

    public var description: String {
        "(\(parameters.map(\.name).joined(separator: ", "))) -> (\(results.map(\.name).joined(separator: ", ")))"
    }
}

/// The zkWasm host functions the engine provides to a module as imports from `env`.
public enum ZkWasmHostFunction: UInt32, Sendable, CaseIterable {
    /// `wasm_input(i32) -> i64`: 1 pops the next public input, 0 the next private input.
    case wasmInput = 0
    /// `require(i32)`: fails the run when the argument is 0.
    case require = 1
    /// `wasm_output(i64)`: appends a public output.
    case wasmOutput = 2
    /// `wasm_dbg(i64)`: prints the value during execution only.
    case wasmDbg = 3

    public var importName: String {
        switch self {
        case .wasmInput: "wasm_input"
        case .require: "require"
        case .wasmOutput: "wasm_output"
        case .wasmDbg: "wasm_dbg"
        }
    }

    public var type: WasmFunctionType {
        switch self {
        case .wasmInput: WasmFunctionType(parameters: [.i32], results: [.i64])
        case .require: WasmFunctionType(parameters: [.i32], results: [])
        case .wasmOutput, .wasmDbg: WasmFunctionType(parameters: [.i64], results: [])
        }
    }
}

/// A function of the module after validation and compilation into the flat instruction image.
public struct WasmFunction: Sendable, Equatable {
    /// Index into ``WasmModule/types``.
    public var typeIndex: Int
    /// Index of the first structurally equal type; `call_indirect` compares these.
    public var canonicalType: UInt32
    public var parameterCount: Int
    public var resultCount: Int
    /// Declared locals beyond the parameters; they start at zero.
    public var localCount: Int
    /// The flat instruction index of the function's first instruction (imports have none: -1).
    public var entry: Int
    /// The highest operand stack height the body can reach, above its locals.
    public var maxStackHeight: Int
    /// The host function behind an import, `nil` for a defined function.
    public var host: ZkWasmHostFunction?
    /// Byte offset of the body in the binary (0 for imports).
    public var bodyOffset: Int
}

/// A global variable with its constant initial value (i32 values are zero-extended).
public struct WasmGlobal: Sendable, Equatable {
    public var type: WasmValueType
    public var isMutable: Bool
    public var initialValue: UInt64
}

/// A data segment: active ones are copied to `offset` at instantiation; passive ones wait for
/// `memory.init`.
public struct WasmDataSegment: Sendable, Equatable {
    public var offset: UInt32?
    public var bytes: [UInt8]
}

/// An active element segment of the one function table.
public struct WasmElementSegment: Sendable, Equatable {
    public var offset: UInt32
    public var functions: [UInt32]
}

/// The target of a branch once labels are resolved: where to go, how many values the label
/// carries (0 or 1) and how many stack values below them are discarded.
public struct WasmBranchTarget: Sendable, Equatable {
    public var pc: UInt32
    public var drop: UInt32
    public var arity: UInt32
}

/// A validated module compiled into one flat instruction array: the committed module image.
///
/// Instruction `pc` (the flat index) is what the trace's `pc` column refers to. See
/// ``WasmInstruction`` for the meaning of each instruction's fields.
public struct WasmModule: Sendable {
    public var types: [WasmFunctionType]
    /// Imports first, then defined functions, as in the binary's function index space.
    public var functions: [WasmFunction]
    public var importCount: Int
    public var globals: [WasmGlobal]
    /// Memory limits in 64 KiB pages; `nil` when the module has no memory.
    public var memoryMinimumPages: UInt32?
    public var memoryMaximumPages: UInt32?
    public var tableMinimum: UInt32?
    public var tableMaximum: UInt32?
    public var elements: [WasmElementSegment]
    public var data: [WasmDataSegment]
    public var start: Int?
    /// Exported functions by name.
    public var exports: [String: Int]
    /// Every defined function's instructions, concatenated in function order.
    public var code: [WasmInstruction]
    /// Resolved `br_table` targets; a `br_table` uses `b + 1` entries starting at `a`.
    public var branchTargets: [WasmBranchTarget]

    /// The function that contains instruction `pc`.
    public func function(containing pc: Int) -> Int? {
        var low = importCount, high = functions.count - 1, found: Int? = nil
        while low <= high {
            let middle = (low + high) / 2
            if functions[middle].entry <= pc {
                found = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return found
    }

    /// "function 3, instruction 17 (i32.div_s)" for messages.
    public func describe(pc: Int) -> String {
        guard pc >= 0, pc < code.count, let function = function(containing: pc) else { return "instruction \(pc)" }
        return "function \(function) at instruction \(pc - functions[function].entry) (pc \(pc), \(code[pc].opcode.name))"
    }
}

/// One compiled instruction of the module image: an opcode and three immediates.
///
/// Field meaning by opcode (unused fields are 0):
/// - `block`/`loop`: `a` = pc of the matching `end`, `b` = result count.
/// - `if`: `a` = pc to continue at when the condition is 0 (after `else`, or after `end`).
/// - `else`: `a` = pc after the matching `end` (the then-branch jumps there).
/// - `br`/`br_if`: `a` = target pc, `b` = values dropped below the carried ones, `immediate` = arity.
/// - `br_table`: `a` = first entry in ``WasmModule/branchTargets``, `b` = number of labels
///   (entries `a...a+b`, the last being the default).
/// - `return`: `b` = result count; the function's final `end` is listed as a `return`.
/// - `call`: `a` = function index. `call_indirect`: `a` = type index, `b` = canonical type index.
/// - `local.*`/`global.*`: `a` = index. `memory.init`/`data.drop`: `a` = data segment index.
/// - loads/stores: `immediate` = static offset, `a` = alignment exponent.
/// - `i32.const`/`i64.const`: `immediate` = the value (an i32 is zero-extended).
public struct WasmInstruction: Sendable, Equatable {
    public var opcode: WasmOpcode
    public var a: UInt32
    public var b: UInt32
    public var immediate: UInt64

    public init(_ opcode: WasmOpcode, a: UInt32 = 0, b: UInt32 = 0, immediate: UInt64 = 0) {
        self.opcode = opcode
        self.a = a
        self.b = b
        self.immediate = immediate
    }
}
