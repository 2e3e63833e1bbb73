import Foundation
import SproutCoreField
@_spi(Benchmarks) import SproutCoreHash
import SproutCoreMerkle
import SproutCoreNTT
import SproutCoreSTARK

// ZK core benchmark (issue 5): prints one JSON object per measurement. Every timing is printed
// next to a physical bound derived from measured BabyBear multiplication rates on one core: R
// (scalar Montgomery multiplication) and R_v (lane multiplications/s of the SIMD Montgomery
// multiplication that batched Poseidon2 uses), and the core count C. The bound is the time the
// work's field multiplications alone would take at that rate on every core, ignoring additions,
// memory traffic and glue; code that runs scalar is bounded with R, SIMD code (NTT stages,
// batched hashing) with R_v.
// `ratio` is bound / measured time (1 = at the limit); `bound_derivation` states the count.
//
// Selection: SPROUT_BENCH_ONLY="mul,ntt,poseidon2,bytes,merkle,stark" (default: all).
// Sizes: SPROUT_BENCH_NTT_LOGS ("20,22"), SPROUT_BENCH_MERKLE_LOG_HEIGHT (20), SPROUT_BENCH_STARK_LOG_HEIGHT (20),
// SPROUT_BENCH_WIDTH (64 columns, Merkle and STARK), SPROUT_BENCH_FRI_ARITIES ("2"; e.g. "2,4,8": one STARK
// run per FRI folding arity, standard parameters otherwise).

let environment = ProcessInfo.processInfo.environment
let selected = Set((environment["SPROUT_BENCH_ONLY"] ?? "mul,ntt,poseidon2,bytes,merkle,stark").split(separator: ",").map(String.init))
let cores = ProcessInfo.processInfo.activeProcessorCount
let width = environment["SPROUT_BENCH_WIDTH"].flatMap(Int.init) ?? 64

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The fastest of `runs` timings of `body`.
func best(of runs: Int, _ body: () -> Void) -> Double {
    (0..<runs).map { _ in seconds(body) }.min()!
}

/// The 1-minute load average when the measurement started (other processes share the cores).
func loadAverage() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return -1 }
    return Double(text.split(separator: " ").first ?? "") ?? -1
}

func resourceUsage() -> rusage {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage
}

/// User + system CPU seconds of this process, all threads.
func processCPUSeconds() -> Double {
    let usage = resourceUsage()
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

func peakRSSMiB() -> Double {
    Double(resourceUsage().ru_maxrss) / 1024
}

func emit(_ fields: [String: Any]) {
    var all = fields
    all["cores"] = cores
    let json = try! JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
    // Unbuffered, so each line shows up (through `tee`) as soon as it is measured.
    FileHandle.standardOutput.write(json + Data("\n".utf8))
}

/// Field multiplications of one Poseidon2 permutation: x⁷ costs 4 (x², x³, x⁴, x³·x⁴); 8 full
/// rounds of `width` S-boxes, and per internal round one S-box plus `width` diagonal products.
func poseidon2Multiplications(_ permutation: Poseidon2) -> Int {
    8 * permutation.width * 4 + permutation.internalRounds * (4 + permutation.width)
}

// MARK: BabyBear multiplication rate (the base of every bound)

/// Multiplications per second on one core: eight independent chains, so the loop measures
/// throughput rather than the latency of one dependent chain.
func measureMultiplicationRate() -> Double {
    var x = (0..<8).map { BabyBear(UInt32(3 + $0)) }
    let y = (0..<8).map { BabyBear(UInt32(1_000_003 + 7 * $0)) }
    let rounds = 25_000_000
    let time = best(of: 3) {
        var x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7]
        let y0 = y[0], y1 = y[1], y2 = y[2], y3 = y[3], y4 = y[4], y5 = y[5], y6 = y[6], y7 = y[7]
        for _ in 0..<rounds {
            x0 = x0 * y0; x1 = x1 * y1; x2 = x2 * y2; x3 = x3 * y3
            x4 = x4 * y4; x5 = x5 * y5; x6 = x6 * y6; x7 = x7 * y7
        }
        x = [x0, x1, x2, x3, x4, x5, x6, x7]
    }
    let multiplications = Double(8 * rounds)
    emit([
        "benchmark": "babybear_mul", "load_average": loadAverage(), "threads": 1,
        "multiplications": multiplications, "seconds": time, "mul_per_s": multiplications / time, "ns_per_mul": time / multiplications * 1e9,
        "note": "Montgomery multiplication, 8 independent chains (throughput); checksum \(x.reduce(BabyBear.zero, +))",
    ])
    return multiplications / time
}

let rate = measureMultiplicationRate()

