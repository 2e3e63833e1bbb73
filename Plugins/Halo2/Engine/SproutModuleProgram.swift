import SproutCoreHash
import SproutPluginKit
@_spi(Fuzzing) import WasmKit

/// A sprout halo2 project whose code is a wasm-pack module exporting `prove` (project 10001:
/// PSE halo2's prover compiled to wasm with its KZG parameters embedded).
///
/// As sprout's halo2 runtime did, every run builds a fresh instance and calls
/// `prove(JSON.stringify(datas))`; the module proves, verifies its own proof and returns the
/// proof as lowercase hex, which is the result. `execute` and `prove` both do exactly that —
/// the module offers no unproven mode. The proof is PSE's format, not ours, so `verify` is
/// unsupported here: the module verifies every proof it returns before returning it.
struct SproutModuleProgram: EngineProgram {
    let module: Module
    let identity: [UInt8]
    let host: PluginHost

    static let requiredExports = ["memory", "prove", "__wbindgen_add_to_stack_pointer", "__wbindgen_malloc", "__wbindgen_free", "__wbindgen_exn_store"]

    init(wasm: [UInt8], host: PluginHost) throws(EngineError) {
        do { module = try parseWasm(bytes: wasm) } catch {
            throw EngineError(.invalidProgram, "not a valid WebAssembly module: \(error)")
        }
        let exports = Set(module.exports.map(\.name))
        for name in Self.requiredExports where !exports.contains(name) {
            throw EngineError(.invalidProgram, "the halo2 wasm module does not export \(name) (a wasm-pack module exporting prove is expected)")
        }
        do { _ = try WasmBindgenHost().imports(for: module, store: Store(engine: Engine())) } catch {
            throw EngineError(.invalidProgram, "\(error)")
        }
        identity = Keccak256.hash(wasm)
        self.host = host
    }

    func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try call.checkCancelled()
        call.progress("prove", 0)
        let output = try run(Array(Self.jsonStringify(inputs).utf8))
        call.progress("prove", 1)
        return output
    }

    func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        try execute(inputs: inputs, call: call)
    }

    func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        throw EngineError(
            .unsupported,
            "proofs from a sprout wasm-pack halo2 module are PSE halo2 proofs, checked by the module itself before it returns them; this engine verifies only its native circuits' receipts")
    }

    /// One fresh instance, one `prove(input)` call, following wasm-bindgen's calling convention
    /// for `&str → String`.
    func run(_ input: [UInt8]) throws(EngineError) -> [UInt8] {
        let bindgen = WasmBindgenHost()
        let store = Store(engine: Engine())
        do {
            let instance = try module.instantiate(store: store, imports: try bindgen.imports(for: module, store: store))
            func export(_ name: String) throws(EngineError) -> Function {
                guard let f = instance.exports[function: name] else { throw EngineError(.invalidProgram, "missing export \(name)") }
                return f
            }
            let stack = try export("__wbindgen_add_to_stack_pointer")
            guard case .i32(let retptr) = try stack([.i32(UInt32(bitPattern: -16))]).first else {
                throw EngineError(.invalidProgram, "__wbindgen_add_to_stack_pointer returned no i32")
            }
            defer { _ = try? stack([.i32(16)]) }
            guard case .i32(let pointer) = try export("__wbindgen_malloc")([.i32(UInt32(input.count)), .i32(1)]).first else {
                throw EngineError(.invalidProgram, "__wbindgen_malloc returned no i32")
            }
            let memory = try LinearMemory(instance)
            try memory.write(input, at: Int(pointer))
            _ = try export("prove")([.i32(retptr), .i32(pointer), .i32(UInt32(input.count))])
            let outPointer = try memory.readU32(Int(retptr)), outLength = try memory.readU32(Int(retptr) + 4)
            let output = try memory.read(Int(outPointer), count: Int(outLength))
            _ = try export("__wbindgen_free")([.i32(outPointer), .i32(outLength), .i32(1)])
            return output
        } catch let error as EngineError {
            throw error
        } catch let error as WasmBindgenError {
            throw EngineError(.executionFailed, "\(error)")
        } catch {
            // A Rust panic in the module (bad input, failed self-check) is a wasm trap.
            throw EngineError(.executionFailed, "the halo2 module trapped: \(error) (malformed data, e.g. missing private_a/private_b, panics in the module)")
        }
    }

    /// `JSON.stringify(datas)` for an array of strings: compact, `"` `\` and control
    /// characters escaped as JavaScript does, everything else verbatim.
    static func jsonStringify(_ inputs: [[UInt8]]) -> String {
        var out = "["
        for (i, data) in inputs.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case let c where c.value < 0x20:
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
