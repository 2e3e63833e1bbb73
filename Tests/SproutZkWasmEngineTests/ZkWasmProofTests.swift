import Foundation
import SproutPluginKit
@testable import SproutZkWasmEngine
import Testing

/// A hand-written module with a loop, calls with parameters and results, locals, a mutable
/// global, `if`/`else`, `br`/`br_if`, `drop`, i32/i64 add/sub/eq/ne/eqz, a public input and an
/// output: it outputs `1 + 2 + … + n` for the public input `n`.
let provableLoopWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (import "env" "require" (func $req (param i32)))
  (global $calls (mut i32) (i32.const 0))
  (func $add (param $x i64) (param $y i64) (result i64)
    global.get $calls i32.const 1 i32.add global.set $calls
    local.get $x local.get $y i64.add)
  (func $sum (param $n i64) (result i64) (local $acc i64) (local $i i64)
    (block $done
      (loop $next
        local.get $i local.get $n i64.eq
        br_if $done
        local.get $i i64.const 1 i64.add local.set $i
        local.get $acc local.get $i call $add local.set $acc
        br $next))
    local.get $acc i64.const 0 i64.sub)
  (func (export "zkmain") (local $n i64)
    i32.const 1 call $in local.tee $n
    call $sum call $out
    global.get $calls i32.const 0 i32.sub i32.eqz i32.eqz call $req
    (if (i64.ne (local.get $n) (i64.const 0)) (then i32.const 7 drop) (else nop))
    i64.const 5 i64.eqz i32.eqz call $req)
)
"""

/// A hand-written module exercising linear memory: an active data segment, i32/i64 stores of
/// every width from a called function and a loop, zero-extending loads of every width,
/// `i32.wrap_i64`, `i64.extend_i32_u` and `memory.size`.
/// For public input `n` it outputs `(0 + 4 + … + 36) + 5 + n + 0x34 + 0xABCD + 7 = 44225 + n`.
let provableMemoryWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (import "env" "require" (func $req (param i32)))
  (memory 1)
  (data (i32.const 100) "\\05\\00\\00\\00\\00\\00\\00\\00")
  (func $put (param $address i32) (param $value i64)
    local.get $address local.get $value i64.store)
  (func (export "zkmain") (local $p i32) (local $acc i64)
    i32.const 8 i32.const 1 call $in call $put
    (block $done (loop $next
      local.get $p i32.const 40 i32.eq br_if $done
      local.get $p local.get $p i32.store offset=200
      local.get $p i32.const 4 i32.add local.set $p
      br $next))
    i32.const 0 local.set $p
    (block $done (loop $next
      local.get $p i32.const 40 i32.eq br_if $done
      local.get $acc local.get $p i64.load32_u offset=200 i64.add local.set $acc
      local.get $p i32.const 4 i32.add local.set $p
      br $next))
    local.get $acc i32.const 0 i64.load offset=100 i64.add
    i32.const 8 i64.load i64.add local.set $acc
    i32.const 300 i64.const 0x1234 i64.store8
    i32.const 302 i64.const 0xABCD i64.store16
    i32.const 304 i64.const 0x100000007 i64.store32
    local.get $acc i32.const 300 i64.load8_u i64.add i32.const 302 i64.load16_u i64.add
    i32.const 304 i64.load32_u i64.add call $out
    i32.const 310 i32.const 0x5678 i32.store16
    i32.const 312 i32.const 0x99 i32.store8
    i32.const 310 i32.load16_u i32.const 0x5678 i32.eq call $req
    i32.const 312 i32.load8_u i32.const 0x99 i32.eq call $req
    i32.const 310 i32.load i32.const 0x00995678 i32.eq call $req
    i32.const 8 i64.load i32.wrap_i64 i64.extend_i32_u i32.const 8 i64.load i64.eq call $req
    memory.size i32.const 1 i32.eq call $req)
)
"""

