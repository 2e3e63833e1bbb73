import SproutPluginKit
import SproutZkWasmEngine
import Testing

/// The zkWasm host functions, the message data format and the engine's descriptor.
@Suite struct HostAPITests {
    static let hostModule = """
        (module
          (import "env" "wasm_input" (func $input (param i32) (result i64)))
          (import "env" "wasm_output" (func $output (param i64)))
          (import "env" "wasm_dbg" (func $dbg (param i64)))
          (import "env" "require" (func $require (param i32)))
          (global $kind (mut i32) (i32.const 0))
          (func (export "set_kind") (param i32) (global.set $kind (local.get 0)))
          (func (export "zkmain")
            (local $a i64) (local $b i64)
            (local.set $a (call $input (i32.const 0)))
            (local.set $b (call $input (i32.const 1)))
            (call $dbg (local.get $a))
            (call $output (i64.add (local.get $a) (local.get $b)))
            (call $output (i64.mul (local.get $a) (local.get $b)))
            (call $require (i32.const 1))
            (call $require (i64.ne (local.get $a) (i64.const 13)))
            (drop (call $input (global.get $kind)))))
        """

    func program() throws -> ZkWasmProgram { try ZkWasmProgram(wasm: try Oracle.wasm(Self.hostModule)) }

    func run(_ json: String...) throws(EngineError) -> String {
        let program: ZkWasmProgram
        do { program = try self.program() } catch { throw EngineError(.internal, "\(error)") }
        return String(decoding: try program.execute(inputs: json.map { Array($0.utf8) }, call: .none), as: UTF8.self)
    }

