import Foundation
import SproutHalo2Engine
import SproutPluginKit
import Testing

@Suite struct NativeEngineTests {
    let engine = Halo2Engine(host: .detached)
    let data = Array("{\"private_a\": 3, \"private_b\": 5}".utf8)

    func program(_ json: String) throws -> any EngineProgram {
        try engine.makeProgram(code: Array(json.utf8), expParam: "")
    }

    func output(_ bytes: [UInt8]) throws -> [[String]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return try #require(object["instances"] as? [[String]])
    }

    static let nineHundred = "0x" + String(repeating: "0", count: 61) + "384"

    @Test func simpleExecutesProvesAndVerifies() throws {
        let p = try program("{\"circuit\":\"simple\",\"k\":4}")
        #expect(try output(try p.execute(inputs: [data], call: .none)) == [[Self.nineHundred]])
        let receipt = try p.prove(inputs: [data], call: .none)
        #expect(try output(try p.verify(receipt: receipt, call: .none)) == [[Self.nineHundred]])
        // Deterministic keys: another node's program accepts the receipt.
        #expect(try program("{\"circuit\":\"simple\"}").identity == p.identity)
        _ = try program("{\"circuit\":\"simple\"}").verify(receipt: receipt, call: .none)
    }

    @Test func tamperedReceiptsAreRejected() throws {
        let p = try program("{\"circuit\":\"simple\",\"k\":4}")
        let receipt = try JSONSerialization.jsonObject(with: Data(try p.prove(inputs: [data], call: .none))) as! [String: Any]
        func verify(_ change: (inout [String: Any]) -> Void, on program: any EngineProgram) -> EngineError? {
            var r = receipt
            change(&r)
            let bytes = Array(try! JSONSerialization.data(withJSONObject: r))
            do { _ = try program.verify(receipt: bytes, call: .none); return nil } catch { return error }
        }
        #expect(verify({ _ in }, on: p) == nil)
        let proof = receipt["proof"] as! String
        for position in [0, 100, 1001, proof.count - 1] {
            let flipped = proof.enumerated().map { $0.offset == position ? ($0.element == "0" ? "1" : "0") : $0.element }
            #expect(verify({ $0["proof"] = String(flipped) }, on: p)?.status == .verificationFailed)
        }
        #expect(verify({ $0["instances"] = [["0x" + String(repeating: "0", count: 61) + "385"]] }, on: p)?.status == .verificationFailed)
        #expect(verify({ $0["vk"] = String(repeating: "0", count: 64) }, on: p)?.status == .verificationFailed)
        #expect(verify({ _ in }, on: try program("{\"circuit\":\"simple\",\"constant\":5}"))?.status == .verificationFailed)
        #expect(verify({ _ in }, on: try program("{\"circuit\":\"simple\",\"k\":5}"))?.status == .verificationFailed)
    }

    @Test func fibonacciAndRange() throws {
        let fib = try program("{\"circuit\":\"fibonacci\",\"steps\":8}")
        let receipt = try fib.prove(inputs: [Array("{\"a\":1,\"b\":1}".utf8)], call: .none)
        let out = try output(try fib.verify(receipt: receipt, call: .none))
        #expect(out[0].last == "0x" + String(repeating: "0", count: 62) + "37")  // 55
        let range = try program("{\"circuit\":\"range\"}")
        let values = Array("{\"values\":[1,2,15]}".utf8)
        #expect(try output(try range.verify(receipt: try range.prove(inputs: [values], call: .none), call: .none))[0] == [
            "0x" + String(repeating: "0", count: 62) + "12"
        ])
        #expect { try range.execute(inputs: [Array("{\"values\":[16]}".utf8)], call: .none) } throws: {
            ($0 as? EngineError)?.message.contains("lookup 'range'") ?? false
        }
    }

    @Test func isZero() throws {
        let p = try program("{\"circuit\":\"is_zero\"}")
        let one = "0x" + String(repeating: "0", count: 63) + "1", zero = "0x" + String(repeating: "0", count: 64)
        for (value, expected) in [(0, one), (7, zero)] {
            let receipt = try p.prove(inputs: [Array("{\"value\":\(value)}".utf8)], call: .none)
            #expect(try output(try p.verify(receipt: receipt, call: .none)) == [[expected]])
        }
    }

    @Test func badCodeAndInputsAreClearErrors() throws {
        for code in ["{}", "{\"circuit\":\"nope\"}", "{\"circuit\":\"simple\",\"k\":40}", "not json"] {
            #expect { try program(code) } throws: { ($0 as? EngineError)?.status == .invalidProgram }
        }
        let p = try program("{\"circuit\":\"simple\"}")
        for input in [[], [Array("[]".utf8)], [Array("{\"private_a\":1}".utf8)], [Array("{\"private_a\":-1,\"private_b\":2}".utf8)]] {
            #expect { try p.prove(inputs: input, call: .none) } throws: { ($0 as? EngineError)?.status == .invalidInput }
        }
        #expect { try p.verify(receipt: Array("{}".utf8), call: .none) } throws: { ($0 as? EngineError)?.status == .verificationFailed }
    }
}