/// Unsigned comparisons: for public inputs `a, b` it outputs the mask
/// `8·[a < b] + 4·[a > b] + 2·[a ≤ b] + [a ≥ b]` for i64, then for the low 32 bits as i32.
let provableComparisonWAT = """
(module
  (import "env" "wasm_input" (func $in (param i32) (result i64)))
  (import "env" "wasm_output" (func $out (param i64)))
  (func $cmp64 (param $a i64) (param $b i64) (result i64) (local $m i64)
    local.get $a local.get $b i64.lt_u i64.extend_i32_u local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i64.gt_u i64.extend_i32_u i64.add local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i64.le_u i64.extend_i32_u i64.add local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i64.ge_u i64.extend_i32_u i64.add)
  (func $cmp32 (param $a i32) (param $b i32) (result i64) (local $m i64)
    local.get $a local.get $b i32.lt_u i64.extend_i32_u local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i32.gt_u i64.extend_i32_u i64.add local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i32.le_u i64.extend_i32_u i64.add local.set $m
    local.get $m local.get $m i64.add local.get $a local.get $b i32.ge_u i64.extend_i32_u i64.add)
  (func (export "zkmain") (local $a i64) (local $b i64)
    i32.const 1 call $in local.set $a
    i32.const 1 call $in local.set $b
    local.get $a local.get $b call $cmp64 call $out
    local.get $a i32.wrap_i64 local.get $b i32.wrap_i64 call $cmp32 call $out)
)
"""

func comparisonMask<T: BinaryInteger>(_ a: T, _ b: T) -> UInt64 {
    (a < b ? 8 : 0) + (a > b ? 4 : 0) + (a <= b ? 2 : 0) + (a >= b ? 1 : 0)
}

func message(private privateInput: [UInt64], public publicInput: [UInt64]) -> [UInt8] {
    Array("{\"private_input\":\(privateInput),\"public_input\":\(publicInput)}".utf8)
}

func rejects(_ program: ZkWasmProgram, _ receipt: [UInt8]) -> Bool {
    do {
        _ = try program.verify(receipt: receipt, call: .none)
        return false
    } catch { return error.status == .verificationFailed }
}

/// What a cheating prover gets for a forged run: the prover's own constraint and lookup checks
/// are off, so only the verifier can catch it. "rejected" (the verifier caught it), "accepted"
/// (unsound) or "refused: …" (no proof could be built at all).
func cheatingProofOutcome(_ program: ZkWasmProgram, _ run: ZkWasmRun, _ trace: WasmExecutionTrace, forgeries: ZkWasmTraceBuilder.Forgeries = []) -> String {
    do {
        let receipt = try ZkWasmProver.prove(
            program: program, run: run, trace: trace, options: .init(checkConstraints: false, checkLookupBalance: false),
            forgeries: forgeries)
        return rejects(program, receipt.encoded()) ? "rejected" : "accepted"
    } catch { return "refused: \(error)" }
}

@Suite("zkwasm proofs")
struct ZkWasmProofTests {
    @Test func engineAdvertisesProveAndVerify() {
        #expect(ZkWasmEngine.descriptor.capabilities.contains([.execute, .prove, .verify]))
    }

