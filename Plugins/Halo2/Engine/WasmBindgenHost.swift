@_spi(Fuzzing) import WasmKit

/// The host side of one wasm-bindgen module instance: the 30 `__wbindgen_placeholder__`
/// imports of sprout's halo2 modules (sprout-compat §5.2), backed by a ``JSHeap``.
///
/// The emulated environment is a browser-like global with `crypto.getRandomValues` (the Web
/// Crypto path of getrandom's `js` feature); randomness comes from the OS through
/// `SystemRandomNumberGenerator`. The Node path (`process.versions.node`, `require("crypto")`,
/// `randomFillSync`) is implemented too, for modules that probe it first.
final class WasmBindgenHost {
    static let module = "__wbindgen_placeholder__"
    var heap = JSHeap()
    private var random = SystemRandomNumberGenerator()
    /// Called with the module's memory before each randomness request (the prover draws its
    /// blinding right after absorbing the key and instances; see ``PSEKeyRecovery``).
    var onRandom: ((LinearMemory) -> Void)?

    /// Imports marked `catch` in the JS glue: a host exception is stored with
    /// `__wbindgen_exn_store` and the import returns 0.
    static let catching: Set<String> = [
        "__wbg_self_3fad056edded10bd", "__wbg_window_a4f46c98a61d4089", "__wbg_globalThis_17eff828815f7d84",
        "__wbg_global_46f939f6541643c5", "__wbg_require_2784e593a4674877", "__wbg_call_669127b9d730c650",
        "__wbg_call_53fc3abd42e24ec8", "__wbg_getRandomValues_504510b5564925af", "__wbg_randomFillSync_a0d98aa11c81fe89",
    ]

    /// Defines every placeholder import of `module` with the types the module declares;
    /// an import this host does not know is an error at load time.
    func imports(for module: Module, store: Store) throws(WasmBindgenError) -> Imports {
        var imports = Imports()
        for i in module.imports {
            guard i.module == Self.module, case .function(let typeIndex) = i.descriptor, let type = module.functionType(at: typeIndex) else {
                throw .typeError("unsupported import \(i.module).\(i.name)")
            }
            guard let body = implementation(i.name) else { throw .typeError("unsupported import \(i.module).\(i.name)") }
            let name = i.name
            let catching = Self.catching.contains(name)
            imports.define(module: i.module, name: name, Function(store: store, type: type) { [unowned self] caller, args in
                let a = args.map { v -> UInt32 in if case .i32(let x) = v { x } else { 0 } }
                do {
                    let result = try body(caller, a)
                    return type.results.isEmpty ? [] : [.i32(result)]
                } catch let error as WasmBindgenError where catching {
                    guard let store = caller.instance?.exports[function: "__wbindgen_exn_store"] else { throw error }
                    _ = try store([.i32(self.heap.add(.error(error.description)))])
                    return type.results.isEmpty ? [] : [.i32(0)]
                }
            })
        }
        return imports
    }

    private typealias Body = (borrowing Caller, [UInt32]) throws -> UInt32

