import Testing
import SproutCoreField
import SproutCoreHash

/// The batched (SIMD) Poseidon2 paths must give exactly the one-state results: Merkle roots in
/// risc0 and zkwasm proofs depend on them.
@Suite("Poseidon2 batched")
struct PackedPoseidon2Tests {
    /// Random canonical elements plus the extremes 0 and p − 1 (the reductions' edge cases).
    static func elements(_ count: Int, seed: UInt64) -> [BabyBear] {
        var state = seed
        return (0..<count).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // LCG, mod 2⁶⁴ by design
            switch i % 11 {
            case 0: return .zero
            case 1: return .minusOne
            default: return BabyBear(montgomery: UInt32(truncatingIfNeeded: state >> 33) % BabyBear.modulus)
            }
        }
    }

    @Test(arguments: [1, 15, 16, 17, 40])
    func batchedPermutationsEqualOneAtATime(count: Int) {
        for permutation in [Poseidon2.babyBear16, Poseidon2.babyBear24] {
            var states = Self.elements(count * permutation.width, seed: UInt64(count))
            if count > 1 { for i in 0..<permutation.width { states[permutation.width + i] = .minusOne } }
            let expected = (0..<count).flatMap { k in permutation.permuted(Array(states[(k * permutation.width)..<((k + 1) * permutation.width)])) }
            permutation.permute(states: &states)
            #expect(states == expected, "width \(permutation.width), \(count) states")
        }
    }

    /// Plonky3's published width-16 vector, placed in lane 5 of a batch of 20 states.
    @Test func batchedPermutationMatchesPlonky3Vector() {
        let input: [UInt32] = [
            894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695, 1717947831,
            120589055, 19776022, 42382981, 1831865506, 724844064, 171220207, 1299207443,
            227047920, 1783754913,
        ]
        let expected: [UInt32] = [
            516096821, 90309867, 1101817252, 1660784290, 360715097, 1789519026, 1788910906,
            563338433, 319524748, 1741414159, 1650859320, 894311162, 1121347488, 1692793758,
            1052633829, 1344246938,
        ]
        var states = Self.elements(20 * 16, seed: 7)
        states.replaceSubrange(80..<96, with: input.map { BabyBear($0) })
        Poseidon2.babyBear16.permute(states: &states)
        #expect(states[80..<96].map(\.value) == expected)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 16, 17, 64])
    func batchedRowHashesEqualTheSponge(width: Int) {
        for count in [1, 16, 33] {
            let values = Self.elements(count * width, seed: UInt64(width * 100 + count))
            var digests = [Poseidon2Digest](repeating: .zero, count: count)
            values.withUnsafeBufferPointer { rows in
                digests.withUnsafeMutableBufferPointer { Poseidon2Hasher.hash(rows: rows, width: width, into: $0) }
            }
            let expected = (0..<count).map { Poseidon2Hasher.hash(values[($0 * width)..<(($0 + 1) * width)]) }
            #expect(digests == expected, "width \(width), \(count) rows")
        }
    }

    @Test func batchedCompressionsEqualOneAtATime() {
        for count in [1, 16, 21] {
            let values = Self.elements(16 * count, seed: UInt64(count))
            let nodes = (0..<(2 * count)).map { Poseidon2Digest(prefixOf: Array(values[(8 * $0)..<(8 * $0 + 8)])) }
            var parents = [Poseidon2Digest](repeating: .zero, count: count)
            nodes.withUnsafeBufferPointer { pairs in
                parents.withUnsafeMutableBufferPointer { Poseidon2Hasher.compress(pairs: pairs, into: $0) }
            }
            #expect(parents == (0..<count).map { Poseidon2Hasher.compress(nodes[2 * $0], nodes[2 * $0 + 1]) })
        }
    }
}