/// Lane multiplications per second on one core with the SIMD Montgomery multiplication that
/// batched Poseidon2 uses (vectors of `Poseidon2.batchLanes` lanes, eight independent chains).
func measureVectorMultiplicationRate() -> Double {
    let rounds = 10_000_000
    var checksum: UInt32 = 0
    let time = best(of: 3) { checksum ^= Poseidon2.vectorMultiplications(rounds: rounds, seed: 12345) }
    let multiplications = Double(8 * rounds * Poseidon2.batchLanes)
    emit([
        "benchmark": "babybear_mul_simd", "load_average": loadAverage(), "threads": 1, "lanes": Poseidon2.batchLanes,
        "multiplications": multiplications, "seconds": time, "mul_per_s": multiplications / time, "ns_per_mul": time / multiplications * 1e9,
        "note": "SIMD Montgomery multiplication as in batched Poseidon2, 8 independent chains; checksum \(checksum)",
    ])
    return multiplications / time
}

let vectorRate = measureVectorMultiplicationRate()

// MARK: NTT

if selected.contains("ntt") {
    for logSize in (environment["SPROUT_BENCH_NTT_LOGS"] ?? "20,22").split(separator: ",").compactMap({ Int($0) }) {
        let n = 1 << logSize
        var values = (0..<n).map { BabyBear(UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) % BabyBear.modulus) }
        let load = loadAverage()
        NTT.forward(&values)  // builds the shared twiddle table
        let natural = best(of: 3) { NTT.forward(&values) }
        let reversed = best(of: 3) { NTT.forwardBitReversed(&values) }
        let multiplications = Double(n / 2 * logSize)
        let bound = multiplications / (vectorRate * Double(cores))
        emit([
            "benchmark": "ntt_forward", "bound_seconds_at_scalar_rate": multiplications / (rate * Double(cores)), "log_size": logSize, "elements": n, "load_average": load, "threads": cores,
            "seconds": natural, "seconds_bit_reversed_output": reversed,
            "bound_seconds": bound, "ratio": bound / reversed,
            "bound_derivation": "(n/2)·log₂n = \(Int(multiplications)) butterfly multiplications / (R_v = \(Int(vectorRate)) mul/s × \(cores) cores): stages of ≥ 16 butterflies run 16 at a time; ratio against the bit-reversed-output time (no permutation pass)",
        ])
    }
}

// MARK: Poseidon2

if selected.contains("poseidon2") {
    for permutation in [Poseidon2.babyBear16, Poseidon2.babyBear24] {
        let multiplications = poseidon2Multiplications(permutation)
        let boundRate = rate / Double(multiplications)
        let vectorBoundRate = vectorRate / Double(multiplications)
        let derivation = "\(multiplications) multiplications per permutation (8 full rounds × \(permutation.width) S-boxes × 4 + \(permutation.internalRounds) internal rounds × (4 + \(permutation.width)))"
        // One state at a time, as a sponge or transcript uses it.
        var state = (0..<permutation.width).map { BabyBear(UInt32($0)) }
        let count = 200_000
        var load = loadAverage()
        let single = Double(count) / best(of: 3) { for _ in 0..<count { permutation.permute(&state) } }
        emit([
            "benchmark": "poseidon2_permute", "width": permutation.width, "mode": "one state", "load_average": load, "threads": 1,
            "permutations_per_s": single, "ns_per_permutation": 1e9 / single,
            "bound_permutations_per_s": boundRate, "ratio": single / boundRate, "bound_derivation": "R / " + derivation, "checksum": state[0].value,
        ])
        // Many independent states at once, as Merkle layers use it (SIMD across states).
        let batch = 4096
        var states = (0..<(batch * permutation.width)).map { BabyBear(UInt32($0)) }
        load = loadAverage()
        let batched = Double(batch * 50) / best(of: 3) { for _ in 0..<50 { permutation.permute(states: &states) } }
        emit([
            "benchmark": "poseidon2_permute", "width": permutation.width, "mode": "batch of \(batch) states", "load_average": load, "threads": 1,
            "permutations_per_s": batched, "ns_per_permutation": 1e9 / batched,
            "bound_permutations_per_s": vectorBoundRate, "ratio": batched / vectorBoundRate, "bound_derivation": "R_v / " + derivation,
            "speedup_over_one_state": batched / single, "checksum": states[0].value,
        ])
    }
}

if selected.contains("bytes") {
    let data = [UInt8](repeating: 0x5a, count: 1 << 24)
    let load = loadAverage()
    let sha = best(of: 2) { _ = SHA256.hash(data) }
    let keccak = best(of: 2) { _ = Keccak256.hash(data) }
    emit([
        "benchmark": "byte_hashes", "bytes": data.count, "load_average": load, "threads": 1,
        "sha256_mb_per_s": Double(data.count) / sha / 1e6, "keccak256_mb_per_s": Double(data.count) / keccak / 1e6,
        "note": "no field-multiplication bound: bit operations only",
    ])
}

// MARK: Merkle commitment

