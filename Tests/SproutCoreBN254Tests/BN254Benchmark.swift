import Foundation
import SproutCoreBN254
import Testing

/// Gated benchmark: runs only with `SPROUT_BENCH=1` and prints one JSON object.
/// Sizes are log₂; times are wall-clock seconds on the machine running the tests.
@Suite struct BN254Benchmark {
    static var enabled: Bool { ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1" }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test(.enabled(if: enabled)) func benchmark() throws {
        var g = SeededGenerator(seed: 2026)
        var report: [String: Double] = [:]
        let maxLog = Int(ProcessInfo.processInfo.environment["SPROUT_BENCH_MSM_MAX_LOG"] ?? "18") ?? 18
        var jacobian: [G1] = []
        var p = G1.generator * Fr.random(using: &g)
        let step = G1.generator * Fr.random(using: &g)
        for _ in 0..<(1 << maxLog) { jacobian.append(p); p = p + step }
        let allPoints = jacobian.batchAffine()
        let allScalars = (0..<(1 << maxLog)).map { _ in Fr.random(using: &g) }
        for log in [16, 18] where log <= maxLog {
            let n = 1 << log
            let pts = Array(allPoints[0..<n]), ks = Array(allScalars[0..<n])
            var result = G1.infinity
            let t2 = Self.seconds { result = MultiScalarMultiplication.msm(points: pts, scalars: ks, threads: 2) }
            let t1 = Self.seconds { _ = MultiScalarMultiplication.msm(points: pts, scalars: ks, threads: 1) }
            let tj = Self.seconds { _ = MultiScalarMultiplication.msm(points: pts, scalars: ks, threads: 2, batchAffine: false) }
            #expect(!result.isInfinity)
            report["msm_log\(log)_points_per_s_2threads"] = Double(n) / t2
            report["msm_log\(log)_seconds_2threads"] = t2
            report["msm_log\(log)_seconds_1thread"] = t1
            report["msm_log\(log)_seconds_2threads_jacobian_buckets"] = tj
        }
        let a = G1Curve.generator, b = G2Curve.generator
        let prepared = G2Prepared(b)
        let reps = 20
        let tp = Self.seconds { for _ in 0..<reps { _ = BN254Pairing.pairing(a, b) } }
        let tm = Self.seconds { for _ in 0..<reps { _ = BN254Pairing.millerLoop([(a, prepared)]) } }
        let f = BN254Pairing.millerLoop([(a, prepared)])
        let tf = Self.seconds { for _ in 0..<reps { _ = BN254Pairing.finalExponentiation(f) } }
        let tc = Self.seconds { for _ in 0..<reps { _ = BN254Pairing.pairingCheck([(a, b), (-a, b)]) } }
        report["pairing_ms"] = tp / Double(reps) * 1000
        report["miller_loop_prepared_ms"] = tm / Double(reps) * 1000
        report["final_exponentiation_ms"] = tf / Double(reps) * 1000
        report["pairing_check_2_pairs_ms"] = tc / Double(reps) * 1000
        let domain = try #require(EvaluationDomain(logSize: 16))
        var values = Array(allScalars[0..<(1 << 16)])
        let tfft = Self.seconds { domain.fft(&values) }
        report["fft_log16_ms"] = tfft * 1000
        let x = Fq.random(using: &g), y = Fq.random(using: &g)
        var acc = x
        let muls = 1_000_000
        let tmul = Self.seconds { for _ in 0..<muls { acc = acc * y } }
        #expect(!acc.isZero)
        report["fq_mul_ns"] = tmul / Double(muls) * 1e9
        let json = report.keys.sorted().map { "\"\($0)\": \(String(format: "%.4f", report[$0]!))" }.joined(separator: ", ")
        print("SPROUT_BENCH_JSON {\(json)}")
    }
}
