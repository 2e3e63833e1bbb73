import Foundation
import SproutPluginKit
@testable import SproutRisc0Engine
import Testing

/// Proving and verifying hand-assembled RV32IM programs (the constrained subset).
@Suite struct ProofTests {
    static let input = [Array("{}".utf8)]

    /// Loops, arithmetic, logic, compares, branches, loads/stores, jumps, lui/auipc; halts with
    /// the output digest at 0x1000.
    static func sampleProgram(iterations: UInt32 = 10) -> [UInt32] {
        var code: [UInt32] = []
        code += RV.li(RV.s0, 0)  // sum
        code += RV.li(RV.s1, iterations)  // counter
        code += RV.li(RV.a5, 0x2000)  // scratch
        // loop: sum += counter; scratch[0] = sum ^ counter; counter -= 1
        code += [
            RV.add(RV.s0, RV.s0, RV.s1),
            RV.xor(RV.t1, RV.s0, RV.s1),
            RV.sw(RV.t1, 0, RV.a5),
            RV.lw(RV.t2, 0, RV.a5),
            RV.andi(RV.a2, RV.t2, 0x7f0),
            RV.ori(RV.a3, RV.a2, -3),
            RV.sltu(RV.a4, RV.a2, RV.a3),
            RV.slt(RV.a6, RV.a3, RV.a2),
            RV.addi(RV.s1, RV.s1, -1),
            RV.bne(RV.s1, RV.zero, -36),
        ]
        code += [
            RV.sub(RV.a7, RV.zero, RV.s0),
            RV.slti(RV.a7, RV.a7, 0),
            RV.bge(RV.s0, RV.a7, 8),
            RV.addi(RV.s0, RV.s0, 1000),  // skipped
            RV.bltu(RV.a7, RV.s0, 8),
            RV.addi(RV.s0, RV.s0, 1000),  // skipped
            RV.beq(RV.s0, RV.s0, 8),
            RV.addi(RV.s0, RV.s0, 1000),  // skipped
            RV.jal(RV.ra, 12),
            RV.addi(RV.s0, RV.s0, 1000),  // skipped
            RV.jal(RV.zero, 12),
            RV.auipc(RV.t1, 1),  // the subroutine: t1 = pc + 4096
            RV.jalr(RV.zero, RV.ra, 0),
            RV.sw(RV.s0, 4, RV.a5),
        ]
        return code + RV.halt()
    }

    /// Stores `digest` (8 words) at 0x1000 and halts with it.
    static func committing(_ journal: [UInt8], before code: [UInt32] = []) -> [UInt32] {
        let digest = Risc0ProofSystem.outputDigest(journal: journal)
        var out = code + RV.li(RV.a5, 0x1000)
        for i in 0..<8 {
            let word = (0..<4).reduce(UInt32(0)) { $0 | UInt32(digest[4 * i + $1]) << (8 * UInt32($1)) }
            out += RV.li(RV.t1, word) + [RV.sw(RV.t1, Int32(4 * i), RV.a5)]
        }
        return out + RV.halt()
    }

    func program(_ code: [UInt32]) throws -> Risc0Program {
        try Risc0Program(code: TestElf(code: code).bytes, expParam: "")
    }

