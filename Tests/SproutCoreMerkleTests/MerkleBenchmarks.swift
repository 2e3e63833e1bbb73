import Testing
import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle

#if canImport(Glibc)
import Glibc
#endif

@Suite("Merkle benchmarks", .enabled(if: getenv("SPROUT_BENCH") != nil), .serialized)
struct MerkleBenchmarks {
    @Test(arguments: [(16, 64), (20, 64)])
    func commitTrace(logHeight: Int, width: Int) {
        let matrix = RowMajorMatrix(width: width, values: (0..<((1 << logHeight) * width)).map { BabyBear(UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) % BabyBear.modulus) })
        let clock = ContinuousClock()
        var root = Poseidon2Digest.zero
        let d = clock.measure { root = MerkleTree(matrix: matrix).root }
        let perms = (1 << logHeight) * ((width + 7) / 8) + (1 << logHeight) - 1
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        print("BENCH merkle_commit 2^\(logHeight)x\(width): \(seconds * 1e3) ms, \(perms) permutations, \(Double(perms) / seconds / 1e3) k perm/s (all cores), root \(root.e0)")
    }
}
