import Foundation
import SproutCoreBN254
@testable import SproutHalo2
import SproutHalo2Engine
import SproutPluginKit
import Testing

/// A project's code that is a ``CircuitDescription``: canonical bytes, the same keys as the
/// built-in it describes, and altered or damaged descriptions refused with a named reason.
@Suite struct CircuitDescriptionTests {
    let engine = Halo2Engine(host: .detached)
    let data = Array("{\"private_a\": 3, \"private_b\": 5}".utf8)
    static let simple = Array("{\"circuit\":\"simple\"}".utf8)

    func program(_ code: [UInt8]) throws -> any EngineProgram {
        try engine.makeProgram(code: code, expParam: "")
    }

    func error(_ body: () throws -> Void) -> EngineError? {
        do { try body(); return nil } catch let e as EngineError { return e } catch { return nil }
    }

    @Test func descriptionsRoundTripByteForByte() throws {
        for code in ["{\"circuit\":\"simple\",\"k\":5}", "{\"circuit\":\"fibonacci\",\"steps\":8}", "{\"circuit\":\"range\",\"count\":4}", "{\"circuit\":\"is_zero\"}"] {
            let bytes = try NativeCircuitProgram.description(code: Array(code.utf8))
            #expect(bytes.starts(with: CircuitDescription.magic))
            let decoded = try CircuitDescription(bytes: bytes)
            #expect(decoded.bytes == bytes, "\(code)")
            #expect(decoded.generator == code)
            // Deterministic: a second description is the same bytes.
            #expect(try NativeCircuitProgram.description(code: Array(code.utf8)) == bytes)
        }
    }

    @Test func describedSimpleProvesWithTheBuiltInsIdentity() throws {
        let described = try program(try NativeCircuitProgram.description(code: Self.simple))
        let builtIn = try program(Self.simple)
        #expect(described.identity == builtIn.identity)
        let receipt = try described.prove(inputs: [data], call: .none)
        let nineHundred = "0x" + String(repeating: "0", count: 61) + "384"
        #expect(String(decoding: try described.verify(receipt: receipt, call: .none), as: UTF8.self).contains(nineHundred))
        _ = try builtIn.verify(receipt: receipt, call: .none)
        #expect(String(decoding: try described.execute(inputs: [data], call: .none), as: UTF8.self).contains(nineHundred))
    }

    @Test func alteredDescriptionsChangeTheIdentityAndNameTheMismatch() throws {
        let original = try CircuitDescription(bytes: try NativeCircuitProgram.description(code: Self.simple))
        let builtIn = try program(Self.simple)

        // simple's constant 4 sits in fixed column 0; make it 5.
        var fixed = original.fixed
        let row = try #require(fixed[0].firstIndex(of: Fr(integer: 4)))
        fixed[0][row] = Fr(integer: 5)
        let alteredFixed = CircuitDescription(generator: original.generator, k: original.k, cs: original.cs, fixed: fixed, copies: original.copies)
        let p1 = try program(alteredFixed.bytes)
        #expect(p1.identity != builtIn.identity)
        let e1 = error { _ = try p1.prove(inputs: [data], call: .none) }
        #expect(e1?.status == .invalidProgram)
        #expect(e1?.message.contains("disagrees with its witness generator") == true && e1?.message.contains("fixed[0] row \(row) differs") == true, "\(String(describing: e1))")

        // Double the "mul" gate's polynomial.
        var cs = original.cs
        let gate = cs.gates[0]
        cs.gates[0] = Gate(name: gate.name, polynomials: gate.polynomials.map { .product(.constant(Fr(integer: 2)), $0) })
        let p2 = try program(CircuitDescription(generator: original.generator, k: original.k, cs: cs, fixed: original.fixed, copies: original.copies).bytes)
        #expect(p2.identity != builtIn.identity && p2.identity != p1.identity)
        let e2 = error { _ = try p2.execute(inputs: [data], call: .none) }
        #expect(e2?.status == .invalidProgram)
        #expect(e2?.message.contains("gate 'mul' differs") == true, "\(String(describing: e2))")

        // Drop an equality constraint.
        let p3 = try program(CircuitDescription(generator: original.generator, k: original.k, cs: original.cs, fixed: original.fixed, copies: Array(original.copies.dropLast())).bytes)
        #expect(p3.identity != builtIn.identity)
        #expect(error { _ = try p3.prove(inputs: [data], call: .none) }?.message.contains("equality constraints") == true)

        // A generator whose k disagrees with the description's.
        let wrongK = CircuitDescription(generator: "{\"circuit\":\"simple\",\"k\":5}", k: original.k, cs: original.cs, fixed: original.fixed, copies: original.copies)
        #expect(error { _ = try program(wrongK.bytes) }?.message.contains("k = 4, its generator") == true)
        let unknown = CircuitDescription(generator: "{\"circuit\":\"nope\"}", k: original.k, cs: original.cs, fixed: original.fixed, copies: original.copies)
        #expect(error { _ = try program(unknown.bytes) }?.status == .invalidProgram)
    }

    @Test func truncatedAndGarbageDescriptionsThrow() throws {
        let bytes = try NativeCircuitProgram.description(code: Self.simple)
        for length in 4..<bytes.count {
            let e = error { _ = try program(Array(bytes[..<length])) }
            #expect(e?.status == .invalidProgram && e?.message.hasPrefix("circuit description: malformed input") == true, "length \(length): \(String(describing: e))")
        }
        #expect(error { _ = try program(bytes + [0]) }?.message.contains("trailing") == true)
        var version = bytes
        version[4] = 2
        #expect(error { _ = try program(version) }?.message.contains("version 2") == true)
        var rng = SystemRandomNumberGenerator()
        // After magic, version, generator and k (a larger k would only make keygen slower).
        let afterK = 4 + 1 + 4 + Self.simple.count + 1
        for _ in 0..<200 {
            var garbage = bytes
            for _ in 0..<4 { garbage[Int.random(in: afterK..<garbage.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            // Either refused with a reason or (if the change hit a value) a loadable circuit.
            do { _ = try program(garbage) } catch let e as EngineError { #expect(e.status == .invalidProgram) }
        }
        #expect(error { _ = try program(CircuitDescription.magic + (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }) }?.status == .invalidProgram)
    }

    @Test func nonCanonicalFixedCellsAreRefused() throws {
        let original = try CircuitDescription(bytes: try NativeCircuitProgram.description(code: Self.simple))
        // Fixed column 0 lists one cell (the constant); list it as zero instead.
        var w = ByteWriter()
        w.bytes = CircuitDescription.magic
        w.u8(CircuitDescription.version)
        w.string(original.generator)
        w.u8(UInt8(original.k))
        original.cs.serialize(into: &w)
        let prefix = w.bytes
        let bytes = original.bytes
        var zeroed = bytes
        let valueAt = prefix.count + 4 + 4
        for i in valueAt..<valueAt + 32 { zeroed[i] = 0 }
        #expect(error { _ = try program(zeroed) }?.message.contains("listed zero") == true)
    }
}
