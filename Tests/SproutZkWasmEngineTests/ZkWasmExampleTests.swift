import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// The user examples under `examples/zkwasm/`, each proved and verified.
@Suite("zkwasm examples")
struct ZkWasmExampleTests {
    /// `examples/zkwasm/<name>` in this checkout (the test file may be reached through a symlink).
    static func example(_ name: String) throws -> URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/zkwasm/\(name)")
    }

    static func program(wat name: String) throws -> ZkWasmProgram {
        try ZkWasmProgram(wasm: try Oracle.wasm(String(contentsOf: try example(name), encoding: .utf8)))
    }

    /// Proves `input`, verifies the receipt and checks the verified outputs; a changed output is rejected.
    static func proveAndVerify(_ program: ZkWasmProgram, _ input: [UInt8], outputs: [UInt64]) throws {
        let receipt = try program.prove(inputs: [input], call: .none)
        let json = String(decoding: try program.verify(receipt: receipt, call: .none), as: UTF8.self)
        #expect(json.contains("\"outputs\":[\(outputs.map(String.init).joined(separator: ","))]"), "\(json)")
        var lie = try ZkWasmReceipt(decoding: receipt)
        lie.outputs[0] &+= 1
        #expect(rejects(program, lie.encoded()))
    }

    @Test func fibonacci() throws {
        var (a, b): (UInt64, UInt64) = (0, 1)
        for _ in 0..<100 { (a, b) = (b, a &+ b) }  // F(100) mod 2⁶⁴, wrapping by design
        try Self.proveAndVerify(try Self.program(wat: "fibonacci.wat"), message(private: [], public: [100]), outputs: [a])
    }

    /// The example's hash, in Swift.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    static func hash(_ left: UInt64, _ right: UInt64) -> UInt64 {
        mix(mix(left &+ 0x9E37_79B9_7F4A_7C15) ^ ((right << 27) | (right >> 37)))
    }

    @Test func merklePath() throws {
        // A depth-3 tree over 8 leaves; the path of leaf 5.
        var level: [UInt64] = (0..<8).map { 1000 + $0 }
        var path: [UInt64] = []
        var index = 5
        let leaf = level[index]
        while level.count > 1 {
            path += [level[index ^ 1], UInt64(index & 1)]
            level = stride(from: 0, to: level.count, by: 2).map { Self.hash(level[$0], level[$0 + 1]) }
            index /= 2
        }
        let program = try Self.program(wat: "merkle.wat")
        try Self.proveAndVerify(program, message(private: [leaf, 3] + path, public: [level[0]]), outputs: [3])
        // A wrong sibling fails the root check: a require failure, no proof.
        var wrong = path
        wrong[2] ^= 1
        #expect(throws: EngineError.self) { try program.execute(inputs: [message(private: [leaf, 3] + wrong, public: [level[0]])], call: .none) }
    }

    /// Compiles `examples/zkwasm/c/median.c` with its `build.sh` (the Swift toolchain's clang
    /// and wasm-ld, or `$CLANG`) into a temporary directory.
    static func buildMedian() throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkwasm-median-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["median.c", "build.sh"] {
            try FileManager.default.copyItem(at: try example("c/\(name)"), to: directory.appendingPathComponent(name))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [directory.appendingPathComponent("build.sh").path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw EngineError(.internal, "examples/zkwasm/c/build.sh failed (status \(process.terminationStatus)); set CLANG to a clang with the wasm32 target")
        }
        return Array(try Data(contentsOf: directory.appendingPathComponent("median.wasm")))
    }

    @Test func medianInC() throws {
        let program = try ZkWasmProgram(wasm: try Self.buildMedian())
        let readings: [Int64] = [7, -3, 12, 7, 0]
        let input = message(private: [UInt64(readings.count)] + readings.map { UInt64(bitPattern: $0) }, public: [20])
        try Self.proveAndVerify(program, input, outputs: [7, 4])
        // A reading above the public bound fails in `require`.
        let tooLarge = message(private: [2, 5, 21], public: [20])
        #expect(throws: EngineError.self) { try program.execute(inputs: [tooLarge], call: .none) }
    }
}
