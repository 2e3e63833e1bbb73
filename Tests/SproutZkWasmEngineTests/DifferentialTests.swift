import SproutZkWasmEngine
import Testing

/// Generated straight-line programs (random typed instruction sequences over edge constants,
/// with memory traffic) run on both interpreters: same results, same traps.
@Suite struct DifferentialTests {
    struct ProgramGenerator {
        var random: SplitMix64
        static let i32Constants: [Int64] = [0, 1, -1, 2, 31, 32, 33, 0x7FFF_FFFF, -0x8000_0000, 0x80, 0xFF, 0xFFFF, 65532, 65535, 12345]
        static let i64Constants: [Int64] = [0, 1, -1, 63, 64, 65, Int64.max, Int64.min, 0xFFFF_FFFF, 0x1_0000_0000, -0x8000_0000, 987_654_321_012]
        static let binary = ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"]
        static let compare = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        /// A function body leaving one i64; `stack` holds "i32"/"i64".
        mutating func body(length: Int) -> String {
            var lines: [String] = []
            var stack: [String] = []
            for _ in 0..<length {
                let top = stack.last
                let choice = random.next() % 10
                if stack.count < 2 || choice < 2 {
                    if random.next() % 2 == 0 {
                        lines.append("i32.const \(pick(Self.i32Constants))")
                        stack.append("i32")
                    } else {
                        lines.append("i64.const \(pick(Self.i64Constants))")
                        stack.append("i64")
                    }
                    continue
                }
                let second = stack[stack.count - 2]
                switch choice {
                case 2...4 where top == second:
                    lines.append("\(top!).\(pick(Self.binary))")
                    stack.removeLast()
                case 5 where top == second:
                    lines.append("\(top!).\(pick(Self.compare))")
                    stack.removeLast(2)
                    stack.append("i32")
                case 6:
                    let unary = top == "i32"
                        ? pick(["i32.clz", "i32.ctz", "i32.popcnt", "i32.eqz", "i32.extend8_s", "i32.extend16_s", "i64.extend_i32_s", "i64.extend_i32_u"])
                        : pick(["i64.clz", "i64.ctz", "i64.popcnt", "i64.eqz", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s", "i32.wrap_i64"])
                    lines.append(unary)
                    stack.removeLast()
                    stack.append(unary.hasPrefix("i64.extend_i32") || (unary.hasPrefix("i64") && !unary.hasSuffix("eqz")) ? "i64" : "i32")
                case 7 where second == "i32":
                    // Store the top value at the i32 address below it, then load it back differently.
                    let value = top!
                    let store = value == "i32" ? pick(["i32.store", "i32.store8", "i32.store16"]) : pick(["i64.store", "i64.store8", "i64.store16", "i64.store32"])
                    lines.append("\(store) offset=\(pick([0, 1, 4, 65530]))")
                    stack.removeLast(2)
                    lines.append("i32.const \(pick([0, 8, 65528, 65534, 70000]))")
                    let load = pick(["i32.load", "i32.load8_s", "i32.load16_u", "i64.load", "i64.load8_u", "i64.load16_s", "i64.load32_s", "i64.load32_u"])
                    lines.append(load)
                    stack.append(String(load.prefix(3)))
                case 8 where stack.count >= 3 && stack[stack.count - 1] == "i32" && stack[stack.count - 2] == stack[stack.count - 3]:
                    lines.append("select")
                    stack.removeLast(2)
                default:
                    lines.append(top == "i32" ? "i64.extend_i32_u" : "i64.popcnt")
                    stack.removeLast()
                    stack.append("i64")
                }
            }
            // Fold the stack into one i64 with $mix, widening i32 values on the way.
            if stack.isEmpty {
                lines.append("i64.const 0")
                stack.append("i64")
            }
            while stack.count > 1 {
                if stack.removeLast() == "i32" { lines.append("i64.extend_i32_s") }
                lines.append("local.set $t")
                if stack[stack.count - 1] == "i32" { lines.append("i64.extend_i32_u") }
                stack[stack.count - 1] = "i64"
                lines.append("local.get $t")
                lines.append("call $mix")
            }
            if stack[0] == "i32" { lines.append("i64.extend_i32_s") }
            return lines.joined(separator: "\n")
        }
    }

    /// A module whose `run` mixes many generated segments, each leaving one i64, into one i64.
    /// With `zkmain` the module also imports `wasm_output` and has a `zkmain` that outputs `run()`.
    static func program(seed: UInt64, length: Int, zkmain: Bool = false) -> String {
        var generator = ProgramGenerator(random: SplitMix64(seed: seed))
        var segments: [String] = ["i64.const 0"]
        for _ in 0..<max(1, length / 12) {
            segments.append(generator.body(length: 12))
            segments.append("call $mix")
        }
        return """
            (module \(zkmain ? "(import \"env\" \"wasm_output\" (func $out (param i64)))" : "") (memory 1)
              \(zkmain ? "(func (export \"zkmain\") call $run call $out)" : "")
              (func $mix (param i64 i64) (result i64) (i64.add (i64.rotl (local.get 0) (i64.const 13)) (local.get 1)))
              (func $run (export "run") (result i64) (local $t i64)
                \(segments.joined(separator: "\n"))))
            """
    }

    @Test func generatedProgramsMatchWasmKit() throws {
        var compared = 0, traps = 0
        for seed in 0..<400 as Range<UInt64> {
            let wat = Self.program(seed: seed, length: 48)
            let wasm: [UInt8]
            do { wasm = try Oracle.wasm(wat) } catch {
                Issue.record("generator produced invalid text for seed \(seed): \(error)\n\(wat)")
                continue
            }
            var ours = try Oracle.Ours(wasm)
            let theirs = try Oracle.Theirs(wasm)
            let a = ours.call("run"), b = theirs.call("run")
            #expect(a == b, "seed \(seed):\n\(wat)")
            compared += 1
            if case .trap = a { traps += 1 }
        }
        #expect(compared == 400)
        #expect(traps > 0 && traps < compared)
    }

    /// A selection of generated programs without traps, proved and verified: the proof's output
    /// is WasmKit's result.
    @Test func generatedProgramsProveWasmKitsResults() throws {
        var proved = 0
        for seed in 1000..<1100 as Range<UInt64> where proved < 5 {
            let oracle = try Oracle.wasm(Self.program(seed: seed, length: 36))
            guard case .value(let expected?) = try Oracle.Theirs(oracle).call("run") else { continue }
            let program = try ZkWasmProgram(wasm: try Oracle.wasm(Self.program(seed: seed, length: 36, zkmain: true)))
            let receipt = try program.prove(inputs: [message(private: [], public: [])], call: .none)
            let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
            #expect(json.contains("\"outputs\":[\(expected)]"), "seed \(seed): \(json)")
            proved += 1
        }
        #expect(proved == 5)
    }
}
