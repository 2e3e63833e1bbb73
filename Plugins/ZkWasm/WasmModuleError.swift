/// Why a WebAssembly module was refused when the program was created.
///
/// Every refusal names the byte offset in the module where it was found; refusals inside a
/// function body also name the function index (imports counted first, as in the binary's index
/// space). Hostile bytes only ever produce this error, never a trap of the process.
public struct WasmModuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The bytes are not a WebAssembly binary (truncated, bad LEB128, bad section order…).
        case malformed
        /// Well-formed but fails validation (type mismatch, index out of range…).
        case invalid
        /// Valid WebAssembly the zkwasm engine does not run (floats, SIMD, unknown imports…).
        case unsupported
    }

    public var kind: Kind
    /// Byte offset in the module binary.
    public var offset: Int
    /// Function index in the module's function index space, when the problem is in a body.
    public var function: Int?
    public var reason: String

    public init(_ kind: Kind, at offset: Int, function: Int? = nil, _ reason: String) {
        self.kind = kind
        self.offset = offset
        self.function = function
        self.reason = reason
    }

    public var description: String {
        let place = function.map { "function \($0) at byte offset 0x\(String(offset, radix: 16))" }
            ?? "byte offset 0x\(String(offset, radix: 16))"
        switch kind {
        case .malformed: return "malformed wasm module (\(place)): \(reason)"
        case .invalid: return "invalid wasm module (\(place)): \(reason)"
        case .unsupported: return "unsupported by the zkwasm engine (\(place)): \(reason)"
        }
    }
}