    @Test func handWrittenLoopWithCallsAndGlobalsProvesAndVerifies() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableLoopWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [10])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"publicInputs\":[10]"))
        #expect(json.contains("\"outputs\":[55]"))
        #expect(json.contains("\"securityBits\":105"))
        let decoded = try ZkWasmReceipt(decoding: receipt)
        #expect(decoded.encoded() == receipt, "the encoding round-trips")
        // A false output is rejected.
        var lie = decoded
        lie.outputs = [56]
        #expect(rejects(program, lie.encoded()))
        lie.outputs = []
        #expect(rejects(program, lie.encoded()))
    }

    @Test func handWrittenMemoryProgramProvesAndVerifies() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableMemoryWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [3])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[44228]"))
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs = [44229]
        #expect(rejects(program, lie.encoded()))
    }

    static let comparisonCases: [(UInt64, UInt64)] = [(3, 5), (7, 7), (UInt64.max, 0x1_0000_0001)]

    @Test(arguments: comparisonCases)
    func unsignedComparisonsProveAndVerify(a: UInt64, b: UInt64) throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableComparisonWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [a, b])], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        let expected = [comparisonMask(a, b), comparisonMask(UInt32(truncatingIfNeeded: a), UInt32(truncatingIfNeeded: b))]
        #expect(json.contains("\"outputs\":[\(expected[0]),\(expected[1])]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs = [expected[0] ^ 12, expected[1]]
        #expect(rejects(program, lie.encoded()))
    }

    @Test func forgedLoadIsRejected() throws {
        // The run claims the byte stored at 300 (0x34) reads back as 0x35; the forged value is
        // carried consistently through the additions into the output, so only the memory
        // argument can catch it.
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableMemoryWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [3], privateInputs: []))
        let code = program.module.code
        let load = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == .i64Load8U })
        trace.v2[load] += 1
        var i = load + 1
        while !(code[Int(trace.pc[i])].opcode == .call && program.module.functions[Int(code[Int(trace.pc[i])].a)].host == .wasmOutput) {
            if code[Int(trace.pc[i])].opcode == .i64Add {
                if i == load + 1 { trace.v1[i] += 1 } else { trace.v0[i] += 1 }
                trace.v2[i] += 1
            }
            i += 1
        }
        trace.v0[i] += 1
        run.outputs = [run.outputs[0] + 1]
        // The honest prover notices…
        #expect(throws: EngineError.self) { try ZkWasmProver.prove(program: program, run: run, trace: trace) }
        // …and a cheating one that claims the forged bytes were in memory gets no valid proof.
        #expect(cheatingProofOutcome(program, run, trace, forgeries: .loads) == "rejected")
    }

    @Test func instructionsThatAlwaysTrapDoNotStopAProof() throws {
        // `unreachable` and a load whose offset lies beyond any memory have no row in the proof,
        // but only a run that executes them (and traps) needs one.
        let wat = """
        (module
          (import "env" "wasm_input" (func $in (param i32) (result i64)))
          (import "env" "wasm_output" (func $out (param i64)))
          (memory 1)
          (func (export "zkmain") (local $x i64)
            (local.set $x (call $in (i32.const 1)))
            (if (i64.eq (local.get $x) (i64.const 1)) (then unreachable))
            (if (i64.eq (local.get $x) (i64.const 2)) (then (drop (i32.load offset=0x4000000 (i32.const 0)))))
            (call $out (local.get $x))))
        """
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        let receipt = try program.prove(inputs: [message(private: [], public: [5])], call: .none)
        #expect(String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self).contains("\"outputs\":[5]"))
        for (input, trap) in [(UInt64(1), "unreachable"), (2, "out of bounds memory access")] {
            #expect {
                try program.prove(inputs: [message(private: [], public: [input])], call: .none)
            } throws: { error in
                guard let error = error as? EngineError else { return false }
                return error.status == .executionFailed && error.message.contains(trap)
            }
        }
    }

    @Test func tamperedAddResultIsRefusedOrRejected() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableLoopWAT))
        let (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [3], privateInputs: []))
        // Corrupt the first i64.add's result (and, to keep memory consistent, every later read
        // of that slot is left alone: the builder or the constraints must catch it).
        let code = program.module.code
        let row = try #require((0..<trace.count).first { code[Int(trace.pc[$0])].opcode == .i64Add })
        var tampered = trace
        tampered.v2[row] &+= 1
        // Without the prover's own constraint check, either the trace builder refuses, the
        // lookups fail to balance, or the proof does not verify.
        #expect(cheatingProofOutcome(program, run, tampered) != "accepted")
    }

    @Test func consistentlyForgedSumIsRejected() throws {
        // A forged run of the loop module claiming output 7 for n = 3 (the true sum is 6): the
        // forged value is written consistently everywhere it is read, so only the adder's
        // constraints can catch it.
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableLoopWAT))
        var (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [3], privateInputs: []))
        let code = program.module.code
        let adds = (0..<trace.count).filter { code[Int(trace.pc[$0])].opcode == .i64Add && trace.v2[$0] == 6 }
        let row = try #require(adds.last)
        // Follow the value through return, local.set/get, i64.sub and wasm_output.
        for i in row..<trace.count {
            if trace.v0[i] == 6 { trace.v0[i] = 7 }
            if trace.v2[i] == 6 { trace.v2[i] = 7 }
        }
        run.outputs = [7]
        #expect(cheatingProofOutcome(program, run, trace) != "accepted")
        // The constraint check of the prover pinpoints it.
        #expect(throws: EngineError.self) {
            try ZkWasmProver.prove(program: program, run: run, trace: trace, options: .init(checkConstraints: true))
        }
    }
}

