/// Failures of the wasm-bindgen host emulation.
enum WasmBindgenError: Error, CustomStringConvertible {
    case badHeapIndex(UInt32)
    case typeError(String)
    case outOfBounds(offset: Int, count: Int, size: Int)
    /// `__wbindgen_throw` from the module.
    case thrown(String)

    var description: String {
        switch self {
        case .badHeapIndex(let i): "the module used JS heap index \(i), which holds no value"
        case .typeError(let m): "TypeError: \(m)"
        case .outOfBounds(let o, let c, let s): "access \(o)+\(c) outside linear memory of \(s) bytes"
        case .thrown(let m): "the module threw: \(m)"
        }
    }
}
