import Foundation
import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2

// Halo2 benchmark: for each k in SPROUT_BENCH_K (default "10,12,14") proves and verifies a
// WideCircuit filling every usable row of 2ᵏ, and times an MSM of 2ᵏ points. Prints one JSON
// object per k. The SRS is the insecure development one (its setup time is reported apart).
// With the argument `primitives`: MSM of 2¹⁶ and 2²⁰ points and FFT of 2²⁰ (``Primitives``),
// one JSON object each, with the load average at the start.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func loadAverage() -> [Double] {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) == 3 ? loads : []
}

if CommandLine.arguments.dropFirst().first == "primitives" {
    // SPROUT_BENCH_THREADS: MSM threads (default: the processor count, which ignores CPU affinity).
    let threads = ProcessInfo.processInfo.environment["SPROUT_BENCH_THREADS"].flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount
    let runs: [() -> [String: Any]] = [
        { Primitives.msm(logSize: 16, runs: 3, threads: threads) },
        { Primitives.msm(logSize: 20, runs: 2, threads: threads) },
        { Primitives.fft(logSize: 20, runs: 3) },
    ]
    for run in runs {
        let load = loadAverage()
        var result = run()
        result["load_average_at_start"] = load
        result["cpus"] = ProcessInfo.processInfo.activeProcessorCount
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
    exit(0)
}

// The byte table needs 256 usable rows.
let ks = (ProcessInfo.processInfo.environment["SPROUT_BENCH_K"] ?? "10,12,14").split(separator: ",").compactMap { Int($0) }.filter { $0 >= 9 }
for k in ks {
    var params: KZGParams!
    let setup = seconds { params = KZGParams.insecureDevelopmentSetup(k: k, tau: Fr(integer: 0xbe9c_4)) }
    var cs = ConstraintSystem()
    _ = WideCircuit.configure(&cs)
    let rows = (1 << k) - cs.blindingFactors - 1
    let circuit = WideCircuit(rows: rows, seed: 42)
    var pk: ProvingKey!
    let keygen = try seconds { pk = try Keygen.keygen(circuit, params: params, k: k) }
    let instances = [[circuit.firstOutput]]
    var proof: [UInt8] = []
    let prove = try seconds { proof = try Prover.prove(circuit, pk: pk, params: params, instances: instances) }
    let verify = try seconds { try Verifier.verify(vk: pk.vk, params: params, instances: instances, proof: proof) }
    let scalars = (0..<(1 << k)).map { _ in Fr.random() }
    let msm = seconds { _ = MultiScalarMultiplication.msm(points: params.g, scalars: scalars) }
    let result: [String: Any] = [
        "benchmark": "halo2-wide", "k": k, "rows": 1 << k, "usable_rows": rows,
        "advice": cs.numAdvice, "fixed": cs.numFixed, "instance": cs.numInstance, "lookups": cs.lookups.count, "degree": cs.degree,
        "srs_setup_s": setup, "keygen_s": keygen, "prove_s": prove, "rows_per_s": Double(1 << k) / prove,
        "verify_ms": verify * 1000, "proof_bytes": proof.count, "msm_points": 1 << k, "msm_s": msm,
        "msm_points_per_s": Double(1 << k) / msm, "peak_rss_mib": peakRSSMiB(),
    ]
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
}
