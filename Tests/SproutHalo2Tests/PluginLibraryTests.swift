import Foundation
import SproutNode
import Testing

/// The built plugin libraries, loaded the way the node loads them: sprout_halo2 and a
/// third-party circuit plugin (Tests/Fixtures/Plugins/Halo2Squares) that links SproutHalo2.
@Suite struct PluginLibraryTests {
    static func library(_ name: String) throws -> PluginLibrary {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/", !FileManager.default.fileExists(atPath: directory.appendingPathComponent("lib\(name).so").path) {
            directory.deleteLastPathComponent()
        }
        let url = directory.appendingPathComponent("lib\(name).so")
        try #require(FileManager.default.fileExists(atPath: url.path), "lib\(name).so is missing: run `swift build -c release -Xswiftc -enable-testing` first")
        // Load a copy, as the node does, so a rebuild cannot change the mapped file.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-lib\(name).so")
        try FileManager.default.copyItem(at: url, to: copy)
        return try PluginLibrary(path: copy.path)
    }

    @Test func halo2PluginProvesAndVerifies() throws {
        let library = try Self.library("sprout_halo2")
        #expect(library.info.vmTypes == ["halo2"])
        let program = try library.createProgram(code: Array("{\"circuit\":\"simple\"}".utf8), expParam: "")
        let receipt = try program.prove(inputs: [Array("{\"private_a\": 3, \"private_b\": 5}".utf8)], control: CallControl())
        let output = String(decoding: try program.verify(receipt: receipt, control: CallControl()), as: UTF8.self)
        #expect(output.contains("0384"))
    }

    @Test func thirdPartyCircuitPluginProvesAndVerifies() throws {
        let library = try Self.library("sprout_fixture_halo2_squares")
        #expect(library.info.name == "fixture-halo2-squares" && library.info.vmTypes == ["halo2-squares"])
        let program = try library.createProgram(code: [], expParam: "")
        let receipt = try program.prove(inputs: [Array("{\"x\": 2}".utf8)], control: CallControl())
        let output = String(decoding: try program.verify(receipt: receipt, control: CallControl()), as: UTF8.self)
        // 2^(2^5) = 2^32 = 0x100000000.
        #expect(output.contains("0x" + String(repeating: "0", count: 55) + "100000000"))
        var tampered = receipt
        tampered[tampered.count / 2] ^= 1
        #expect(throws: (any Error).self) { try program.verify(receipt: tampered, control: CallControl()) }
    }
}
