import SproutPluginKit
import Synchronization

/// A risc0 program, loaded and checked once: the memory image, its image ID, the options.
///
/// `code` is a raw RV32IM ELF, or sprout's `methods.rs` text with codeExpParam naming the
/// ELF and image-ID constants; in the latter case the image ID computed from the ELF must
/// equal the shipped one.
public final class Risc0Program: EngineProgram {
    public let image: Risc0MemoryImage
    /// The image ID as 32 digest bytes (the program identity a receipt binds).
    public let identity: [UInt8]
    /// The Merkle root of the initial memory image (risc0-guest-abi.md §13).
    public let merkleRoot: [UInt8]
    public let options: Risc0ProgramOptions
    private let host: PluginHost
    /// The proof system, built on first use of prove or verify.
    let proofSystemCache = Mutex<Risc0ProofSystem?>(nil)

    public var imageIDWords: [UInt32] { Risc0Digest.words(identity) }

    public init(code: [UInt8], expParam: String, host: PluginHost = .detached) throws(Risc0LoadError) {
        let options = try Risc0ProgramOptions(expParam: expParam)
        let elfBytes: [UInt8]
        var shipped: [UInt32]?
        let magic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46]
        if code.starts(with: magic) || (code.count < 4 && magic.starts(with: code)) {
            elfBytes = code  // Risc0Elf reports a truncated or malformed ELF
        } else if String(validating: code, as: UTF8.self) == nil {
            throw Risc0LoadError.notELF
        } else {
            guard let elfName = options.elfConstant, let idName = options.imageIDConstant else {
                throw Risc0LoadError.expParam(
                    "need exp_param: the code is not an ELF, so it must be a methods.rs with codeExpParam naming its constants, e.g. {\"image_id\":\"RANGE_ID\",\"elf\":\"RANGE_ELF\"}")
            }
            elfBytes = try MethodsSource.elf(in: code, named: elfName)
            shipped = try MethodsSource.imageID(in: code, named: idName)
        }
        let elf = try Risc0Elf(bytes: elfBytes)
        image = Risc0MemoryImage(elf: elf)
        merkleRoot = image.merkleRoot()
        identity = Risc0Digest.taggedStruct("risc0.SystemState", digests: [merkleRoot], words: [image.entry])
        if let shipped, shipped != Risc0Digest.words(identity) {
            throw Risc0LoadError.imageIDMismatch(computed: Risc0Digest.words(identity), shipped: shipped)
        }
        self.options = options
        self.host = host
    }

    /// The host environment for a task's message data.
    public func environment(for inputs: [[UInt8]], randomness: Risc0HostEnvironment.Randomness = .system) throws(Risc0InputError) -> Risc0HostEnvironment {
        Risc0HostEnvironment(
            stdin: try Risc0Input.stdin(for: inputs), environment: options.environment, arguments: options.arguments,
            randomness: randomness, cycleLimit: options.cycleLimit)
    }

    /// Runs the guest to HALT (any exit code) or throws the trap that stopped it.
    public func run(_ environment: Risc0HostEnvironment, isCancelled: () -> Bool = { false }) throws(Risc0Trap) -> Risc0Session {
        try Risc0Executor(image: image, host: environment).run(isCancelled: isCancelled)
    }

    /// Runs a task to a zero exit code (the shared first step of execute and prove).
    func runTask(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> Risc0Session {
        guard !inputs.isEmpty else { throw EngineError(.invalidInput, "need datas: a risc0 task carries at least one message") }
        try call.checkCancelled()
        let environment: Risc0HostEnvironment
        do {
            environment = try self.environment(for: inputs)
        } catch {
            throw EngineError(.invalidInput, error.description)
        }
        call.progress("execute", 0)
        let session: Risc0Session
        do {
            session = try run(environment, isCancelled: { call.isCancelled })
        } catch {
            switch error.kind {
            case .cancelled: throw EngineError(.cancelled, error.description)
            case .cycleLimit: throw EngineError(.resourceLimit, error.description)
            case .hostFailure: throw EngineError(.internal, error.description)
            default:
                throw EngineError(.executionFailed, error.description)
            }
        }
        call.progress("execute", 1)
        for line in session.logs { host.log(.info, "guest: \(line)") }
        guard session.exit.code == 0 else {
            let stderr = String(decoding: session.stderr.suffix(2000), as: UTF8.self)
            throw EngineError(
                .executionFailed,
                "the guest halted with exit code \(session.exit.code) at pc 0x\(String(session.haltPC, radix: 16)), cycle \(session.cycles)"
                    + (stderr.isEmpty ? "" : "; stderr: \(stderr)"))
        }
        return session
    }

    /// Executes a task without a proof; returns ``Risc0ExecutionResult`` JSON.
    public func execute(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        let session = try runTask(inputs: inputs, call: call)
        return Risc0ExecutionResult(program: self, session: session, receiptType: Risc0ExecutionResult.receiptType(of: inputs[0])).json(merkleRoot: merkleRoot)
    }
}
