import SproutCoreField

/// The traces of one proved run: every table's main trace and the public values.
struct Risc0Trace: Sendable {
    var cpu: RowMajorMatrix<BabyBear>
    var memory: RowMajorMatrix<BabyBear>
    var registers: RowMajorMatrix<BabyBear>
    var output: RowMajorMatrix<BabyBear>
    var bytes: RowMajorMatrix<BabyBear>
    var image: RowMajorMatrix<BabyBear>
    var decoder: RowMajorMatrix<BabyBear>
    var ecall: RowMajorMatrix<BabyBear>
    var hostWords: RowMajorMatrix<BabyBear>
    var sha: RowMajorMatrix<BabyBear>
    var shaRounds: RowMajorMatrix<BabyBear>
    /// The input bytes SYS_READ consumed (a prefix of stdin), received by the verifier.
    var input: [UInt8] = []
    var exitCode: UInt8
    var outputDigest: [UInt8]
    /// Executed instructions (real CPU rows).
    var instructions: Int
    /// The registers at HALT (cross-checked against ``Risc0Executor``).
    var finalRegisters: [UInt32]
}

extension Risc0Trace {
    /// Adds 1 to one CPU cell (for tests that check a wrong trace is refused or rejected).
    mutating func perturbCPU(row: Int, column: Int) {
        cpu.values[row * cpu.width + column] = cpu.values[row * cpu.width + column] + .one
    }
}
