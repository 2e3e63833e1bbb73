import Foundation
import Testing

@testable import SproutNode

/// The wasm engine loaded as a plugin, through SproutPluginKit and the C ABI, on sprout's own
/// project 10003.
@Suite struct WasmPluginTests {
    let shadow = ShadowStore.temporary()

    func project10003() throws -> ProgramSource {
        let fixtures = try #require(BuildProducts.sproutFixtures, "shared/fixtures/sprout is absent: sprout's project files are needed for this test")
        return try ProgramSource.load(file: fixtures.appendingPathComponent("10003"), vmType: nil, expParam: nil)
    }

    @Test func swiftPluginDescribesItselfThroughTheKit() throws {
        let library = try PluginLibrary(path: try shadow.copy(try BuildProducts.library("sprout_wasm")).path)
        #expect(library.info.name == "sprout-wasm")
        #expect(library.info.vmTypes == ["wasm"])
        #expect(library.info.capabilities.contains(.execute))
        // A Swift runtime is never declared unloadable.
        #expect(!library.info.capabilities.contains(.unloadable))
    }

    @Test func project10003RunsAsSproutsRuntimeDid() throws {
        let source = try project10003()
        #expect(source.vmType == "wasm")
        #expect(source.code.count == 150_539)
        let library = try PluginLibrary(path: try shadow.copy(try BuildProducts.library("sprout_wasm")).path)
        let program = try library.createProgram(code: source.code, expParam: source.expParam)
        #expect(try program.identity().count == 32)
        // start(rid) returns 0 when it finds its data: result bytes 00 00 00 00.
        #expect(try program.execute(inputs: [Array("wasm log example".utf8)], control: CallControl()) == [0, 0, 0, 0])
        #expect(try program.execute(inputs: [Array(#"{"k": "v", "n": 1}"#.utf8), Array("second".utf8)], control: CallControl()) == [0, 0, 0, 0])
        #expect(throws: EngineCallError.self) { try program.execute(inputs: [], control: CallControl()) }
    }

    @Test func project10003RunsInIsolation() throws {
        let source = try project10003()
        let engine = try IsolatedEngine(
            pluginPath: try shadow.copy(try BuildProducts.library("sprout_wasm")).path,
            settings: IsolationSettings(workerExecutable: BuildProducts.sprout))
        let program = try engine.createProgram(code: source.code, expParam: source.expParam)
        #expect(try program.execute(inputs: [Array("wasm log example".utf8)], control: CallControl()) == [0, 0, 0, 0])
    }

    @Test func corruptWasmIsRefusedAtCreation() throws {
        let library = try PluginLibrary(path: try shadow.copy(try BuildProducts.library("sprout_wasm")).path)
        do {
            _ = try library.createProgram(code: [0, 0x61, 0x73, 0x6D, 1, 0, 0, 0, 0xFF, 0xFF], expParam: "")
            Issue.record("corrupt wasm accepted")
        } catch {
            #expect(error.status == .invalidProgram)
            #expect(error.message.contains("not a valid WebAssembly module"))
        }
    }
}

@Suite struct ProjectFileTests {
    @Test func codeOfSproutProjectsIsHexOfZlib() throws {
        let fixtures = try #require(BuildProducts.sproutFixtures, "shared/fixtures/sprout is absent")
        let source = try ProgramSource.load(file: fixtures.appendingPathComponent("10002"), vmType: nil, expParam: nil)
        #expect(source.vmType == "zkwasm")
        #expect(source.code.count == 170)
        #expect(Array(source.code.prefix(4)) == [0, 0x61, 0x73, 0x6D])
    }

    @Test func badHexAndBrokenZlibAreClearErrors() throws {
        #expect { try CodeArtifact.decode(hex: "789") } throws: { "\($0)".contains("odd number") }
        #expect { try CodeArtifact.decode(hex: "78zz") } throws: { "\($0)".contains("not a hex digit") }
        // A valid zlib header followed by a truncated stream.
        #expect { try CodeArtifact.decode(hex: "789c4b4c4a06") } throws: { "\($0)".contains("corrupt or truncated") }
        #expect(try CodeArtifact.decode(hex: "789c4b4c4a0600024d0127") == Array("abc".utf8))
    }

    @Test func vmTypeMustAgreeWithTheProjectFile() throws {
        let fixtures = try #require(BuildProducts.sproutFixtures, "shared/fixtures/sprout is absent")
        #expect { try ProgramSource.load(file: fixtures.appendingPathComponent("10003"), vmType: "risc0", expParam: nil) } throws: {
            "\($0)".contains("disagrees")
        }
    }

    @Test func malformedProjectFileNamesTheProblem() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(Array(#"[{"vmType": 5}]"#.utf8), as: "77")
        #expect { try ProgramSource.load(file: file, vmType: nil, expParam: nil) } throws: { "\($0)".contains("project config") }
    }
}

@Suite struct VersionTests {
    @Test func semanticVersionsOrderAsSemverSays() {
        #expect(SemanticVersion("1.2.3")! < SemanticVersion("1.10.0")!)
        #expect(SemanticVersion("1.0.0-rc.1")! < SemanticVersion("1.0.0")!)
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("1.2.3+build.5") == SemanticVersion(1, 2, 3))
    }

    @Test(arguments: [
        ("^1.2", "1.9.0", true), ("^1.2", "2.0.0", false), ("^1.2", "1.1.9", false), ("^0.2", "0.3.0", false),
        ("~1.2.0", "1.2.9", true), ("~1.2.0", "1.3.0", false), (">=1.0.0 <2.0.0", "1.5.0", true),
        (">=1.0.0 <2.0.0", "2.0.0", false), ("1.x", "1.7.1", true), ("1.x", "2.0.0", false), ("*", "9.9.9", true),
        ("1.2.3", "1.2.3", true), ("1.2.3", "1.2.4", false),
    ])
    func rangesContainWhatTheySay(range: String, version: String, expected: Bool) throws {
        #expect(try VersionRange(range).contains(SemanticVersion(version)!) == expected)
    }

    @Test func badRangesAreRefused() {
        #expect(throws: VersionRange.ParseError.self) { try VersionRange("^x.y") }
        #expect(throws: VersionRange.ParseError.self) { try VersionRange("1.2.3.4") }
    }
}
