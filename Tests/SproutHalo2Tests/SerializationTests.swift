import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

@Suite struct SerializationTests {
    @Test func verifyingKeyRoundTrips() throws {
        for pk in [
            try Keygen.keygen(SimpleCircuit(a: .one, b: .one, constant: Fr(integer: 4)), params: testParams, k: 4),
            try Keygen.keygen(RangeCircuit(values: [], capacity: 8), params: testParams, k: 5),
        ] {
            let parsed = try VerifyingKey(bytes: pk.vk.bytes)
            #expect(parsed == pk.vk)
            #expect(parsed.bytes == pk.vk.bytes)
        }
    }

    @Test func keygenIsDeterministic() throws {
        let a = try Keygen.keygen(SimpleCircuit(a: .one, b: .one, constant: Fr(integer: 4)), params: testParams, k: 4)
        let b = try Keygen.keygen(SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4)), params: testParams, k: 4)
        #expect(a.vk.bytes == b.vk.bytes)
    }

    @Test func malformedVerifyingKeysThrow() throws {
        let bytes = try Keygen.keygen(RangeCircuit(values: [], capacity: 8), params: testParams, k: 5).vk.bytes
        for cut in 0..<bytes.count {
            #expect(throws: Halo2Error.self) { try VerifyingKey(bytes: Array(bytes[..<cut])) }
        }
        #expect(throws: Halo2Error.self) { try VerifyingKey(bytes: bytes + [0]) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bad = bytes
            bad[Int.random(in: 0..<bad.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            // Any outcome but a trap is acceptable; a changed key that still parses must differ.
            if let parsed = try? VerifyingKey(bytes: bad), bad != bytes { #expect(parsed.bytes == bad) }
        }
    }
}