if selected.contains("merkle") {
    let logHeight = environment["SPROUT_BENCH_MERKLE_LOG_HEIGHT"].flatMap(Int.init) ?? 20
    let matrix = RowMajorMatrix(width: width, values: (0..<(width << logHeight)).map { BabyBear(UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) % BabyBear.modulus) })
    let load = loadAverage()
    var root = Poseidon2Digest.zero
    let time = seconds { root = MerkleTree(matrix: matrix).root }
    let permutations = (1 << logHeight) * ((width + 7) / 8) + (1 << logHeight) - 1
    let perPermutation = poseidon2Multiplications(.babyBear16)
    let bound = Double(permutations * perPermutation) / (vectorRate * Double(cores))
    emit([
        "benchmark": "merkle_commit", "log_height": logHeight, "width": width, "load_average": load, "threads": cores,
        "seconds": time, "permutations": permutations, "permutations_per_s": Double(permutations) / time,
        "bound_seconds": bound, "ratio": bound / time,
        "bound_derivation": "(2^\(logHeight)·⌈\(width)/8⌉ sponge + 2^\(logHeight) − 1 compression) = \(permutations) Poseidon2-16 permutations × \(perPermutation) multiplications / (R_v × \(cores) cores), hashed \(Poseidon2.batchLanes) at a time",
        "root": root.description,
    ])
}

// MARK: STARK prove / verify

if selected.contains("stark") {
    let logHeight = environment["SPROUT_BENCH_STARK_LOG_HEIGHT"].flatMap(Int.init) ?? 20
    let air = WideAIR(width: width)
    var traceTime = 0.0
    var trace = RowMajorMatrix<BabyBear>(width: 1, values: [])
    traceTime = seconds { trace = air.trace(logHeight: logHeight) }
    let arities = (environment["SPROUT_BENCH_FRI_ARITIES"] ?? "2").split(separator: ",").compactMap { Int($0) }
    for arity in arities {
        guard arity > 1, arity & (arity - 1) == 0 else { fatalError("SPROUT_BENCH_FRI_ARITIES: \(arity) is not a power of two ≥ 2") }
        var starkConfig = STARKConfig.standard
        starkConfig.fri.logFoldingArity = arity.trailingZeroBitCount
        let key = try STARKProvingKey(airs: [air], config: starkConfig)
        _ = try STARKProver.prove(key: key, traces: [air.trace(logHeight: 10)], publicValues: [[]])  // warm-up
        let load = loadAverage()
        var proof: STARKProof?
        let cpuBefore = processCPUSeconds()
        let proveTime = try seconds { proof = try STARKProver.prove(key: key, traces: [trace], publicValues: [[]]) }
        let proveCPU = processCPUSeconds() - cpuBefore
        let verifyTime = try seconds { try STARKVerifier.verify(key: key.verifyingKey, proof: proof!, publicValues: [[]]) }
        let config = key.verifyingKey.config
        let n = 1 << logHeight
        let logLDE = logHeight + config.logBlowup
        // Work no prover of this protocol can skip: per column an inverse NTT of n points, the coset
        // twist and a forward NTT of n·blowup points; then the Merkle commitment of the extended rows.
        let nttMultiplications = width * (n / 2 * logHeight + 2 * n + (n << config.logBlowup) / 2 * logLDE)
        let permutations = (n << config.logBlowup) * ((width + 7) / 8) + (n << config.logBlowup) - 1
        let hashMultiplications = permutations * poseidon2Multiplications(.babyBear16)
        let bound = Double(nttMultiplications + hashMultiplications) / (vectorRate * Double(cores))
        emit([
            "benchmark": "stark_prove_verify", "air": air.name, "log_height": logHeight, "rows": n, "columns": width, "constraint_degree": 3,
            "log_blowup": config.logBlowup, "folding_arity": config.fri.foldingArity, "queries": config.fri.numberOfQueries, "proof_of_work_bits": config.fri.proofOfWorkBits,
            "conjectured_security_bits": config.conjecturedSecurityBits(logMaxHeight: logHeight, maxConstraintDegree: 3),
            "conjectured_security_bits_without_grinding": config.conjecturedSecurityBits(logMaxHeight: logHeight, maxConstraintDegree: 3, includingGrinding: false),
            "load_average": load, "threads": cores, "trace_generation_seconds": traceTime,
            "prove_seconds": proveTime, "prove_cpu_seconds": proveCPU, "rows_per_s": Double(n) / proveTime,
            "verify_ms": verifyTime * 1000, "proof_bytes": proof!.encoded().count, "peak_rss_mib": peakRSSMiB(),
            "bound_seconds": bound, "ratio": bound / proveTime,
            "bound_derivation": "main-trace LDE only (lower bound: quotient, DEEP and FRI are extra): \(width) columns × (n/2·log₂n + 2n + (n·blowup/2)·log₂(n·blowup)) = \(nttMultiplications) NTT multiplications + \(permutations) Poseidon2-16 permutations × \(poseidon2Multiplications(.babyBear16)) = \(hashMultiplications) hash multiplications, / (R_v × \(cores) cores)",
        ])
    }
}