    private func implementation(_ name: String) -> Body? {
        // The hash suffixes are part of the names and must match the module's exactly.
        switch name {
        case "__wbg_self_3fad056edded10bd", "__wbg_window_a4f46c98a61d4089", "__wbg_globalThis_17eff828815f7d84", "__wbg_global_46f939f6541643c5":
            return { [unowned self] _, _ in heap.add(.global) }
        case "__wbg_crypto_58f13aa23ffcb166":
            return { [unowned self] _, a in heap.add(try property(a[0], isGlobal: .crypto)) }
        case "__wbg_process_5b786e71d465a513", "__wbg_versions_c2ab80650590b6a2", "__wbg_node_523d7bd03ef69fba", "__wbg_msCrypto_abcb1295e768d1f2":
            // No `process`, so getrandom takes the Web Crypto path.
            return { [unowned self] _, a in _ = try heap.get(a[0]); return heap.add(.undefined) }
        case "__wbg_require_2784e593a4674877":
            return { [unowned self] _, _ in heap.add(.function(.require)) }
        case "__wbindgen_is_object":
            return { [unowned self] _, a in try heap.get(a[0]).isObject ? 1 : 0 }
        case "__wbindgen_is_string":
            return { [unowned self] _, a in if case .string = try heap.get(a[0]) { 1 } else { 0 } }
        case "__wbindgen_is_function":
            return { [unowned self] _, a in if case .function = try heap.get(a[0]) { 1 } else { 0 } }
        case "__wbindgen_is_undefined":
            return { [unowned self] _, a in if case .undefined = try heap.get(a[0]) { 1 } else { 0 } }
        case "__wbindgen_object_drop_ref":
            return { [unowned self] _, a in heap.drop(a[0]); return 0 }
        case "__wbindgen_object_clone_ref":
            return { [unowned self] _, a in heap.add(try heap.get(a[0])) }
        case "__wbindgen_string_new":
            return { [unowned self] caller, a in
                let bytes = try LinearMemory(caller).read(Int(a[0]), count: Int(a[1]))
                return heap.add(.string(String(decoding: bytes, as: UTF8.self)))
            }
        case "__wbindgen_throw":
            return { caller, a in
                let bytes = try LinearMemory(caller).read(Int(a[0]), count: Int(a[1]))
                throw WasmBindgenError.thrown(String(decoding: bytes, as: UTF8.self))
            }
        case "__wbindgen_memory":
            return { [unowned self] _, _ in heap.add(.memory) }
        case "__wbg_buffer_344d9b41efe96da7":
            return { [unowned self] _, a in
                guard case .memory = try heap.get(a[0]) else { throw WasmBindgenError.typeError("buffer of a non-memory") }
                return heap.add(.arrayBuffer)
            }
        case "__wbg_new_d8a000788389a31e":
            return { [unowned self] _, a in
                guard case .arrayBuffer = try heap.get(a[0]) else { throw WasmBindgenError.typeError("new Uint8Array of a non-buffer") }
                return heap.add(.bytes(.wasm(offset: 0, length: nil)))
            }
        case "__wbg_newwithbyteoffsetandlength_2dc04d99088b15e3":
            return { [unowned self] _, a in
                guard case .arrayBuffer = try heap.get(a[0]) else { throw WasmBindgenError.typeError("new Uint8Array of a non-buffer") }
                return heap.add(.bytes(.wasm(offset: Int(a[1]), length: Int(a[2]))))
            }
        case "__wbg_newwithlength_13b5319ab422dcf6":
            return { [unowned self] _, a in
                guard a[0] <= 1 << 24 else { throw WasmBindgenError.typeError("Uint8Array of \(a[0]) bytes refused") }
                return heap.add(.bytes(.host(JSHeap.Buffer(count: Int(a[0])), offset: 0, length: Int(a[0]))))
            }
        case "__wbg_subarray_6ca5cfa7fbb9abbe":
            return { [unowned self] caller, a in
                let view = try bytes(a[0])
                let length = try self.length(view, caller)
                let start = min(Int(a[1]), length), end = max(start, min(Int(a[2]), length))
                switch view {
                case .host(let buffer, let offset, _): return heap.add(.bytes(.host(buffer, offset: offset + start, length: end - start)))
                case .wasm(let offset, _): return heap.add(.bytes(.wasm(offset: offset + start, length: end - start)))
                }
            }
        case "__wbg_set_dcfd613a3420f908":
            return { [unowned self] caller, a in
                let target = try bytes(a[0]), source = try bytes(a[1])
                try write(read(source, caller), to: target, at: Int(a[2]), caller)
                return 0
            }
        case "__wbg_getRandomValues_504510b5564925af":
            return { [unowned self] caller, a in
                guard case .crypto = try heap.get(a[0]) else { throw WasmBindgenError.typeError("getRandomValues on a non-crypto object") }
                try fillRandom(try bytes(a[1]), caller)
                return 0
            }
        case "__wbg_randomFillSync_a0d98aa11c81fe89":
            return { [unowned self] caller, a in
                guard case .crypto = try heap.get(a[0]) else { throw WasmBindgenError.typeError("randomFillSync on a non-crypto object") }
                defer { heap.drop(a[1]) }
                try fillRandom(try bytes(a[1]), caller)
                return 0
            }
        case "__wbg_newnoargs_ccdcae30fd002262":
            return { [unowned self] _, _ in heap.add(.function(.returnThis)) }
        case "__wbg_call_669127b9d730c650":
            return { [unowned self] _, a in
                guard case .function(.returnThis) = try heap.get(a[0]) else { throw WasmBindgenError.typeError("call of a non-function") }
                return heap.add(.global)
            }
        case "__wbg_call_53fc3abd42e24ec8":
            return { [unowned self] _, a in
                guard case .function(.require) = try heap.get(a[0]), case .string("crypto") = try heap.get(a[2]) else {
                    throw WasmBindgenError.typeError("only require(\"crypto\") is callable with an argument")
                }
                return heap.add(.crypto)
            }
        default:
            return nil
        }
    }

    private func property(_ index: UInt32, isGlobal value: JSHeap.Value) throws(WasmBindgenError) -> JSHeap.Value {
        if case .global = try heap.get(index) { return value }
        return .undefined
    }

    private func bytes(_ index: UInt32) throws(WasmBindgenError) -> JSHeap.Bytes {
        guard case .bytes(let b) = try heap.get(index) else { throw .typeError("heap value \(index) is not a Uint8Array") }
        return b
    }

    private func length(_ view: JSHeap.Bytes, _ caller: borrowing Caller) throws -> Int {
        switch view {
        case .host(_, _, let length): return length
        case .wasm(let offset, let length):
            if let length { return length }
            return max(0, try LinearMemory(caller).size - offset)
        }
    }

    private func read(_ view: JSHeap.Bytes, _ caller: borrowing Caller) throws -> [UInt8] {
        switch view {
        case .host(let buffer, let offset, let length): return Array(buffer.bytes[offset..<offset + length])
        case .wasm(let offset, let length):
            let memory = try LinearMemory(caller)
            return try memory.read(offset, count: length ?? max(0, memory.size - offset))
        }
    }

    private func write(_ data: [UInt8], to view: JSHeap.Bytes, at position: Int, _ caller: borrowing Caller) throws {
        guard position >= 0, position + data.count <= (try length(view, caller)) else {
            throw WasmBindgenError.typeError("RangeError: offset is out of bounds")
        }
        switch view {
        case .host(let buffer, let offset, _):
            buffer.bytes.replaceSubrange((offset + position)..<(offset + position + data.count), with: data)
        case .wasm(let offset, _):
            try LinearMemory(caller).write(data, at: offset + position)
        }
    }

    private func fillRandom(_ view: JSHeap.Bytes, _ caller: borrowing Caller) throws {
        if let onRandom { onRandom(try LinearMemory(caller)) }
        let count = try length(view, caller)
        guard count <= 65536 else { throw WasmBindgenError.typeError("QuotaExceededError: \(count) random bytes requested") }
        var data = [UInt8](repeating: 0, count: count)
        for i in 0..<count { data[i] = UInt8.random(in: 0...255, using: &random) }
        try write(data, to: view, at: 0, caller)
    }
}
