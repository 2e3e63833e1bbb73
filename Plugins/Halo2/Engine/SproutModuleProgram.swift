import Foundation
import SproutCoreBN254
import SproutCoreHash
import SproutCoreKZG
import SproutHalo2
import SproutPluginKit
import Synchronization
@_spi(Fuzzing) import WasmKit

/// A sprout halo2 project whose code is a wasm-pack module exporting `prove` (project 10001:
/// PSE halo2's prover compiled to wasm with its KZG parameters embedded).
///
/// As sprout's halo2 runtime did, every run builds a fresh instance and calls
/// `prove(JSON.stringify(datas))`; the module proves, verifies its own proof and returns the
/// proof as lowercase hex, which is the result. `execute` and `prove` both do exactly that —
/// the module offers no unproven mode. `verify` checks such a PSE proof with
/// ``PSEVerifyingKey`` for modules of halo2's simple example (project 10001).
struct SproutModuleProgram: EngineProgram {
    let wasm: [UInt8]
    let module: Module
    /// The recovered PSE key, once ``verify(receipt:call:)`` needed it.
    private let key = KeyCache()

    /// Shared by copies of the program, so the key is recovered once.
    private final class KeyCache: Sendable {
        let value = Mutex<(PSEVerifyingKey, KZGParams)?>(nil)
    }
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
        self.wasm = wasm
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

    /// Checks a PSE proof from this module: `receipt` is JSON
    /// `{"proof":"<hex>","instances":[["0x…"]]}` (the module outputs only the proof; the public
    /// instance, e.g. 900, has to come with it). Supported for modules of halo2's simple
    /// example (project 10001); the key is recovered once from the module (see
    /// ``PSEKeyRecovery``). Returns `{"instances":…}`.
    func verify(receipt: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        struct Claim: Decodable { var proof: String; var instances: [[String]] }
        guard let claim = try? JSONDecoder().decode(Claim.self, from: Data(receipt)), let proof = HexText.decode(claim.proof) else {
            throw EngineError(.verificationFailed, "expected {\"proof\":\"<hex>\",\"instances\":[[\"0x…\"]]} for a PSE proof of this module")
        }
        let instances = try Halo2Receipt.decodeInstances(claim.instances)
        let (vk, params) = try recoveredKey()
        do { try vk.verify(g2: params.g2, sG2: params.sG2, instances: instances, proof: proof) } catch {
            throw EngineError(.verificationFailed, "\(error)")
        }
        return Halo2Receipt.output(circuit: "pse-module", instances: instances)
    }

    private func recoveredKey() throws(EngineError) -> (PSEVerifyingKey, KZGParams) {
        if let cached = key.value.withLock({ $0 }) { return cached }
        let recovered = try PSEKeyRecovery.simpleCircuit(self)
        key.value.withLock { $0 = recovered }
        return recovered
    }

    /// One fresh instance, one `prove(input)` call, following wasm-bindgen's calling convention
    /// for `&str → String`.
    func run(_ input: [UInt8], onRandom: ((LinearMemory) -> Void)? = nil) throws(EngineError) -> [UInt8] {
        let bindgen = WasmBindgenHost()
        bindgen.onRandom = onRandom
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
            // A Rust panic in the module is a wasm trap; its frames tell a witness the module's
            // MockProver rejected from data it could not read.
            let trace = "\(error)"
            let reason = trace.contains("MockProver") && trace.contains("assert_satisfied")
                ? "the data do not satisfy the module's circuit (its MockProver rejected the witness)"
                : "the module could not use the data: a missing or malformed field (10001 reads private_a and private_b; 20000 reads depinRC20Address, sender, nonce, difficulty and diff)"
            throw EngineError(.executionFailed, "the halo2 module trapped: \(reason)\n\(trace)")
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
