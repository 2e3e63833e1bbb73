import Foundation
import SproutCoreBN254

/// The primitive benchmarks of issue 8: MSM of 2¹⁶ and 2²⁰ G1 points and FFT of 2²⁰ over Fr,
/// each result checked so that a fast wrong answer cannot pass as a number.
enum Primitives {
    /// `Pᵢ = P₀ + i·Q` for random `P₀`, `Q`: one addition per point instead of a scalar
    /// multiplication, and the MSM has the closed form `(Σsᵢ)·P₀ + (Σ i·sᵢ)·Q` to check against.
    static func points(count: Int, start: Fr, step: Fr) -> [G1Affine] {
        let q = (G1.generator * step).affine
        var p = G1.generator * start
        var out: [G1] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(p); p = p.adding(q) }
        return out.batchAffine()
    }

    static func msm(logSize: Int, runs: Int, threads: Int) -> [String: Any] {
        let n = 1 << logSize
        let start = Fr.random(), step = Fr.random()
        let points = points(count: n, start: start, step: step)
        let scalars = (0..<n).map { _ in Fr.random() }
        var times: [Double] = []
        var result = G1.infinity
        for _ in 0..<runs {
            times.append(seconds { result = MultiScalarMultiplication.msm(points: points, scalars: scalars, threads: threads) })
        }
        var sum = Fr.zero, weighted = Fr.zero, index = Fr.zero
        for s in scalars { sum = sum + s; weighted = weighted + index * s; index = index + .one }
        let expected = G1.generator * (sum * start + weighted * step)
        let best = times.min()!
        return [
            "benchmark": "halo2-msm", "points": n, "threads": threads, "window_bits": MultiScalarMultiplication.windowBits(for: n),
            "runs_s": times, "best_s": best, "points_per_s": Double(n) / best, "result_checked": result == expected,
        ]
    }

    static func fft(logSize: Int, runs: Int) -> [String: Any] {
        let domain = EvaluationDomain(logSize: logSize)!
        let input = (0..<domain.size).map { _ in Fr.random() }
        var forward: [Double] = [], inverse: [Double] = []
        var roundTrip = true
        for _ in 0..<runs {
            var values = input
            forward.append(seconds { domain.fft(&values) })
            inverse.append(seconds { domain.ifft(&values) })
            roundTrip = roundTrip && values == input
        }
        // f(ω) from the evaluations equals Horner's evaluation of the coefficients.
        var evaluations = input
        domain.fft(&evaluations)
        var horner = Fr.zero
        for c in input.reversed() { horner = horner * domain.omega + c }
        return [
            "benchmark": "halo2-fft", "size": domain.size, "field": "BN254 Fr", "fft_runs_s": forward, "ifft_runs_s": inverse,
            "fft_best_s": forward.min()!, "ifft_best_s": inverse.min()!,
            "result_checked": roundTrip && evaluations[1] == horner,
        ]
    }
}
