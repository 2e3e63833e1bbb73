import SproutCoreAIR
import SproutCoreField
import SproutCoreHash
import SproutCoreSTARK
import SproutPluginKit

/// The RV32IM proof system of one program: its eleven tables and the STARK keys.
///
/// Tables, in proof order: CPU (``Risc0CPUAIR``), memory boundary (``Risc0MemoryAIR``),
/// registers, output digest, the byte table, the initial image, the decoder, the ecalls
/// (``Risc0EcallAIR``), host-data words (``Risc0HostWordAIR``), SHA-256 compressions
/// (``Risc0ShaAIR``) and their round schedule. The image and decoder tables are preprocessed
/// from the program's memory image, so the verifying key (and with it every proof) is bound to
/// the image; the receipt's image ID is checked against the same program.
///
/// Constrained: all of RV32IM (shift, branch and jump offsets as the decoder accepts them), the
/// HALT ecall with halt type 0 (terminate), SOFTWARE host syscalls (replies are host data, except
/// that SYS_READ must deliver the committed input: whole requests of at most the buffer plus 3
/// bytes, no short reads at end of input), and SHA ecalls with word-aligned pointers. Not yet
/// (the prover throws `.unsupported`, "… is not provable yet"): INPUT and BIGINT ecalls, paused
/// halts, runs over 2²¹ instructions (no continuations).
///
/// Soundness: conjectured bits from ``STARKVerifyingKey/conjecturedSecurityBits(logMaxHeight:includingGrinding:)``
/// (FRI with blowup 4, 48 queries, 16 grinding bits), capped by the algebraic bound
/// `123 − log₂(tallest table · blowup)`, also covering the LogUp challenges.
struct Risc0ProofSystem: Sendable {
    let key: STARKProvingKey
    let imageWords: [UInt32: UInt32]
    let decoderWords: [UInt32]
    let entryWord: UInt32

    /// Builds the tables and commits the preprocessed traces (≈ one 2¹⁶-row commitment).
    /// Throws `.unsupported` for an image outside the provable address range.
    init(image: Risc0MemoryImage) throws(EngineError) {
        var words: [UInt32: UInt32] = [:]
        for (index, page) in image.pages {
            for k in 0..<(Risc0Layout.pageSize / 4) {
                let value = page[4 * k..<(4 * k + 4)].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                if value != 0 { words[index * 256 + UInt32(k)] = value }
            }
        }
        guard words.keys.allSatisfy({ $0 >= Risc0MemoryAIR.minWord && $0 <= Risc0MemoryAIR.maxWord }) else {
            throw EngineError(.unsupported, "memory images with data below 0x400 are not provable yet")
        }
        guard image.entry & 3 == 0 else { throw EngineError(.unsupported, "a misaligned entry point is not provable yet") }
        imageWords = words
        decoderWords = Set(words.values).filter { Risc0DecodedInstruction(word: $0) != nil }.sorted()
        entryWord = image.entry >> 2
        let rows = words.sorted { $0.key < $1.key }.map { (address: $0.key, value: $0.value) }
        let airs: [any AIR] = [
            Risc0CPUAIR(), Risc0MemoryAIR(), Risc0RegisterAIR(), Risc0OutputAIR(), Risc0ByteTableAIR(),
            Risc0ImageAIR(rows: rows), Risc0DecoderAIR(words: decoderWords), Risc0EcallAIR(), Risc0HostWordAIR(), Risc0ShaAIR(), Risc0ShaRoundAIR(),
        ]
        do { key = try STARKProvingKey(airs: airs, config: .standard) } catch { throw EngineError(.internal, "risc0 proof system: \(error)") }
    }

    /// The public values of a run: `[entry word, exit code]` for the CPU, the 32 digest bytes.
    func publicValues(exitCode: UInt8, outputDigest: [UInt8]) -> [[BabyBear]] {
        [[BabyBear(entryWord), BabyBear(UInt32(exitCode))], [], [], outputDigest.map { BabyBear(UInt32($0)) }, [], [], [], [], [], [], []]
    }

    /// The verifier's side of the input stream: it receives `(i, input[i])` for every byte.
    static func inputLookups(_ input: [UInt8]) -> [STARKPublicLookup] {
        [STARKPublicLookup(bus: Risc0Bus.input, tuples: input.enumerated().map { [BabyBear(UInt32($0.offset)), BabyBear(UInt32($0.element))] }, isSend: false)]
    }

    /// Conjectured security bits of a proof whose tallest table has `2^logMaxHeight` rows.
    func securityBits(logMaxHeight: Int) -> Int { key.verifyingKey.conjecturedSecurityBits(logMaxHeight: logMaxHeight) }

    /// Records the run from the entry (with the executor's host syscall `replies` and stdin
    /// `input`) and proves it; the trace's `input` is the prefix the guest read. Throws `.unsupported` for anything outside
    /// the constrained subset, `.cancelled` when `isCancelled` turns true.
    func prove(input: [UInt8], replies: [Risc0Executor.SyscallReply], isCancelled: () -> Bool, options: STARKProverOptions = .init(), tamper: ((inout Risc0Trace) -> Void)? = nil) throws(EngineError) -> (trace: Risc0Trace, proof: STARKProof) {
        let recorder = Risc0TraceRecorder(imageWords: imageWords, decoderWords: decoderWords, replies: replies)
        var trace = try recorder.record(entry: entryWord << 2, isCancelled: isCancelled)
        trace.input = Array(input.prefix(Int(recorder.inputOffset)))
        tamper?(&trace)
        if isCancelled() { throw EngineError(.cancelled, "the call was cancelled by the host") }
        let traces = [trace.cpu, trace.memory, trace.registers, trace.output, trace.bytes, trace.image, trace.decoder, trace.ecall, trace.hostWords, trace.sha, trace.shaRounds]
        do {
            let proof = try STARKProver.prove(key: key, traces: traces, publicValues: publicValues(exitCode: trace.exitCode, outputDigest: trace.outputDigest), publicLookups: Self.inputLookups(trace.input), options: options)
            return (trace, proof)
        } catch {
            throw EngineError(.internal, "the prover refused the trace: \(error)")
        }
    }

    /// Verifies a seal for `exitCode`, `outputDigest` and the consumed `input`.
    func verify(seal: [UInt8], exitCode: UInt8, outputDigest: [UInt8], input: [UInt8]) throws(EngineError) -> STARKProof {
        let proof: STARKProof
        do { proof = try STARKProof(decoding: seal) } catch { throw EngineError(.verificationFailed, "seal: \(error)") }
        do {
            try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: publicValues(exitCode: exitCode, outputDigest: outputDigest), publicLookups: Self.inputLookups(input))
        } catch {
            throw EngineError(.verificationFailed, "seal: \(error)")
        }
        return proof
    }

    /// RISC Zero's `Output` digest for a journal without assumptions.
    static func outputDigest(journal: [UInt8]) -> [UInt8] {
        Risc0Digest.taggedStruct("risc0.Output", digests: [SHA256.hash(journal), [UInt8](repeating: 0, count: 32)], words: [])
    }
}
