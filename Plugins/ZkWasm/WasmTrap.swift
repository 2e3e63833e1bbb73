/// A trap of the WebAssembly specification, with the specification's wording.
public enum WasmTrap: String, Error, Sendable, CaseIterable {
    case unreachable = "unreachable"
    case integerDivideByZero = "integer divide by zero"
    case integerOverflow = "integer overflow"
    case outOfBoundsMemoryAccess = "out of bounds memory access"
    case outOfBoundsTableAccess = "out of bounds table access"
    case undefinedElement = "undefined element"
    case uninitializedElement = "uninitialized element"
    case indirectCallTypeMismatch = "indirect call type mismatch"
    case callStackExhausted = "call stack exhausted"
}

/// Why a run of a zkwasm program did not finish.
public enum ZkWasmFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A WebAssembly trap at instruction `pc`.
    case trap(WasmTrap, pc: Int, location: String)
    /// `require(0)`: the `call`-th executed require call (1-based), at `pc`.
    case requireFailed(call: Int, pc: Int, location: String)
    /// `wasm_input` found its list empty.
    case inputExhausted(isPublic: Bool, pc: Int, location: String)
    /// `wasm_input` with an argument other than 0 or 1.
    case invalidInputKind(Int32, pc: Int, location: String)
    /// More than the allowed number of instructions ran.
    case instructionLimit(UInt64)
    /// The host abandoned the call.
    case cancelled

    public var description: String {
        switch self {
        case .trap(let trap, _, let location):
            return "wasm trap: \(trap.rawValue) (\(location))"
        case .requireFailed(let call, _, let location):
            return "require is not satisfied: require call #\(call) of the run received 0 (\(location)); the inputs do not satisfy the program"
        case .inputExhausted(let isPublic, _, let location):
            return "failed to read \(isPublic ? "public" : "private") input, please checkout your input (\(location)): the message data's \(isPublic ? "public_input" : "private_input") list has no more values"
        case .invalidInputKind(let kind, _, let location):
            return "wasm_input(\(kind)) is invalid: the argument must be 1 (public input) or 0 (private input) (\(location))"
        case .instructionLimit(let limit):
            return "the run exceeded the limit of \(limit) wasm instructions (maxInstructions); the program may loop forever"
        case .cancelled:
            return "the run was cancelled by the host"
        }
    }
}
