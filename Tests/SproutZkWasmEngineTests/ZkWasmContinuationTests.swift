import Foundation
import SproutPluginKit
import Testing

@testable import SproutZkWasmEngine

/// Runs proved in several segments (continuations): tiny segment limits make a few segments out
/// of small programs, whose claims must equal the one-segment proofs', and the chain must not
/// bend: reordered, dropped, duplicated, emptied or altered segments are rejected.
@Suite("zkwasm continuations")
struct ZkWasmContinuationTests {
    static func program(_ wat: String, segmentLimitPo2: Int) throws -> ZkWasmProgram {
        try ZkWasmProgram(wasm: try Oracle.wasm(wat), limits: try ZkWasmLimits(expParam: "{\"segmentLimitPo2\":\(segmentLimitPo2)}"))
    }

    /// Proves with segments of at most 2^k − 1 rows and checks the claim equals the one-segment
    /// proof's; returns the segmented receipt.
    func segmentedClaimEqualsOneSegment(_ wat: String, k: Int, publicInput: [UInt64], minimumSegments: Int) throws -> (ZkWasmProgram, [UInt8]) {
        let whole = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        let inputs = [message(private: [], public: publicInput)]
        let one = try whole.prove(inputs: inputs, call: .none)
        #expect(try ZkWasmReceipt(decoding: one).segments.count == 1, "a small run is one segment by default")
        let program = try Self.program(wat, segmentLimitPo2: k)
        let receipt = try program.prove(inputs: inputs, call: .none)
        let segments = try ZkWasmReceipt(decoding: receipt).segments
        #expect(segments.count >= minimumSegments)
        #expect(segments.allSatisfy { !$0.cells.isEmpty })
        #expect(try program.verify(receipt: receipt, call: .none) == whole.verify(receipt: one, call: .none))
        // Verifying does not depend on the segment limit: the other program checks it too.
        #expect(try whole.verify(receipt: receipt, call: .none) == whole.verify(receipt: one, call: .none))
        return (program, receipt)
    }

    @Test func startFunctionAndMemoryAcrossSegments() throws {
        // Linear memory, a global and a start function whose return enters zkmain in a later segment.
        _ = try segmentedClaimEqualsOneSegment(provableStartWAT, k: 4, publicInput: [100], minimumSegments: 2)
    }

    /// Calls, locals and a global carried across segments; then every way of bending the chain.
    @Test func alteredChainsAreRejected() throws {
        let (program, receipt) = try segmentedClaimEqualsOneSegment(provableLoopWAT, k: 5, publicInput: [3], minimumSegments: 3)
        let decoded = try ZkWasmReceipt(decoding: receipt)
        let segments = decoded.segments
        func rejected(_ change: (inout [ZkWasmSegment]) -> Void) -> Bool {
            var lie = decoded
            change(&lie.segments)
            return rejects(program, lie.encoded())
        }
        #expect(rejected { $0.swapAt(0, 1) }, "swapped")
        #expect(rejected { $0.swapAt($0.count - 2, $0.count - 1) }, "swapped at the end")
        #expect(rejected { $0.removeFirst() }, "first dropped")
        #expect(rejected { $0.remove(at: 1) }, "middle dropped")
        #expect(rejected { $0.removeLast() }, "last dropped: the new last one does not halt")
        #expect(rejected { $0 = [] }, "all dropped")
        #expect(rejected { $0.insert(segments[0], at: 1) }, "duplicated")
        #expect(rejected { $0.append(segments[segments.count - 1]) }, "last duplicated")
        #expect(rejected { $0[1].cells = [] }, "cells emptied")
        #expect(rejected { $0[1].proof = [] }, "proof emptied")
        #expect(rejected { $0[1] = ZkWasmSegment(end: $0[0].end, cells: [], proof: $0[1].proof) }, "emptied into a no-op")
        #expect(rejected { $0[0].proof = segments[1].proof }, "proof of another segment")
        for index in [0, segments.count - 1] {
            for field in 0..<ZkWasmCPUState.count {
                #expect(rejected { $0[index].end.values[field] = ($0[index].end.values[field] + 1) % ZkWasmSegment.modulus }, "end state field \(field) of segment \(index)")
            }
        }
        // Cells: a changed final value, a read cell claimed written, a dropped cell, an added one.
        let written = try #require(segments[0].cells.firstIndex { $0.final != nil })
        #expect(rejected { $0[0].cells[written].final![0] += 1 }, "changed cell value")
        let read = try #require(segments[1].cells.firstIndex { $0.final == nil })
        #expect(rejected { $0[1].cells[read].final = [9, 0, 0, 0] }, "read cell claimed written")
        #expect(rejected { $0[0].cells.remove(at: written) }, "cell dropped")
        #expect(
            rejected {
                let added = ZkWasmSegment.Cell(space: UInt32(ZkWasmSpace.stack), address: 1000, final: nil)
                $0[0].cells.insert(added, at: $0[0].cells.firstIndex { $0.key > added.key } ?? $0[0].cells.count)
            }, "cell added")
        // The chain's public inputs and outputs.
        var lie = decoded
        lie.outputs = [7]
        #expect(rejects(program, lie.encoded()))
        lie = decoded
        lie.publicInputs = [4]
        #expect(rejects(program, lie.encoded()))

