import Testing
import SproutCoreField
import SproutCoreNTT

#if canImport(Glibc)
import Glibc
#endif

/// Timing runs, enabled with `SPROUT_BENCH=1` (they print, they do not assert speed).
@Suite("NTT benchmarks", .enabled(if: getenv("SPROUT_BENCH") != nil), .serialized)
struct NTTBenchmarks {
    static func seconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let d = clock.measure(body)
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    @Test func babyBearMultiplicationsPerSecond() {
        var x = BabyBear(3), y = BabyBear(5), z = BabyBear(7), w = BabyBear(11)
        let rounds = 100_000_000
        let t = Self.seconds {
            for _ in 0..<(rounds / 4) {
                x = x * y; y = y * z; z = z * w; w = w * x  // four dependent chains interleaved
            }
        }
        print("BENCH babybear_mul: \(Double(rounds) / t / 1e6) M mul/s (single core), checksum \(x + y + z + w)")
    }

    @Test(arguments: [16, 20, 22])
    func forwardNTT(logSize: Int) {
        var values = randomVector(1 << logSize, seed: 1)
        NTT.forward(&values)  // warm twiddles
        var best = Double.infinity
        for _ in 0..<3 {
            best = min(best, Self.seconds { NTT.forward(&values) })
        }
        var bestReversed = Double.infinity
        for _ in 0..<3 {
            bestReversed = min(bestReversed, Self.seconds { NTT.forwardBitReversed(&values) })
        }
        let multiplications = Double(logSize << (logSize - 1))
        print("BENCH ntt_forward log=\(logSize): \(best * 1e3) ms natural order, \(bestReversed * 1e3) ms bit-reversed output (\(NTTKernelsInfo.cores) cores); \(multiplications / 1e6) M butterfly multiplications")
    }
}

enum NTTKernelsInfo {
    static var cores: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