@Suite(.enabled(if: Project10002Fixture.wasm != nil, "sprout fixture ../shared/fixtures/sprout/10002 is absent; skipping project 10002 proof tests"))
struct Project10002ProofTests {
    let program: ZkWasmProgram

    init() throws {
        program = try ZkWasmProgram(wasm: Project10002Fixture.wasm!)
    }

    @Test(arguments: [([UInt64(1), 1], [UInt64(2)]), ([40, 2], [42])])
    func provesAndVerifies(privateInput: [UInt64], publicInput: [UInt64]) throws {
        let receipt = try program.prove(inputs: [message(private: privateInput, public: publicInput)], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"publicInputs\":\(publicInput)".replacingOccurrences(of: " ", with: "")))
        #expect(json.contains("\"outputs\":[]"))
        #expect(try program.prove(inputs: [message(private: privateInput, public: publicInput)], call: .none) == receipt, "proving is deterministic")
    }

    @Test func wrongSumCannotBeProved() throws {
        #expect {
            try program.prove(inputs: [message(private: [1, 1], public: [3])], call: .none)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.status == .executionFailed && error.message.contains("require")
        }
    }

    @Test func everyTamperingIsRejected() throws {
        let receipt = try program.prove(inputs: [message(private: [1, 1], public: [2])], call: .none)
        _ = try program.verify(receipt: receipt, call: .none)
        // A few hundred byte positions spread over the whole receipt, header and proof.
        var generator = SplitMix64(seed: 10002)
        var positions = Set((0..<80).map { $0 })
        while positions.count < 300 { positions.insert(Int(generator.next() % UInt64(receipt.count))) }
        var accepted: [Int] = []
        for position in positions.sorted() {
            var changed = receipt
            changed[position] ^= UInt8(1 + generator.next() % 255)
            if !rejects(program, changed) { accepted.append(position) }
        }
        #expect(accepted.isEmpty, "tampered receipts accepted at byte positions \(accepted)")
        // Truncations and extensions.
        #expect(rejects(program, Array(receipt.dropLast())))
        #expect(rejects(program, receipt + [0]))
        // A different public input, or an output that was not produced.
        let decoded = try ZkWasmReceipt(decoding: receipt)
        var other = decoded
        other.publicInputs = [3]
        #expect(rejects(program, other.encoded()))
        other = decoded
        other.outputs = [2]
        #expect(rejects(program, other.encoded()))
        // Another module: its program rejects this receipt, also with the commitment swapped in.
        let otherProgram = try ZkWasmProgram(wasm: try Oracle.wasm(provableLoopWAT))
        #expect(rejects(otherProgram, receipt))
        other = decoded
        other.imageCommitment = otherProgram.imageCommitment
        #expect(rejects(otherProgram, other.encoded()))
        #expect(rejects(program, other.encoded()))
    }
}

/// Project 10002's proving time, on sprout's own fixture. Runs only with SPROUT_BENCH=1; proving
/// throughput at any size is `make bench-zkwasm` (SproutZkWasmBench).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1", "benchmark: set SPROUT_BENCH=1 to run"))
struct ZkWasmProofBenchmarkTests {
    /// Project 10002 (`{"private_input":[1,1],"public_input":[2]}`): prove and verify time, receipt size.
    @Test func project10002() throws {
        let program = try ZkWasmProgram(wasm: try #require(Project10002Fixture.wasm))
        let inputs = [message(private: [1, 1], public: [2])]
        _ = try program.prove(inputs: inputs, call: .none)  // warm-up run (static tables, allocator)
        let start = Date()
        let receipt = try program.prove(inputs: inputs, call: .none)
        let proveSeconds = Date().timeIntervalSince(start)
        _ = try program.verify(receipt: receipt, call: .none)
        let verifyStart = Date()
        _ = try program.verify(receipt: receipt, call: .none)
        let verifySeconds = Date().timeIntervalSince(verifyStart)
        print("""
            {"benchmark":"zkwasm-10002","proveSeconds":\(proveSeconds),"receiptBytes":\(receipt.count),\
            "verifyMilliseconds":\(verifySeconds * 1000),"cores":\(ProcessInfo.processInfo.activeProcessorCount)}
            """)
    }
}
