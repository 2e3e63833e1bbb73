import SproutPluginKit
@testable import SproutRisc0Engine
import Testing

/// Continuations: a run proved in several small segments (`segment_limit_po2` 10, at most 1023
/// instructions each) whose seals chain; reordering, dropping, duplicating a segment or
/// breaking the chain is rejected.
@Suite struct ContinuationTests {
    /// `n` iterations of a two-instruction countdown in a7 (2n + 2 instructions).
    static func busy(_ n: UInt32) -> [UInt32] {
        RV.li(RV.a7, n) + [RV.addi(RV.a7, RV.a7, -1), RV.bne(RV.a7, RV.zero, -4)]
    }

    /// ``EcallProofTests/program`` (SYS_RANDOM, three SYS_READs, SYS_WRITE, a committed journal)
    /// with busy loops between the reads, so that the input is read in different segments.
    static let program: [UInt32] = {
        let call = EcallProofTests.call, buffer = EcallProofTests.buffer
        var code = RV.li(RV.a0, buffer) + RV.li(RV.a1, 4) + call(1, 0)
        code += RV.li(RV.a0, buffer + 16) + RV.li(RV.a1, 1) + RV.li(RV.a4, 4) + call(0, 0)
        code += busy(700)
        code += RV.li(RV.s1, buffer + 16) + [RV.lw(RV.s0, 0, RV.s1)]  // s0 = length
        code += RV.li(RV.a0, buffer + 32) + [RV.srli(RV.a1, RV.s0, 2), RV.add(RV.a4, RV.s0, RV.zero)] + call(0, 0)
        code += [RV.srli(RV.t1, RV.s0, 2), RV.slli(RV.t1, RV.t1, 2), RV.add(RV.t1, RV.t1, RV.s1), RV.sw(RV.a1, 16, RV.t1)]
        code += busy(700)
        code += [RV.sub(RV.a4, RV.zero, RV.s0), RV.andi(RV.a4, RV.a4, 3)] + RV.li(RV.a0, 0) + RV.li(RV.a1, 0) + call(0, 0)
        code += RV.li(RV.a0, 0) + RV.li(RV.a1, 0) + RV.li(RV.a4, EcallProofTests.base + EcallProofTests.journalOffset)
        code += RV.li(RV.a5, UInt32(EcallProofTests.journal.count)) + call(2, 3)
        return ProofTests.committing(EcallProofTests.journal, before: code)
    }()

    static let input = [Array("{\"private_input\":\"sprout\"}".utf8)]

    static func program(segmentPo2: Int) throws -> Risc0Program {
        try Risc0Program(
            code: TestElf(code: Self.program, data: [EcallProofTests.segment()]).bytes, expParam: "{\"segment_limit_po2\":\(segmentPo2)}")
    }

    /// The receipt proved in 1023-instruction segments, shared by the tests (proved once).
    static let proved: Result<(program: Risc0Program, receipt: Risc0Receipt), any Error> = Result {
        let p = try program(segmentPo2: 10)
        return (p, try Risc0Receipt(decoding: try p.prove(inputs: input, call: .none)))
    }

    @Test func provesAndVerifiesAcrossSegments() throws {
        let (p, receipt) = try Self.proved.get()
        let session = try p.runTask(inputs: Self.input, call: .none)
        #expect(session.instructions > 2 * 1023)
        #expect(receipt.seals.count == (Int(session.instructions) + 1022) / 1023)
        #expect(try p.verify(receipt: receipt.encoded(), call: .none) == EcallProofTests.journal)
        // The reads fall into different segments: some segment starts with part of the input read.
        let seals = try receipt.seals.map { try Risc0SegmentSeal(decoding: $0) }
        #expect(seals.contains { $0.inputEnd > 0 && Int($0.inputEnd) < receipt.input.count })
        #expect(Int(seals.last!.inputEnd) == receipt.input.count)
        // The same run in one segment gives the same claim.
        let single = try Risc0Receipt(decoding: try Self.program(segmentPo2: 20).prove(inputs: Self.input, call: .none))
        #expect(single.seals.count == 1)
        #expect(single.journal == receipt.journal && single.input == receipt.input && single.outputDigest == receipt.outputDigest)
    }