    @Test func honestTraceSatisfiesEveryConstraint() throws {
        let p = try program(Self.sampleProgram())
        let system = try p.proofSystem()
        let (trace, seals, _) = try system.prove(input: [], replies: [], isCancelled: { false }, options: .init(checkConstraints: true))
        let session = try p.runTask(inputs: Self.input, call: .none)
        #expect(UInt64(trace.instructions) == session.instructions)
        #expect(trace.finalRegisters == session.registers)
        _ = try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: [])
    }

    /// MUL/MULH/MULHSU/MULHU, DIV/DIVU/REM/REMU (divisor zero and overflow too), byte/half loads and stores (signed and unsigned, every offset) and shifts.
    static let subwordProgram: [UInt32] = {
        var code = RV.li(RV.a5, 0x2000) + RV.li(RV.a1, 0x80f1_7f92) + RV.li(RV.a2, 0xfedc_ba98)
        code += [RV.mul(RV.a3, RV.a1, RV.a2), RV.mul(RV.a4, RV.a2, RV.a2), RV.sw(RV.a1, 0, RV.a5), RV.sw(RV.a3, 4, RV.a5)]
        // DIV/REM edge cases: overflow (−2³¹ / −1), division by zero of both signs, every sign pair,
        // exact and inexact quotients.
        for (x, y): (UInt32, UInt32) in [(0x8000_0000, 0xffff_ffff), (0x8000_0000, 1), (0x8000_0000, 0), (0xffff_fff9, 0), (7, 0xffff_fffe), (0xffff_fff9, 2), (0xffff_fff9, 0xffff_fffe), (0x8000_0000, 0x8000_0000), (6, 3), (0, 0xffff_ffff)] {
            code += RV.li(RV.a3, x) + RV.li(RV.a4, y)
            code += [RV.div(RV.t1, RV.a3, RV.a4), RV.rem(RV.t2, RV.a3, RV.a4), RV.divu(RV.a6, RV.a3, RV.a4), RV.remu(RV.a7, RV.a3, RV.a4)]
            code += [RV.add(RV.s0, RV.s0, RV.t1), RV.xor(RV.s0, RV.s0, RV.t2), RV.add(RV.s0, RV.s0, RV.a6), RV.xor(RV.s0, RV.s0, RV.a7)]
        }
        code += [RV.mul(RV.a3, RV.a1, RV.a2), RV.mul(RV.a4, RV.a2, RV.a2)]
        code += RV.li(RV.s1, 7)
        for (x, y) in [(RV.a1, RV.a2), (RV.a2, RV.a1), (RV.a1, RV.a1), (RV.a3, RV.a4), (RV.zero, RV.a1), (RV.a2, RV.s1), (RV.a1, RV.zero)] {
            code += [RV.divu(RV.t1, x, y), RV.remu(RV.t2, x, y), RV.add(RV.s0, RV.s0, RV.t1), RV.xor(RV.s0, RV.s0, RV.t2)]
            code += [RV.div(RV.t1, x, y), RV.rem(RV.t2, x, y), RV.add(RV.s0, RV.s0, RV.t1), RV.xor(RV.s0, RV.s0, RV.t2)]
            code += [RV.mulh(RV.t1, x, y), RV.mulhsu(RV.t2, x, y), RV.mulhu(RV.a6, x, y), RV.mul(RV.a7, x, y)]
            code += [RV.add(RV.s0, RV.s0, RV.t1), RV.xor(RV.s0, RV.s0, RV.t2), RV.add(RV.s0, RV.s0, RV.a6), RV.xor(RV.s0, RV.s0, RV.a7)]
        }
        for offset: Int32 in 0..<4 {
            code += [RV.lb(RV.t1, offset, RV.a5), RV.lbu(RV.t2, offset, RV.a5), RV.sb(RV.t1, 8 + offset, RV.a5), RV.add(RV.s0, RV.s0, RV.t1), RV.add(RV.s1, RV.s1, RV.t2)]
        }
        for offset: Int32 in [0, 2] {
            code += [RV.lh(RV.t1, offset, RV.a5), RV.lhu(RV.t2, offset + 4, RV.a5), RV.sh(RV.t2, 12 + offset, RV.a5), RV.sh(RV.t1, 18 - offset, RV.a5)]
            code += [RV.add(RV.s0, RV.s0, RV.t1), RV.mul(RV.s1, RV.s1, RV.t2)]
        }
        code += [RV.lw(RV.t1, 8, RV.a5), RV.lw(RV.t2, 12, RV.a5), RV.lw(RV.a6, 16, RV.a5)]
        // Shifts: every amount 0…33 (mod 32), both signs, register and immediate forms.
        code += RV.li(RV.a3, 0)
        for amount: Int32 in [0, 1, 7, 8, 9, 15, 16, 17, 24, 31] {
            code += [RV.slli(RV.a4, RV.a1, amount), RV.srli(RV.a6, RV.a1, amount), RV.srai(RV.a7, RV.a1, amount), RV.srai(RV.t2, RV.a2, amount)]
            code += [RV.srli(RV.t1, RV.a2, amount), RV.add(RV.s0, RV.s0, RV.a4), RV.xor(RV.s0, RV.s0, RV.a6), RV.add(RV.s0, RV.s0, RV.a7)]
            code += [RV.xor(RV.s0, RV.s0, RV.t2), RV.add(RV.s0, RV.s0, RV.t1)]
        }
        for amount: Int32 in [0, 5, 31, 32, 33, 63, -1] {
            code += RV.li(RV.t1, UInt32(bitPattern: amount)) + [RV.sll(RV.a4, RV.a1, RV.t1), RV.srl(RV.a6, RV.a1, RV.t1), RV.sra(RV.a7, RV.a1, RV.t1)]
            code += [RV.add(RV.s0, RV.s0, RV.a4), RV.xor(RV.s0, RV.s0, RV.a6), RV.add(RV.s0, RV.s0, RV.a7)]
        }
        return code + RV.halt()
    }()

    @Test func provesMultiplicationSubwordMemoryAndShifts() throws {
        let p = try program(Self.subwordProgram)
        let system = try p.proofSystem()
        let (trace, seals, _) = try system.prove(input: [], replies: [], isCancelled: { false }, options: .init(checkConstraints: true))
        let session = try p.runTask(inputs: Self.input, call: .none)
        #expect(trace.finalRegisters == session.registers)
        #expect(session.registers[RV.a5] == 0x2000)
        #expect(UInt64(trace.instructions) == session.instructions)
        _ = try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: [])
        let receipt = try p.prove(inputs: Self.input, call: .none)
        #expect(try p.verify(receipt: receipt, call: .none) == [])
    }

    @Test func provesAndVerifiesThroughTheEngineAPI() throws {
        let p = try program(Self.sampleProgram())
        let receipt = try p.prove(inputs: Self.input, call: .none)
        #expect(try p.verify(receipt: receipt, call: .none) == [])
        let decoded = try Risc0Receipt(decoding: receipt)
        #expect(decoded.encoded() == receipt)
        #expect(decoded.imageID == p.identity)
        #expect(decoded.engineName == "sprout-risc0")
        // Deterministic: proving again gives the same bytes.
        #expect(try p.prove(inputs: Self.input, call: .none) == receipt)
        let bits = try p.verifyReceipt(receipt, call: .none).securityBits
        #expect(bits >= 100)
        print("risc0 receipt: \(receipt.count) bytes, \(bits) conjectured security bits")
    }

    @Test func journalIsBoundThroughTheOutputDigest() throws {
        let journal = Array("sprout journal: 42".utf8)
        let p = try program(Self.committing(journal, before: Self.sampleProgram(iterations: 3).dropLast(7)))
        let session = try p.runTask(inputs: Self.input, call: .none)
        let receipt = try p.proveReceipt(session: session, journal: journal, call: .none)
        #expect(try p.verify(receipt: receipt.encoded(), call: .none) == journal)

        var wrongJournal = receipt
        wrongJournal.journal[3] ^= 1
        #expect(throws: EngineError.self) { try p.verify(receipt: wrongJournal.encoded(), call: .none) }
        // A consistent journal and digest that the run did not produce: the seal rejects it.
        var otherJournal = receipt
        otherJournal.journal = Array("another journal".utf8)
        otherJournal.outputDigest = Risc0ProofSystem.outputDigest(journal: otherJournal.journal)
        #expect(throws: EngineError.self) { try p.verify(receipt: otherJournal.encoded(), call: .none) }
        // The prover refuses a journal the digest does not commit to.
        #expect(throws: EngineError.self) { try p.proveReceipt(session: session, journal: [1, 2, 3], call: .none) }
    }

    @Test func rejectsTamperedReceipts() throws {
        let p = try program(Self.sampleProgram(iterations: 2))
        let bytes = try p.prove(inputs: Self.input, call: .none)
        let receipt = try Risc0Receipt(decoding: bytes)

        var exit = receipt
        exit.exitCode = 1
        #expect(throws: EngineError.self) { try p.verify(receipt: exit.encoded(), call: .none) }
        var image = receipt
        image.imageID[0] ^= 0x80
        #expect(throws: EngineError.self) { try p.verify(receipt: image.encoded(), call: .none) }
        var version = receipt
        version.engineVersion = "0.0.0"
        #expect(throws: EngineError.self) { try p.verify(receipt: version.encoded(), call: .none) }
        // Another program (one instruction different) rejects the seal even under its own image ID.
        let other = try program(Self.sampleProgram(iterations: 3))
        var moved = receipt
        moved.imageID = other.identity
        #expect(throws: EngineError.self) { try other.verify(receipt: moved.encoded(), call: .none) }
        #expect(throws: EngineError.self) { try p.verify(receipt: bytes + [0], call: .none) }
        #expect(throws: EngineError.self) { try p.verify(receipt: Array(bytes.dropLast()), call: .none) }

        // A few hundred single-byte changes, spread over the whole receipt.
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        var positions = Set<Int>(0..<80)
        while positions.count < 300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407  // LCG mod 2⁶⁴, wraps by design
            positions.insert(Int(state >> 33) % bytes.count)
        }
        for position in positions.sorted() {
            var tampered = bytes
            tampered[position] ^= UInt8(1 << (position % 8))
            #expect(throws: EngineError.self, "byte \(position)") { try p.verify(receipt: tampered, call: .none) }
        }
    }

    @Test func wrongALUResultIsRefusedOrRejected() throws {
        let p = try program(Self.sampleProgram(iterations: 2))
        let system = try p.proofSystem()
        // Row 6 is the first `add s0, s0, s1`; bump its result byte.
        let tamper: (inout Risc0Trace) -> Void = { $0.perturbCPU(row: 6, column: Risc0CPUAIR.Col.c) }
        #expect(throws: EngineError.self) { try system.prove(input: [], replies: [], isCancelled: { false }, tamper: tamper) }
        #expect(throws: EngineError.self) { try system.prove(input: [], replies: [], isCancelled: { false }, options: .init(checkConstraints: true), tamper: tamper) }
        // Forced through without the prover's checks, the proof does not verify.
        let (trace, seals, _) = try system.prove(input: [], replies: [], isCancelled: { false }, options: .init(checkConstraints: false, checkLookupBalance: false), tamper: tamper)
        #expect(throws: EngineError.self) { try system.verify(seals: seals, exitCode: trace.exitCode, outputDigest: trace.outputDigest, input: []) }
        // The same with a consistent tamper: the write, and every later read of s0, carry the wrong sum.
        let honest = try system.prove(input: [], replies: [], isCancelled: { false })
        #expect(throws: EngineError.self) { try system.verify(seals: honest.seals, exitCode: 0, outputDigest: [UInt8](repeating: 1, count: 32), input: []) }
    }

    @Test func unconstrainedInstructionsAreNotProvableYet() throws {
        // A BIGINT ecall: the executor runs it, the prover refuses.
        let operands: [UInt8] = (0..<96).map { $0 % 32 == 0 ? 3 : 0 }  // x = 3, y = 3, n = 3 (256-bit, little-endian)
        let code = RV.li(RV.t0, 4) + RV.li(RV.a0, 0x3000) + RV.li(RV.a1, 0) + RV.li(RV.a2, 0x3020) + RV.li(RV.a3, 0x3040)
            + RV.li(RV.a4, 0x3060) + [RV.ecall] + RV.halt()
        let elf = TestElf(code: code, data: [TestElf.Segment(vaddr: 0x3020, bytes: operands, flags: 6)])
        let p = try Risc0Program(code: elf.bytes, expParam: "")
        _ = try p.execute(inputs: Self.input, call: .none)
        #expect { try p.prove(inputs: Self.input, call: .none) } throws: { error in
            let error = error as! EngineError
            return error.status == .unsupported && error.message.contains("BIGINT")
        }
    }

    /// Sprout's project 10000 (the risc0 range guest) end to end: RANDOM/READ/WRITE host
    /// syscalls, SHA ecalls, signed division. The receipt binds the journal, the input read
    /// and the image; single-byte changes anywhere are rejected.
    @Test func project10000ProvesAndVerifies() throws {
        let program = try RangeGuestTests.program()
        let data = RangeGuestTests.data("14")
        let start = Date()
        let bytes = try program.prove(inputs: [data], call: .none)
        let seconds = Date().timeIntervalSince(start)
        let text = Array(RangeGuestTests.provable.utf8)
        let journal = [UInt8(text.count), 0, 0, 0] + text + [0, 0, 0]
        let verifyStart = Date()
        #expect(try program.verify(receipt: bytes, call: .none) == journal)
        let verifySeconds = Date().timeIntervalSince(verifyStart)
        let receipt = try Risc0Receipt(decoding: bytes)
        #expect(receipt.input == (try Risc0Input.stdin(for: [data])))
        #expect(receipt.imageID == program.identity)
        let sealBytes = receipt.seals.map(\.count).reduce(0, +)
        print("{\"bench\":\"risc0-prove-10000\",\"proveSeconds\":\(seconds),\"verifySeconds\":\(verifySeconds),\"receiptBytes\":\(bytes.count),\"sealBytes\":\(sealBytes)}")

        var tampered = receipt
        tampered.journal[10] ^= 1
        #expect(throws: EngineError.self) { try program.verify(receipt: tampered.encoded(), call: .none) }
        tampered = receipt
        tampered.input[20] ^= 1  // "14" → another private input
        #expect(throws: EngineError.self) { try program.verify(receipt: tampered.encoded(), call: .none) }
        tampered = receipt
        tampered.imageID[31] ^= 1
        #expect(throws: EngineError.self) { try program.verify(receipt: tampered.encoded(), call: .none) }
        tampered = receipt
        tampered.exitCode = 1
        #expect(throws: EngineError.self) { try program.verify(receipt: tampered.encoded(), call: .none) }
        #expect(receipt.seals.count == 1)
        let seal = receipt.seals[0]
        let sealStart = bytes.count - seal.count
        for k in 0..<24 {
            let position = sealStart + (k * 7919) % seal.count
            var changed = bytes
            changed[position] ^= 0x10
            #expect(throws: EngineError.self, "seal byte \(position)") { try program.verify(receipt: changed, call: .none) }
        }

        // Private input 2: the other sentence (88 bytes, no padding), also proved.
        let other = try program.prove(inputs: [RangeGuestTests.data("2")], call: .none)
        let otherText = Array(RangeGuestTests.unprovable.utf8)
        #expect(try program.verify(receipt: other, call: .none) == [UInt8(otherText.count), 0, 0, 0] + otherText)
    }

    @Test func provingPollsCancellation() throws {
        let p = try program(Self.sampleProgram(iterations: 1 << 15))
        let system = try p.proofSystem()
        #expect { try system.prove(input: [], replies: [], isCancelled: { true }) } throws: { error in
            (error as! EngineError).status == .cancelled
        }
    }

    /// `SPROUT_BENCH=1`: prints JSON with the cycles proved per second.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1"))
    func benchmarkProving() throws {
        for iterations: UInt32 in [100, 1000, 6000] {
            let p = try program(Self.sampleProgram(iterations: iterations))
            _ = try p.proofSystem()
            let start = Date()
            let receipt = try p.prove(inputs: Self.input, call: .none)
            let seconds = Date().timeIntervalSince(start)
            let verifyStart = Date()
            let bits = try p.verifyReceipt(receipt, call: .none).securityBits
            let verifySeconds = Date().timeIntervalSince(verifyStart)
            let session = try p.runTask(inputs: Self.input, call: .none)
            let rows = Int(session.instructions)
            let fields: [String] = [
                "\"bench\":\"risc0-prove\"", "\"instructions\":\(rows)", "\"cycles\":\(session.cycles)",
                "\"logCpuRows\":\((rows - 1).bitWidthNeeded)", "\"proveSeconds\":\(seconds)",
                "\"cyclesPerSecond\":\(Double(session.cycles) / seconds)", "\"verifySeconds\":\(verifySeconds)",
                "\"receiptBytes\":\(receipt.count)", "\"securityBits\":\(bits)",
            ]
            print("{" + fields.joined(separator: ",") + "}")
        }
    }
}
