import Foundation
import SproutBenchSupport
import SproutPluginKit
import SproutRisc0Engine

// Not a test: `swift run -c release SproutRisc0Bench [log2 cycles] [segment_limit_po2]` (defaults
// 20 and 20) proves a ≈2^n-cycle loop guest and prints one JSON object: executor cycles/s,
// proving throughput, peak memory (VmHWM), receipt and per-segment seal sizes, verify time, the
// load average, and the targets beside them. Run one configuration per process (peak
// memory is per process).

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let logCycles = arguments.first ?? 20
let segmentPo2 = arguments.count > 1 ? arguments[1] : 20
// Each iteration costs `instructionsPerIteration` instructions and 3 more cycles (XOR, SRLI and
// DIVU count two cycles each in RISC Zero 0.20); the run's own count is reported.
let iterations = UInt32(max(1, ((1 << logCycles) - 64) / (LoopGuest.instructionsPerIteration + 3)))
let guest = LoopGuest(iterations: iterations)
let input = [Array("{}".utf8)]
do {
    let program = try Risc0Program(code: guest.elf, expParam: "{\"segment_limit_po2\":\(segmentPo2)}")
    let environment = try program.environment(for: input)
    let executeStart = BenchmarkProcess.now()
    let session = try program.run(environment)
    let executeSeconds = BenchmarkProcess.now() - executeStart
    let load = BenchmarkProcess.loadAverage()
    let cpuStart = clock()
    let proveStart = BenchmarkProcess.now()
    let receiptBytes = try program.prove(inputs: input, call: .none)
    let proveSeconds = BenchmarkProcess.now() - proveStart
    let proveCPUSeconds = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    let verifyStart = BenchmarkProcess.now()
    _ = try program.verify(receipt: receiptBytes, call: .none)
    let verifySeconds = BenchmarkProcess.now() - verifyStart
    let receipt = try Risc0Receipt(decoding: receiptBytes)
    let peakKiB = BenchmarkProcess.peakMemoryKiB() ?? 0
    let cycles = Double(session.cycles)
    let report: [String: Any] = [
        "bench": "risc0-prove", "loadAverageBefore": load, "loadAverageAfter": BenchmarkProcess.loadAverage(),
        "cores": ProcessInfo.processInfo.activeProcessorCount,
        "cycles": session.cycles, "instructions": session.instructions, "segmentLimitPo2": segmentPo2, "segments": receipt.seals.count,
        "executorCyclesPerSecond": cycles / executeSeconds,
        "proveSeconds": proveSeconds, "proveCPUSeconds": proveCPUSeconds, "cyclesProvenPerSecond": cycles / proveSeconds,
        "verifySeconds": verifySeconds, "receiptBytes": receiptBytes.count, "largestSegmentSealBytes": receipt.seals.map(\.count).max() ?? 0,
        "peakMemoryMiB": peakKiB / 1024,
        "targets": ["cyclesProvenPerSecond": 20000, "verifySeconds": 0.05, "segmentSealBytes": 500_000, "peakMemoryMiB": 8192],
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("risc0 bench failed: \(error)\n".utf8))
    exit(1)
}