    @Test func rejectsAlteredSegmentsAndBrokenChains() throws {
        let (p, receipt) = try Self.proved.get()
        let seals = receipt.seals
        #expect(seals.count >= 3)
        func rejects(_ altered: [[UInt8]], _ what: Comment) {
            var changed = receipt
            changed.seals = altered
            #expect(throws: EngineError.self, what) { try p.verify(receipt: changed.encoded(), call: .none) }
        }
        var swapped = seals
        swapped.swapAt(0, 1)
        rejects(swapped, "first two swapped")
        rejects(Array(seals.dropFirst()), "first dropped")
        rejects(Array(seals.dropLast()), "last dropped")
        var middle = seals
        middle.remove(at: 1)
        rejects(middle, "middle dropped")
        rejects([seals[0]] + seals, "first duplicated")
        rejects(seals + [seals.last!], "last duplicated")
        rejects(seals.reversed(), "reversed")
        rejects([], "no segments")

        // The chain: a segment's stated end (pc, a register, a cell, the input offset) differs.
        var decoded = try Risc0SegmentSeal(decoding: seals[0])
        let honest = decoded
        decoded.endW += 1
        rejects([decoded.encoded()] + seals.dropFirst(), "next pc")
        decoded = honest
        decoded.finalRegisters[RV.a7] ^= 1
        rejects([decoded.encoded()] + seals.dropFirst(), "a register")
        decoded = honest
        let written = decoded.cells.firstIndex { $0.final != nil }!
        decoded.cells[written].final! ^= 0x100
        rejects([decoded.encoded()] + seals.dropFirst(), "a written cell")
        decoded = honest
        decoded.cells[decoded.cells.firstIndex { $0.final == nil }!].final = 0x1234_5678
        rejects([decoded.encoded()] + seals.dropFirst(), "a read-only cell written")
        decoded = honest
        decoded.cells.remove(at: 0)
        rejects([decoded.encoded()] + seals.dropFirst(), "a cell left out")
        decoded = honest
        decoded.inputEnd += 1
        rejects([decoded.encoded()] + seals.dropFirst(), "input offset")

        // Single-byte changes in every segment.
        let bytes = receipt.encoded()
        var position = 4 + 1 + 2 + receipt.engineName.utf8.count + 2 + receipt.engineVersion.utf8.count + 32 + 1 + 32
        position += 4 + receipt.journal.count + 4 + receipt.input.count + 4
        for seal in seals {
            for k in [4, 9, 200, seal.count / 2, seal.count - 1] {
                var changed = bytes
                changed[position + 4 + k] ^= 0x04
                #expect(throws: EngineError.self, "byte \(k) of a segment") { try p.verify(receipt: changed, call: .none) }
            }
            position += 4 + seal.count
        }
        #expect(position == bytes.count)
    }

    @Test func olderReceiptVersionsAreRefusedClearly() throws {
        let (p, receipt) = try Self.proved.get()
        for (version, why) in [(UInt8(2), "before continuations"), (3, "before FRI folding arity 16"), (4, "before public lookups were hashed")] {
            var bytes = receipt.encoded()
            bytes[4] = version
            #expect { try p.verify(receipt: bytes, call: .none) } throws: { error in
                let error = error as! EngineError
                return error.status == .verificationFailed && error.message.contains("version \(version), expected 5")
                    && error.message.contains(why) && error.message.contains("prove the task again")
            }
        }
    }

    @Test func segmentLimitIsChecked() {
        for bad in ["5", "22", "10.5", "\"10\""] {
            #expect(throws: Risc0LoadError.self) { try Risc0ProgramOptions(expParam: "{\"segment_limit_po2\":\(bad)}") }
        }
    }
}
