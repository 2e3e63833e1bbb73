import SproutPluginKit
import Testing
import WAT

@testable import SproutWasmEngine

/// The W3bstream applet contract on small hand-written applets, and every way an applet can
/// go wrong ending in a clear error.
@Suite struct AppletProgramTests {
    let engine = WasmAppletEngine(host: .detached)

    /// An applet in the SDK's shape: `start(rid)` fetches its data through ws_get_data into a
    /// buffer from its own bump `alloc`, logs it, and returns `body`'s result.
    static func applet(body: String = "(i32.const 0)", imports: String = "") -> String {
        """
        (module
          \(imports)
          (import "env" "ws_get_data" (func $get (param i32 i32 i32) (result i32)))
          (import "env" "ws_log" (func $log (param i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $heap (mut i32) (i32.const 1024))
          (func (export "alloc") (param $size i32) (result i32)
            (local $at i32)
            (local.set $at (global.get $heap))
            (global.set $heap (i32.add (global.get $heap) (local.get $size)))
            (local.get $at))
          (func (export "start") (param $rid i32) (result i32)
            (local $code i32)
            (local.set $code (call $get (local.get $rid) (i32.const 16) (i32.const 20)))
            (if (local.get $code) (then (return (i32.sub (i32.const 0) (local.get $code)))))
            (drop (call $log (i32.const 4) (i32.load (i32.const 16)) (i32.load (i32.const 20))))
            \(body))
        )
        """
    }

    func program(_ wat: String, expParam: String = "") throws -> any EngineProgram {
        try engine.makeProgram(code: try wat2wasm(wat), expParam: expParam)
    }

    func result(_ bytes: [UInt8]) -> Int32 {
        Int32(bitPattern: bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    @Test func resultIsTheLittleEndianReturnOfStart() throws {
        let applet = try program(Self.applet(body: "(i32.const -1)"))
        #expect(try applet.execute(inputs: [Array("x".utf8)], call: .none) == [0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func payloadIsTheCompactJSONArrayOfTheData() throws {
        // Returns the payload's length, which ws_get_data wrote at address 20.
        let applet = try program(Self.applet(body: "(i32.load (i32.const 20))"))
        let data = [Array("a\"b".utf8), Array("é\n".utf8)]
        let expected = #"["a\"b","é\n"]"#
        #expect(AppletPayload.jsonArray(of: data) == expected)
        #expect(result(try applet.execute(inputs: data, call: .none)) == Int32(expected.utf8.count))
    }

    @Test func aTaskWithoutDataIsInvalidInput() throws {
        #expect(throws: EngineError.self) { try program(Self.applet()).execute(inputs: [], call: .none) }
    }

    @Test func anEndlessLoopRunsOutOfFuel() throws {
        let applet = try program(Self.applet(body: "(loop $forever (br $forever)) (i32.const 0)"), expParam: #"{"fuel": 100000}"#)
        do {
            _ = try applet.execute(inputs: [[0x61]], call: .none)
            Issue.record("an endless loop returned")
        } catch {
            #expect(error.status == .resourceLimit)
            #expect(error.message.contains("fuel budget of 100000"))
        }
    }

    @Test func memoryGrowthStopsAtTheLimit() throws {
        // Grows by 64 KiB pages until memory.grow fails, then returns the page count reached.
        let body = """
            (block $full (loop $more
              (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (br $more)))
            (memory.size)
            """
        let applet = try program(Self.applet(body: body), expParam: #"{"memoryBytes": 1048576}"#)
        #expect(result(try applet.execute(inputs: [[0x61]], call: .none)) == 16)
    }

    @Test func aTrapIsAnExecutionFailureWithItsReason() throws {
        let applet = try program(Self.applet(body: "(unreachable)"))
        do {
            _ = try applet.execute(inputs: [[0x61]], call: .none)
            Issue.record("unreachable returned")
        } catch {
            #expect(error.status == .executionFailed)
            #expect(error.message.contains("unreachable"))
        }
    }

    @Test func aHostileGuestPointerTrapsInsteadOfCrashing() throws {
        let applet = try program(Self.applet(body: "(call $log (i32.const 4) (i32.const -16) (i32.const 64))"))
        #expect { try applet.execute(inputs: [[0x61]], call: .none) } throws: { "\($0)".contains("outside linear memory") }
    }

    @Test func unknownImportsAreRefusedWithTheirName() throws {
        let wat = Self.applet(imports: #"(import "env" "mystery" (func))"#)
        #expect { try program(wat) } throws: { error in
            "\(error)".contains("env.mystery") && (error as? EngineError)?.status == .invalidProgram
        }
    }

    @Test func appletsWithoutTheABIExportsAreRefused() throws {
        #expect { try program(#"(module (memory (export "memory") 1) (func (export "alloc") (param i32) (result i32) (i32.const 0)))"#) } throws: {
            "\($0)".contains("\"start\"")
        }
        #expect { try engine.makeProgram(code: Array("not wasm".utf8), expParam: "") } throws: {
            "\($0)".contains("not a valid WebAssembly module")
        }
    }

    @Test func badExpParamIsRefused() throws {
        #expect { try program(Self.applet(), expParam: #"{"fuel": -1}"#) } throws: { "\($0)".contains("positive integer") }
        #expect { try program(Self.applet(), expParam: #"{"gas": 5}"#) } throws: { "\($0)".contains("unknown codeExpParam key") }
        #expect { try program(Self.applet(), expParam: "[1]") } throws: { "\($0)".contains("JSON object") }
    }

    @Test func procExitEndsTheRunAsAFailure() throws {
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "alloc") (param i32) (result i32) (i32.const 1024))
              (func (export "start") (param i32) (result i32) (call $exit (i32.const 3)) (i32.const 0)))
            """
        #expect { try program(wat).execute(inputs: [[0x61]], call: .none) } throws: { "\($0)".contains("proc_exit(3)") }
    }
}
