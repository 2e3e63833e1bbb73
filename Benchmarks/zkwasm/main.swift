import Foundation
import SproutBenchSupport
import SproutPluginKit
import SproutZkWasmEngine
import WAT

// Not a test: `make bench-zkwasm` (or `swift run -c release SproutZkWasmBench [log2 instructions]
// [codeExpParam JSON]`, defaults 20 and "") runs ``BenchmarkProgram`` for about 2^n wasm
// instructions and prints one JSON object: interpreter instructions/s without and with the
// trace, proven instructions/s on all cores (wall and CPU time), peak memory (VmHWM), receipt
// size, verify time, the load average, and the targets beside them. One configuration
// per process, since peak memory is per process.

let arguments = Array(CommandLine.arguments.dropFirst())
let logInstructions = arguments.first.flatMap { Int($0) } ?? 20
let expParam = arguments.count > 1 ? arguments[1] : ""
do {
    let limits = try ZkWasmLimits(expParam: expParam)
    let program = try ZkWasmProgram(wasm: try wat2wasm(BenchmarkProgram.wat), limits: limits)
    // Instructions per iteration from two short runs, so the size follows the program as compiled.
    func instructions(_ iterations: UInt64) throws -> UInt64 {
        var recorder = WasmNoTrace()
        return try program.run(ZkWasmInputs(privateInputs: [iterations]), recorder: &recorder).instructions
    }
    let perIteration = try instructions(2) - instructions(1)
    let iterations = max(1, ((1 << UInt64(logInstructions)) - (try instructions(1) - perIteration)) / perIteration)
    let inputs = ZkWasmInputs(privateInputs: [iterations])

    var recorder = WasmNoTrace()
    let untracedStart = BenchmarkProcess.now()
    let run = try program.run(inputs, recorder: &recorder)
    let untracedSeconds = BenchmarkProcess.now() - untracedStart
    guard run.outputs == [BenchmarkProgram.expectedOutput(iterations: iterations)] else {
        throw EngineErrorMessage("the benchmark program computed \(run.outputs), not the expected hash")
    }
    let tracedStart = BenchmarkProcess.now()
    _ = try program.trace(inputs)
    let tracedSeconds = BenchmarkProcess.now() - tracedStart

    let message = [Array("{\"private_input\":[\(iterations)],\"public_input\":[]}".utf8)]
    let load = BenchmarkProcess.loadAverage()
    let cpuStart = clock()
    let proveStart = BenchmarkProcess.now()
    let receiptBytes = try program.prove(inputs: message, call: .none)
    let proveSeconds = BenchmarkProcess.now() - proveStart
    let proveCPUSeconds = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    let verifyStart = BenchmarkProcess.now()
    _ = try program.verify(receipt: receiptBytes, call: .none)
    let verifySeconds = BenchmarkProcess.now() - verifyStart
    let count = Double(run.instructions)
    let report: [String: Any] = [
        "bench": "zkwasm-prove", "loadAverageBefore": load, "loadAverageAfter": BenchmarkProcess.loadAverage(),
        "cores": ProcessInfo.processInfo.activeProcessorCount, "codeExpParam": expParam,
        "instructions": run.instructions, "interpreterInstructionsPerSecond": count / untracedSeconds,
        "tracedInterpreterInstructionsPerSecond": count / tracedSeconds,
        "proveSeconds": proveSeconds, "proveCPUSeconds": proveCPUSeconds, "instructionsProvenPerSecond": count / proveSeconds,
        "verifySeconds": verifySeconds, "receiptBytes": receiptBytes.count, "peakMemoryMiB": (BenchmarkProcess.peakMemoryKiB() ?? 0) / 1024,
        "targets": ["instructionsProvenPerSecond": 10000, "verifySeconds": 0.05],
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("zkwasm bench failed: \(error)\n".utf8))
    exit(1)
}