    @Test func outputsPublicInputsAndDebugValuesAreReported() throws {
        let json = try run(#"{"private_input":[5, 7],"public_input":[18446744073709551615]}"#)
        #expect(json.contains("\"publicInputs\":[18446744073709551615]"))
        #expect(json.contains("\"outputs\":[4,18446744073709551611]"))
        #expect(json.contains("\"debug\":[5]"))
        #expect(json.hasPrefix("{\"engine\":\"sprout-zkwasm\""))
    }

    @Test func numericAndHexStringsAreAccepted() throws {
        let json = try run(#"{"private_input":["5","0x7"],"public_input":["0xFFFFFFFFFFFFFFFF"],"other":true}"#)
        #expect(json.contains("\"publicInputs\":[18446744073709551615]"))
    }

    @Test func badInputValuesAreRefusedAsInvalidInput() {
        for bad in [#"{"private_input":[-1]}"#, #"{"private_input":[1.5]}"#, #"{"private_input":["0x"]}"#,
                    #"{"private_input":[18446744073709551616]}"#, #"{"private_input":"1"}"#, "[1]", "not json", ""] {
            #expect(throws: EngineError.self, "\(bad)") { try run(bad) }
            do { _ = try run(bad) } catch { #expect(error.status == .invalidInput, "\(bad): \(error.message)") }
        }
    }

    @Test func secondRequireFailureNamesItsCall() {
        do {
            _ = try run(#"{"private_input":[13, 13, 1],"public_input":[1]}"#)
            Issue.record("require(0) did not fail")
        } catch {
            #expect(error.status == .executionFailed)
            #expect(error.message.contains("require is not satisfied: require call #2"))
        }
    }

    @Test func privateInputExhaustionUsesZkWasmsMessage() {
        do {
            _ = try run(#"{"private_input":[],"public_input":[1]}"#)
            Issue.record("an empty private list did not fail")
        } catch {
            #expect(error.message.contains("failed to read private input, please checkout your input"))
        }
    }

    @Test func wasmInputWithAnotherKindFails() throws {
        let program = try program()
        var machine = try WasmMachine(module: program.module, limits: .default, publicInputs: [1], privateInputs: [5, 6])
        var recorder = WasmNoTrace()
        try machine.invoke(program.module.exports["set_kind"]!, arguments: [2], recorder: &recorder)
        do {
            try machine.invoke(program.entry, recorder: &recorder)
            Issue.record("wasm_input(2) did not fail")
        } catch {
            if case .invalidInputKind(let kind, _, _) = error { #expect(kind == 2) } else { Issue.record("wrong failure \(error)") }
        }
    }

    @Test func descriptorDeclaresTheZkwasmVM() {
        let descriptor = ZkWasmEngine.descriptor
        #expect(descriptor.name == "sprout-zkwasm")
        #expect(descriptor.vmTypes == ["zkwasm"])
        #expect(descriptor.programFormats == ["wasm-zkmain"])
        #expect(descriptor.capabilities == [.execute, .prove, .verify])
    }

    @Test func programsWithoutZkmainOrWithForeignImportsAreRefused() throws {
        let engine = ZkWasmEngine(host: .detached)
        let cases: [(String, String)] = [
            ("(module (func (export \"main\")))", "does not export a function zkmain"),
            ("(module (func (export \"zkmain\") (param i32)))", "zkmain must be a function of type () -> ()"),
            ("(module (import \"env\" \"abort\" (func (param i32))) (func (export \"zkmain\")))", "import env.abort is not provided"),
            ("(module (import \"env\" \"wasm_input\" (func (param i64) (result i64))) (func (export \"zkmain\")))", "has type (i64) -> (i64)"),
            ("(module (import \"env\" \"mem\" (memory 1)) (func (export \"zkmain\")))", "is a memory"),
        ]
        for (wat, expected) in cases {
            do {
                _ = try engine.makeProgram(code: try Oracle.wasm(wat), expParam: "")
                Issue.record("accepted: \(wat)")
            } catch let error as EngineError {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test func expParamSetsLimits() throws {
        let engine = ZkWasmEngine(host: .detached)
        let wasm = try Oracle.wasm("(module (func (export \"zkmain\") (loop $l (br $l))))")
        let program = try engine.makeProgram(code: wasm, expParam: #"{"maxInstructions": 500}"#)
        do {
            _ = try program.execute(inputs: [], call: .none)
            Issue.record("an infinite loop finished")
        } catch {
            #expect(error.status == .resourceLimit)
            #expect(error.message.contains("limit of 500 wasm instructions"))
        }
        #expect(throws: EngineError.self) { try engine.makeProgram(code: wasm, expParam: #"{"fuel": 5}"#) }
        #expect(throws: EngineError.self) { try engine.makeProgram(code: wasm, expParam: "[1]") }
    }

    @Test func imageCommitmentIsStableAndBindsTheCode() throws {
        let a = try ZkWasmProgram(wasm: try Oracle.wasm("(module (func (export \"zkmain\") i32.const 1 drop))"))
        let b = try ZkWasmProgram(wasm: try Oracle.wasm("(module (func (export \"zkmain\") i32.const 1 drop))"))
        let c = try ZkWasmProgram(wasm: try Oracle.wasm("(module (func (export \"zkmain\") i32.const 2 drop))"))
        let d = try ZkWasmProgram(wasm: try Oracle.wasm("(module (memory 1) (data (i32.const 0) \"x\") (func (export \"zkmain\") i32.const 1 drop))"))
        #expect(a.imageCommitment == b.imageCommitment)
        #expect(a.imageCommitment != c.imageCommitment)
        #expect(a.imageCommitment != d.imageCommitment)
        #expect(a.imageCommitment.count == 32)
    }

    @Test func traceRecordsMemoryAndFrames() throws {
        let wat = """
            (module (memory 1)
              (func $store (param i32 i64) local.get 0 local.get 1 i64.store16)
              (func (export "zkmain") (call $store (i32.const 8) (i64.const 0x12345)) (drop (i32.load8_u (i32.const 9)))))
            """
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        let (_, trace) = try program.trace(ZkWasmInputs())
        #expect(trace.memoryAddress == [8, 9])
        #expect(trace.memoryValue == [0x2345, 0x23])
        #expect(trace.memoryFlags == [0x82, 0x01])
        // host → zkmain, zkmain → $store, return, return
        #expect(trace.frameFunction == [1, 0, UInt32.max, UInt32.max])
        let storeRow = Int(trace.memoryStep[0])
        #expect(program.module.code[Int(trace.pc[storeRow])].opcode == .i64Store16)
        #expect(trace.v0[storeRow] == 8 && trace.v1[storeRow] == 0x12345)
    }
}
