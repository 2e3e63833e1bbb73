/// The JavaScript values a wasm-bindgen module refers to by index, and the index allocator of
/// wasm-bindgen's JS glue: slots 0..<128 unused, 128…131 fixed as `undefined`, `null`, `true`,
/// `false`; new values take the first free slot from 132 on, freed slots are reused first.
struct JSHeap {
    /// Byte storage of a host-side `Uint8Array` (shared by its subarrays).
    final class Buffer {
        var bytes: [UInt8]
        init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }
    }

    /// A `Uint8Array`: a window on a host buffer, or on the module's linear memory
    /// (`length == nil`: to the end of memory).
    enum Bytes {
        case host(Buffer, offset: Int, length: Int)
        case wasm(offset: Int, length: Int?)
    }

    enum Function {
        /// `new Function("return this")`.
        case returnThis
        /// Node's `module.require`.
        case require
    }

    enum Value {
        case undefined, null, bool(Bool)
        case global, crypto
        case string(String)
        case function(Function)
        case memory, arrayBuffer
        case bytes(Bytes)
        /// A host-side exception, handed to `__wbindgen_exn_store`.
        case error(String)

        var isObject: Bool {
            switch self {
            case .global, .crypto, .memory, .arrayBuffer, .bytes, .error: true
            default: false
            }
        }
    }

    static let firstFree = 132
    private enum Slot {
        case value(Value)
        case free(next: Int)
    }
    private var slots: [Slot]
    private var nextFree: Int

    init() {
        slots = Array(repeating: .value(.undefined), count: 128) + [.value(.undefined), .value(.null), .value(.bool(true)), .value(.bool(false))]
        nextFree = Self.firstFree
    }

    mutating func add(_ v: Value) -> UInt32 {
        if nextFree == slots.count { slots.append(.free(next: slots.count + 1)) }
        let index = nextFree
        guard case .free(let next) = slots[index] else { preconditionFailure("JS heap free list corrupt") }
        nextFree = next
        slots[index] = .value(v)
        return UInt32(index)
    }

    /// The value at `index`; a stale or unknown index is an error, not a trap.
    func get(_ index: UInt32) throws(WasmBindgenError) -> Value {
        guard Int(index) < slots.count, case .value(let v) = slots[Int(index)] else { throw .badHeapIndex(index) }
        return v
    }

    mutating func drop(_ index: UInt32) {
        let i = Int(index)
        guard i >= Self.firstFree, i < slots.count, case .value = slots[i] else { return }
        slots[i] = .free(next: nextFree)
        nextFree = i
    }
}
