/// What the host gives one guest run: stdin, environment, arguments, randomness, limits.
/// Everything nondeterministic a run consumes is either here or recorded in its
/// ``Risc0ExecutionRecord``, so that a run can be repeated exactly (for a prover).
public struct Risc0HostEnvironment: Sendable {
    /// Where SYS_RANDOM's words come from.
    public enum Randomness: Sendable, Equatable {
        /// The system's cryptographic generator (what RISC Zero's host does).
        case system
        /// A deterministic stream (SplitMix64) for reproducible tests.
        case seeded(UInt64)
        /// Exactly these words, in order, as recorded by an earlier run; running out is an error.
        case recorded([UInt32])
    }

    /// The bytes fd 0 yields (what `ExecutorEnvBuilder::write` appended).
    public var stdin: [UInt8]
    public var environment: [String: String]
    public var arguments: [String]
    public var randomness: Randomness
    /// Most user cycles (risc0-guest-abi.md §14) the run may take.
    public var cycleLimit: UInt64
    /// Most bytes of stdout and of stderr kept (the rest is counted and dropped).
    public var outputCapture: Int

    public static let defaultCycleLimit: UInt64 = 1 << 27

    public init(
        stdin: [UInt8] = [], environment: [String: String] = [:], arguments: [String] = [],
        randomness: Randomness = .system, cycleLimit: UInt64 = defaultCycleLimit, outputCapture: Int = 1 << 20
    ) {
        self.stdin = stdin
        self.environment = environment
        self.arguments = arguments
        self.randomness = randomness
        self.cycleLimit = cycleLimit
        self.outputCapture = outputCapture
    }
}

/// How a run ended without a trap.
public enum Risc0Exit: Sendable, Equatable {
    /// HALT TERMINATE with the user exit code.
    case halted(UInt8)
    /// HALT PAUSE with the user exit code (the session could be resumed at `haltPC + 4`).
    case paused(UInt8)

    public var code: UInt8 {
        switch self {
        case .halted(let code), .paused(let code): code
        }
    }
}

/// The inputs a run consumed, so that it can be re-executed deterministically: the same
/// image, stdin, environment and arguments plus the random words it was given. A prover
/// replays with ``Risc0HostEnvironment/Randomness/recorded(_:)``.
public struct Risc0ExecutionRecord: Sendable, Equatable {
    public var stdin: [UInt8]
    public var environment: [String: String]
    public var arguments: [String]
    public var randomWords: [UInt32]
    public var cycleLimit: UInt64

    /// The environment that repeats this run exactly.
    public var replayEnvironment: Risc0HostEnvironment {
        Risc0HostEnvironment(stdin: stdin, environment: environment, arguments: arguments, randomness: .recorded(randomWords), cycleLimit: cycleLimit)
    }
}

/// The outcome of a run that reached HALT.
public struct Risc0Session: Sendable {
    public var exit: Risc0Exit
    /// Bytes written to fd 3; empty when the guest's output digest is zero (risc0 keeps no journal then).
    public var journal: [UInt8]
    /// The 32 bytes the guest handed to HALT (digest of its `Output`).
    public var outputDigest: [UInt8]
    public var haltPC: UInt32
    public var instructions: UInt64
    /// User cycles (risc0-guest-abi.md §14: instructions, 2 for some ALU ops, ecall extras).
    public var cycles: UInt64
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var logs: [String]
    public var ecalls: EcallCounts
    public var registers: [UInt32]
    public var record: Risc0ExecutionRecord

    public struct EcallCounts: Sendable, Equatable {
        public var halt = 0, input = 0, software = 0, sha = 0, bigint = 0
        /// SOFTWARE ecalls by syscall name suffix (e.g. "SYS_READ").
        public var syscalls: [String: Int] = [:]
    }
    /// Every SOFTWARE ecall's reply in order: the words written to the guest (none without a
    /// buffer) and (a0, a1); the prover's witness of host data.
    var syscallReplies: [Risc0Executor.SyscallReply] = []
    /// How many stdin bytes the run read (the prover's input).
    var stdinRead = 0
}
