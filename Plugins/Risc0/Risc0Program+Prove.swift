import SproutCoreSTARK
import SproutPluginKit
import Synchronization

/// Proving and verifying (receipts: ``Risc0Receipt``; tables: ``Risc0ProofSystem``).
extension Risc0Program {
    /// The program's proof system, built once (≈ one 2¹⁶-row commitment) and shared.
    func proofSystem() throws(EngineError) -> Risc0ProofSystem {
        if let cached = proofSystemCache.withLock({ $0 }) { return cached }
        let system = try Risc0ProofSystem(image: image)
        proofSystemCache.withLock { $0 = system }
        return system
    }

    /// Runs the task, records its trace and proves it; returns ``Risc0Receipt`` bytes.
    ///
    /// Throws `.unsupported` ("… is not provable yet") for instructions, ecalls or run lengths
    /// outside the constrained subset; never returns a receipt for an unconstrained step.
    /// Polls cancellation between phases and every 2¹⁶ recorded instructions.
    public func prove(inputs: [[UInt8]], call: CallContext) throws(EngineError) -> [UInt8] {
        let session = try runTask(inputs: inputs, call: call)
        return try proveReceipt(session: session, journal: session.journal, call: call).encoded()
    }

    /// Proves a run whose journal is `journal` (the guest's committed bytes; they must match the
    /// output digest the guest handed to HALT).
    func proveReceipt(session: Risc0Session, journal: [UInt8], call: CallContext, tamper: ((inout Risc0Trace) -> Void)? = nil) throws(EngineError) -> Risc0Receipt {
        guard Self.journalMatches(journal, digest: session.outputDigest) else {
            throw EngineError(.unsupported, "journals the guest did not commit through the output digest are not provable yet (the digest at HALT does not match)")
        }
        call.progress("trace", 0)
        let system = try proofSystem()
        try call.checkCancelled()
        call.progress("prove", 0.1)
        let (trace, seals, instructions) = try system.prove(
            input: Array(session.record.stdin.prefix(session.stdinRead)), replies: session.syscallReplies, segmentPo2: options.segmentPo2, isCancelled: { call.isCancelled }, tamper: tamper)
        guard tamper != nil || (trace.exitCode == session.exit.code && trace.outputDigest == session.outputDigest && UInt64(instructions) == session.instructions && trace.finalRegisters == session.registers) else {
            throw EngineError(.internal, "the traced run disagrees with the executor (exit, output digest, instruction count or registers)")
        }
        call.progress("prove", 1)
        return Risc0Receipt(
            engineName: Risc0Engine.descriptor.name, engineVersion: Risc0Engine.descriptor.version, imageID: identity,
            exitCode: trace.exitCode, outputDigest: trace.outputDigest, journal: journal, input: trace.input, seals: seals.map { $0.encoded() })
    }

    /// Checks a receipt against this program: engine, image ID, journal ↔ output digest, and
    /// the seal for the exit code and digest. Returns the journal. Never traps on hostile bytes.
    public func verify(receipt bytes: [UInt8], call: CallContext) throws(EngineError) -> [UInt8] {
        try verifyReceipt(bytes, call: call).receipt.journal
    }

    /// ``verify(receipt:call:)`` returning the decoded receipt and the seal's conjectured security bits.
    func verifyReceipt(_ bytes: [UInt8], call: CallContext) throws(EngineError) -> (receipt: Risc0Receipt, securityBits: Int) {
        let receipt: Risc0Receipt
        do { receipt = try Risc0Receipt(decoding: bytes) } catch { throw EngineError(.verificationFailed, error.description) }
        let descriptor = Risc0Engine.descriptor
        guard receipt.engineName == descriptor.name, receipt.engineVersion == descriptor.version else {
            throw EngineError(.verificationFailed, "receipt from \(receipt.engineName) \(receipt.engineVersion), expected \(descriptor.name) \(descriptor.version)")
        }
        guard receipt.imageID == identity else {
            throw EngineError(.verificationFailed, "receipt image ID \(Risc0Digest.hex(receipt.imageID)) is not this program's \(Risc0Digest.hex(identity))")
        }
        guard Self.journalMatches(receipt.journal, digest: receipt.outputDigest) else {
            throw EngineError(.verificationFailed, "the journal does not match the output digest")
        }
        try call.checkCancelled()
        call.progress("verify", 0)
        let system = try proofSystem()
        var seals: [Risc0SegmentSeal] = []
        for (index, bytes) in receipt.seals.enumerated() {
            do { seals.append(try Risc0SegmentSeal(decoding: bytes)) } catch { throw EngineError(.verificationFailed, "segment \(index): \(error)") }
        }
        let proofs = try system.verify(seals: seals, exitCode: receipt.exitCode, outputDigest: receipt.outputDigest, input: receipt.input)
        call.progress("verify", 1)
        return (receipt, system.securityBits(logMaxHeight: proofs.flatMap(\.logHeights).max() ?? 0))
    }

    /// `digest = Output(SHA256(journal), 0)`, or an empty journal with an all-zero digest.
    static func journalMatches(_ journal: [UInt8], digest: [UInt8]) -> Bool {
        if journal.isEmpty && digest.allSatisfy({ $0 == 0 }) && digest.count == 32 { return true }
        return digest == Risc0ProofSystem.outputDigest(journal: journal)
    }
}
