import Testing
import SproutCoreField
import SproutCoreHash

#if canImport(Glibc)
import Glibc
#endif

@Suite("Hash benchmarks", .enabled(if: getenv("SPROUT_BENCH") != nil), .serialized)
struct HashBenchmarks {
    static func seconds(_ body: () -> Void) -> Double {
        let d = ContinuousClock().measure(body)
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @Test func poseidon2PermutationsPerSecond() {
        for permutation in [Poseidon2.babyBear16, Poseidon2.babyBear24] {
            var state = (0..<permutation.width).map { BabyBear(UInt32($0)) }
            let n = 200_000
            let t = Self.seconds { for _ in 0..<n { permutation.permute(&state) } }
            print("BENCH poseidon2_\(permutation.width): \(Double(n) / t / 1e3) k perm/s (single core), \(t / Double(n) * 1e9) ns/perm, checksum \(state[0])")
        }
    }

    @Test func sha256AndKeccakThroughput() {
        let data = [UInt8](repeating: 0x5a, count: 1 << 24)
        let tSHA = Self.seconds { _ = SHA256.hash(data) }
        let tKeccak = Self.seconds { _ = Keccak256.hash(data) }
        print("BENCH sha256: \(Double(data.count) / tSHA / 1e6) MB/s; keccak256: \(Double(data.count) / tKeccak / 1e6) MB/s (single core)")
    }
}
