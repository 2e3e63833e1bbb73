import Foundation
@testable import SproutRisc0Engine
import Testing

/// Executor throughput, only with SPROUT_BENCH=1. Prints one JSON object.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1", "set SPROUT_BENCH=1 to run benchmarks"))
struct ExecutorBenchmark {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func executorCyclesPerSecond() throws {
        let project = try SproutFixtures.project10000()
        var program: Risc0Program!
        let loadSeconds = try Self.seconds { program = try Risc0Program(code: project.code, expParam: project.expParam) }
        let environment = try program.environment(for: [RangeGuestTests.data("14")], randomness: .seeded(1))
        _ = try program.run(environment)  // warm up
        var runs = 0
        var cycles: UInt64 = 0
        var instructions: UInt64 = 0
        let rangeSeconds = try Self.seconds {
            while runs < 200 {
                let session = try program.run(environment)
                cycles += session.cycles
                instructions += session.instructions
                runs += 1
            }
        }
        // A long-running loop (ALU, loads/stores, branches, mul/div) for the steady-state rate.
        let loop = RV.li(RV.s1, 0x10_0000) + RV.li(RV.a1, 0) + RV.li(RV.a2, 12345) + [
            RV.addi(RV.a1, RV.a1, 1), RV.xor(RV.a3, RV.a1, RV.a2), RV.sw(RV.a3, 0, RV.s1), RV.lw(RV.a4, 0, RV.s1),
            RV.mul(RV.a5, RV.a4, RV.a2), RV.srli(RV.a5, RV.a5, 3), RV.divu(RV.a6, RV.a5, RV.a2), RV.sb(RV.a6, 5, RV.s1),
            RV.lbu(RV.a7, 5, RV.s1), RV.add(RV.a2, RV.a2, RV.a7), RV.andi(RV.t1, RV.a1, 0x7ff), RV.bne(RV.t1, RV.zero, -44),
            RV.jal(RV.zero, -48),
        ]
        let limit: UInt64 = 1 << 27
        var loopSession: Risc0Trap?
        let loopSeconds = Self.seconds { loopSession = try? trapOf(loop, host: Risc0HostEnvironment(cycleLimit: limit)) }
        #expect(loopSession?.kind == .cycleLimit(limit))
        let report: [String: Any] = [
            "benchmark": "risc0-executor",
            "machine": "\(ProcessInfo.processInfo.activeProcessorCount)-core \(Self.arch)",
            "project10000": [
                "programLoadAndImageIdSeconds": loadSeconds,
                "runs": runs, "cyclesPerRun": Int(cycles) / runs, "instructionsPerRun": Int(instructions) / runs,
                "secondsPerRun": rangeSeconds / Double(runs),
                "cyclesPerSecond": Double(cycles) / rangeSeconds,
            ],
            "steadyLoop": ["cycles": Int(limit), "seconds": loopSeconds, "cyclesPerSecond": Double(limit) / loopSeconds],
        ]
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    static var arch: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }
}
