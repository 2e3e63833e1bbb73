import SproutCoreAIR
import SproutCoreField
import SproutCoreFRI
import SproutCoreHash
import SproutCoreSTARK
import SproutPluginKit

/// The RV32IM proof system of one program: its ten tables and the STARK keys.
///
/// A run is proved in segments of at most `2^segmentPo2 − 1` instructions, one STARK proof
/// each (``Risc0SegmentSeal``). Tables, in proof order: CPU (``Risc0CPUAIR``), memory boundary
/// (``Risc0MemoryAIR``), registers (``Risc0RegisterAIR``), output digest, the byte table, the
/// decoder (preprocessed from the image's instruction words), the ecalls (``Risc0EcallAIR``),
/// host-data words (``Risc0HostWordAIR``), SHA-256 compressions (``Risc0ShaAIR``) and their
/// round schedule. Segments chain through the `boundary` bus: each segment's boundary tables
/// send the start and end values of every register and touched cell, and the verifier receives
/// them from its own copy of the machine state (the program's image, zero registers and the
/// entry pc, then each segment's stated end), so a segment proves exactly the step from the
/// previous segment's end. The receipt's image ID is checked against the same program.
///
/// Constrained: all of RV32IM (shift, branch and jump offsets as the decoder accepts them), the
/// HALT ecall with halt type 0 (terminate), SOFTWARE host syscalls (replies are host data, except
/// that SYS_READ must deliver the committed input: requests of at most the buffer plus 3 bytes,
/// short only at the end of the input), and SHA ecalls with word-aligned pointers. Not yet
/// (the prover throws `.unsupported`, "… is not provable yet"): INPUT and BIGINT ecalls, paused
/// halts.
///
/// Soundness: conjectured bits from ``STARKVerifyingKey/conjecturedSecurityBits(logMaxHeight:includingGrinding:)``
/// (FRI with blowup 4, 48 queries, 16 grinding bits, folding arity 16), capped by the algebraic bound
/// `123 − log₂(tallest table · blowup)`, also covering the LogUp challenges.
struct Risc0ProofSystem: Sendable {
    /// ``SproutCoreSTARK/STARKConfig/standard`` but FRI folds 16 evaluations per round
    /// (`logFoldingArity` 4) and stops at 2⁸ coefficients sent in the clear: a query on a
    /// 2²⁰-row segment opens 3 Merkle paths instead of 12, which makes seals smaller and faster
    /// to verify at the same conjectured security (the arity's 119-bit cap on the folding
    /// challenges is above the algebraic bound). Of arities 2, 8 and 16, 16 gave the smallest
    /// seals (docs/risc0-proof.md). One round needs 2¹² rows; every segment has the 2¹⁶-row
    /// byte table.
    static let config = STARKConfig(fri: FRIConfig(logBlowup: 2, numberOfQueries: 48, proofOfWorkBits: 16, logFinalPolynomialLength: 8, logFoldingArity: 4))

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
        let airs: [any AIR] = [
            Risc0CPUAIR(), Risc0MemoryAIR(), Risc0RegisterAIR(), Risc0OutputAIR(), Risc0ByteTableAIR(),
            Risc0DecoderAIR(words: decoderWords), Risc0EcallAIR(), Risc0HostWordAIR(), Risc0ShaAIR(), Risc0ShaRoundAIR(),
        ]
        do { key = try STARKProvingKey(airs: airs, config: Self.config) } catch { throw EngineError(.internal, "risc0 proof system: \(error)") }
    }

    /// A segment's public values: the CPU's `[start word, exit code, end word, halts]`, the
    /// output digest bytes and `halts`, the ecall table's starting input offset and the input's
    /// length (where a short SYS_READ must end).
    func publicValues(startW: UInt32, endW: UInt32, halts: Bool, exitCode: UInt8, outputDigest: [UInt8], inputStart: UInt32, inputLength: Int) -> [[BabyBear]] {
        let h = BabyBear(halts ? 1 : 0)
        return [
            [BabyBear(startW), BabyBear(UInt32(exitCode)), BabyBear(endW), h], [], [], outputDigest.map { BabyBear(UInt32($0)) } + [h], [], [],
            [BabyBear(inputStart), BabyBear(UInt32(inputLength))], [], [], [],
        ]
    }

    /// The verifier's side of a segment: it receives `(i, input[i])` for every byte the segment
    /// reads, and the start and end `(kind, address, bytes, phase)` of every register and cell.
    static func publicLookups(input: ArraySlice<UInt8>, startRegisters: [UInt32], finalRegisters: [UInt32], cells: [Risc0Trace.Cell]) -> [STARKPublicLookup] {
        func tuple(_ kind: UInt32, _ address: UInt32, _ value: UInt32, _ phase: UInt32) -> [BabyBear] {
            [BabyBear(kind), BabyBear(address)] + (0..<4).map { BabyBear((value >> (8 * UInt32($0))) & 0xff) } + [BabyBear(phase)]
        }
        var boundary: [[BabyBear]] = []
        boundary.reserveCapacity(64 + 2 * cells.count)
        for r in 0..<32 {
            boundary.append(tuple(1, UInt32(r), startRegisters[r], 0))
            boundary.append(tuple(1, UInt32(r), finalRegisters[r], 1))
        }
        for cell in cells {
            boundary.append(tuple(0, cell.address, cell.initial, 0))
            boundary.append(tuple(0, cell.address, cell.final, 1))
        }
        return [
            STARKPublicLookup(bus: Risc0Bus.input, tuples: input.indices.map { [BabyBear(UInt32($0)), BabyBear(UInt32(input[$0]))] }, isSend: false),
            STARKPublicLookup(bus: Risc0Bus.boundary, tuples: boundary, isSend: false),
        ]
    }

    /// Conjectured security bits of a proof whose tallest table has `2^logMaxHeight` rows.
    func securityBits(logMaxHeight: Int) -> Int { key.verifyingKey.conjecturedSecurityBits(logMaxHeight: logMaxHeight) }

    /// Records the run from the entry (with the executor's host syscall `replies` and `input`,
    /// exactly the stdin bytes the run reads) in segments of at most `2^segmentPo2 − 1` instructions and proves each one as
    /// soon as it is recorded (one segment's trace in memory at a time). Returns the last
    /// segment's trace (its `input` is the prefix the guest read), the seals and the total
    /// instruction count. Throws `.unsupported` for anything outside the constrained subset,
    /// `.cancelled` when `isCancelled` turns true.
    func prove(
        input: [UInt8], replies: [Risc0Executor.SyscallReply], segmentPo2: Int = Risc0TraceRecorder.logMaxRows, isCancelled: () -> Bool,
        options: STARKProverOptions = .init(), tamper: ((inout Risc0Trace) -> Void)? = nil
    ) throws(EngineError) -> (trace: Risc0Trace, seals: [Risc0SegmentSeal], instructions: Int) {
        precondition(segmentPo2 >= 1 && segmentPo2 <= Risc0TraceRecorder.logMaxRows)
        let recorder = Risc0TraceRecorder(imageWords: imageWords, decoderWords: decoderWords, replies: replies, entryWord: entryWord)
        var seals: [Risc0SegmentSeal] = []
        var instructions = 0
        while true {
            var trace = try recorder.recordSegment(maxInstructions: (1 << segmentPo2) - 1, isCancelled: isCancelled)
            guard trace.inputEnd <= input.count else { throw EngineError(.internal, "the trace read more input than the executor had") }
            trace.input = Array(input.prefix(Int(trace.inputEnd)))
            tamper?(&trace)
            if isCancelled() { throw EngineError(.cancelled, "the call was cancelled by the host") }
            instructions += trace.instructions
            let traces = [trace.cpu, trace.memory, trace.registers, trace.output, trace.bytes, trace.decoder, trace.ecall, trace.hostWords, trace.sha, trace.shaRounds]
            let publicValues = publicValues(startW: trace.startW, endW: trace.endW, halts: trace.halts, exitCode: trace.exitCode, outputDigest: trace.outputDigest, inputStart: trace.inputStart, inputLength: input.count)
            let lookups = Self.publicLookups(input: trace.input[Int(trace.inputStart)...], startRegisters: trace.startRegisters, finalRegisters: trace.finalRegisters, cells: trace.cells)
            do {
                let proof = try STARKProver.prove(key: key, traces: traces, publicValues: publicValues, publicLookups: lookups, options: options)
                seals.append(Risc0SegmentSeal(trace: trace, proof: proof.encoded()))
            } catch {
                throw EngineError(.internal, "the prover refused the trace of segment \(seals.count): \(error)")
            }
            if trace.halts {
                guard tamper != nil || trace.input.count == input.count else { throw EngineError(.internal, "the run read \(trace.input.count) input bytes, not the \(input.count) given") }
                return (trace, seals, instructions)
            }
        }
    }

    /// Verifies the segment seals of one run, in order, for `exitCode`, `outputDigest` and the
    /// consumed `input`: segment 0 starts at the entry with zero registers and the image, each
    /// next one where the previous one ended, only the last one halts, and together they read
    /// exactly `input`. Returns the decoded proofs.
    func verify(seals: [Risc0SegmentSeal], exitCode: UInt8, outputDigest: [UInt8], input: [UInt8]) throws(EngineError) -> [STARKProof] {
        guard !seals.isEmpty else { throw EngineError(.verificationFailed, "the receipt has no segments") }
        var memory = imageWords
        var registers = [UInt32](repeating: 0, count: 32)
        var w = entryWord
        var inputOffset = 0
        var proofs: [STARKProof] = []
        for (index, seal) in seals.enumerated() {
            let last = index == seals.count - 1
            let what = "segment \(index) of \(seals.count)"
            guard seal.finalRegisters.count == 32, Int(seal.inputEnd) >= inputOffset, Int(seal.inputEnd) <= input.count else {
                throw EngineError(.verificationFailed, "\(what): input offset \(seal.inputEnd) outside \(inputOffset)…\(input.count)")
            }
            guard !last || Int(seal.inputEnd) == input.count else {
                throw EngineError(.verificationFailed, "the segments read \(seal.inputEnd) input bytes, the receipt carries \(input.count)")
            }
            var cells: [Risc0Trace.Cell] = []
            cells.reserveCapacity(seal.cells.count)
            for cell in seal.cells {
                let initial = memory[cell.address] ?? 0
                guard cell.final != initial else { throw EngineError(.verificationFailed, "\(what): cell 0x\(String(cell.address, radix: 16)) is marked written with its own value") }
                cells.append(Risc0Trace.Cell(address: cell.address, initial: initial, final: cell.final ?? initial))
            }
            let proof: STARKProof
            do { proof = try STARKProof(decoding: seal.proof) } catch { throw EngineError(.verificationFailed, "\(what): seal: \(error)") }
            let publicValues = publicValues(
                startW: w, endW: seal.endW, halts: last, exitCode: last ? exitCode : 0,
                outputDigest: last ? outputDigest : [UInt8](repeating: 0, count: 32), inputStart: UInt32(inputOffset), inputLength: input.count)
            let lookups = Self.publicLookups(input: input[inputOffset..<Int(seal.inputEnd)], startRegisters: registers, finalRegisters: seal.finalRegisters, cells: cells)
            do {
                try STARKVerifier.verify(key: key.verifyingKey, proof: proof, publicValues: publicValues, publicLookups: lookups)
            } catch {
                throw EngineError(.verificationFailed, "\(what): seal: \(error)")
            }
            for cell in cells { memory[cell.address] = cell.final }
            registers = seal.finalRegisters
            w = seal.endW
            inputOffset = Int(seal.inputEnd)
            proofs.append(proof)
        }
        return proofs
    }

    /// RISC Zero's `Output` digest for a journal without assumptions.
    static func outputDigest(journal: [UInt8]) -> [UInt8] {
        Risc0Digest.taggedStruct("risc0.Output", digests: [SHA256.hash(journal), [UInt8](repeating: 0, count: 32)], words: [])
    }
}
