import Foundation
import SproutHalo2Engine
import SproutPluginKit
import Testing

@Suite struct SproutModuleTests {
    let data = Array("{\"private_a\": 3, \"private_b\": 5}".utf8)

    @Test func project10001ProvesLikeSprout() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: try Halo2Fixtures.artifact(10001), expParam: "")
        let first = try program.prove(inputs: [data], call: .none)
        let text = try #require(String(bytes: first, encoding: .ascii))
        #expect(text.count == 2880)
        #expect(text.allSatisfy { "0123456789abcdef".contains($0) })
        // Blinding makes every proof different.
        let second = try program.execute(inputs: [data, Array("{}".utf8)], call: .none)
        #expect(second.count == 2880 && second != first)
    }

    @Test func project10001RefusesMalformedData() throws {
        let program = try Halo2Engine(host: .detached).makeProgram(code: try Halo2Fixtures.artifact(10001), expParam: "")
        for bad in [[Array("{\"private_a\": \"x\"}".utf8)], []] {
            #expect { try program.prove(inputs: bad, call: .none) } throws: { ($0 as? EngineError)?.status == .executionFailed }
        }
        #expect { try program.verify(receipt: [], call: .none) } throws: { ($0 as? EngineError)?.status == .unsupported }
    }
}
