import SproutCoreField

/// The traces of one segment of a run: every table's main trace, the public values and the
/// segment's boundary (where it starts and ends, the cells it touched).
struct Risc0Trace: Sendable {
    /// A word cell the segment touched: its value when first touched and at the segment's end.
    struct Cell: Sendable, Equatable {
        var address: UInt32
        var initial: UInt32
        var final: UInt32
    }


    var cpu: RowMajorMatrix<BabyBear>
    var memory: RowMajorMatrix<BabyBear>
    var registers: RowMajorMatrix<BabyBear>
    var output: RowMajorMatrix<BabyBear>
    var bytes: RowMajorMatrix<BabyBear>
    var decoder: RowMajorMatrix<BabyBear>
    var ecall: RowMajorMatrix<BabyBear>
    var hostWords: RowMajorMatrix<BabyBear>
    var sha: RowMajorMatrix<BabyBear>
    var shaRounds: RowMajorMatrix<BabyBear>
    /// The segment's first word address and the next one (its HALT's own when it halts).
    var startW: UInt32
    var endW: UInt32
    var halts: Bool
    /// The input offsets at the segment's start and end.
    var inputStart: UInt32
    var inputEnd: UInt32
    /// The input bytes SYS_READ consumed up to the segment's end (a prefix of stdin).
    var input: [UInt8] = []
    /// The exit code and output digest at HALT (0 and 32 zero bytes for a split segment).
    var exitCode: UInt8
    var outputDigest: [UInt8]
    /// Executed instructions (real CPU rows).
    var instructions: Int
    var startRegisters: [UInt32]
    /// The registers at the segment's end (at HALT: cross-checked against ``Risc0Executor``).
    var finalRegisters: [UInt32]
    /// The touched cells, by increasing address.
    var cells: [Cell]
}

extension Risc0Trace {
    /// Adds 1 to one CPU cell (for tests that check a wrong trace is refused or rejected).
    mutating func perturbCPU(row: Int, column: Int) {
        cpu.values[row * cpu.width + column] = cpu.values[row * cpu.width + column] + .one
    }
}