        // A single changed byte anywhere in any segment. Byte ranges of the segments in the encoding:
        var header = decoded
        header.segments = []
        var start = header.encoded().count
        var generator = SplitMix64(seed: 7)
        var accepted: [Int] = []
        for segment in decoded.segments {
            var bytes: [UInt8] = []
            segment.encode(into: &bytes)
            // The state, the cell count and every cell, then spread over the proof.
            let cellsEnd = bytes.count - segment.proof.count
            var positions = Set(0..<min(cellsEnd, 96))
            while positions.count < min(cellsEnd, 96) + 24 { positions.insert(cellsEnd + Int(generator.next() % UInt64(segment.proof.count))) }
            for position in positions.sorted() {
                var changed = receipt
                changed[start + position] ^= UInt8(1 + generator.next() % 255)
                if !rejects(program, changed) { accepted.append(start + position) }
            }
            start += bytes.count
        }
        #expect(start == receipt.count)
        #expect(accepted.isEmpty, "changed bytes accepted at \(accepted)")
    }

    @Test func wordSplitIntoNonBytesIsRejected() throws {
        // Word 0 holds bytes 1…8; the run reads only byte 7. A cheating prover's boundary row
        // starts bytes 0 and 1 as 257 and 1 (same 16-bit limb 0x0201 as the verifier's 1, 2):
        // only the range check of a word's initial bytes stands between it and a load8 of 257.
        let wat = """
            (module
              (import "env" "wasm_output" (func $out (param i64)))
              (memory 1)
              (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08")
              (func (export "zkmain") (call $out (i64.load8_u (i32.const 7)))))
            """
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(wat))
        let (run, trace) = try program.trace(ZkWasmInputs(publicInputs: [], privateInputs: []))
        #expect(run.outputs == [8])
        #expect(cheatingProofOutcome(program, run, trace) == "accepted", "the honest tables verify")
        #expect(cheatingProofOutcome(program, run, trace, forgeries: .splitWord) == "rejected")
    }

    @Test func outOfBoundsCellsAndOldReceiptsAreRefused() throws {
        let program = try ZkWasmProgram(wasm: try Oracle.wasm(provableMemoryWAT))
        let receipt = try program.prove(inputs: [message(private: [], public: [3])], call: .none)
        var lie = try ZkWasmReceipt(decoding: receipt)
        // Linear memory cells are 8-byte words: word 8192 starts at byte 65536.
        lie.segments[0].cells.append(.init(space: UInt32(ZkWasmSpace.linear), address: 8192, final: nil))
        #expect {
            try program.verify(receipt: lie.encoded(), call: .none)
        } throws: { error in
            (error as? EngineError)?.message.contains("beyond the memory's 65536 bytes") == true
        }
        // A version-1 receipt (one proof of the whole run) is refused with the reason.
        var old = Array(receipt)
        old[4] = 1
        #expect {
            try program.verify(receipt: old, call: .none)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.status == .verificationFailed && error.message.contains("format version 1")
        }
    }
}
