import SproutCoreField
import SproutPluginKit
@testable import SproutRisc0Engine
import Testing

/// Proving SOFTWARE ecalls: host data written to memory, SYS_READ bound to the input.
@Suite struct EcallProofTests {
    static let base: UInt32 = 0x10_0000
    static let buffer: UInt32 = 0x10_1000
    /// Syscall names at unaligned offsets (byte offsets 2, 1, 3 within their words).
    static let names: [(name: String, offset: UInt32)] = [("SYS_READ", 2), ("SYS_RANDOM", 65), ("SYS_WRITE", 131)]
    static let journal = Array("sprout: host syscalls proved".utf8)
    static let journalOffset: UInt32 = 192

    static func segment() -> TestElf.Segment {
        var bytes = [UInt8](repeating: 0, count: 256)
        for (name, offset) in names {
            let text = Array((SyscallTests.nr + name).utf8) + [0]
            bytes.replaceSubrange(Int(offset)..<(Int(offset) + text.count), with: text)
        }
        bytes.replaceSubrange(Int(journalOffset)..<(Int(journalOffset) + journal.count), with: journal)
        return TestElf.Segment(vaddr: base, bytes: bytes, memsz: 0x4000, flags: 6)
    }

    /// SOFTWARE ecall of name `n` with the buffer in a0 and the word count in a1 already set.
    static func call(_ n: Int, a3: UInt32 = 0) -> [UInt32] {
        RV.li(RV.t0, 2) + RV.li(RV.a2, base + names[n].offset) + RV.li(RV.a3, a3) + [RV.ecall]
    }

    /// SYS_RANDOM (4 words), then `env::read::<String>()` as the risc0 guest does it (length
    /// word, the bytes with the tail in a1, the padding), SYS_WRITE of the journal, HALT.
    static let program: [UInt32] = {
        var code = RV.li(RV.a0, buffer) + RV.li(RV.a1, 4) + call(1)
        code += RV.li(RV.a0, buffer + 16) + RV.li(RV.a1, 1) + RV.li(RV.a4, 4) + call(0)
        code += RV.li(RV.s1, buffer + 16) + [RV.lw(RV.s0, 0, RV.s1)]  // s0 = length
        code += RV.li(RV.a0, buffer + 32) + [RV.srli(RV.a1, RV.s0, 2), RV.add(RV.a4, RV.s0, RV.zero)] + call(0)
        code += [RV.srli(RV.t1, RV.s0, 2), RV.slli(RV.t1, RV.t1, 2), RV.add(RV.t1, RV.t1, RV.s1), RV.sw(RV.a1, 16, RV.t1)]  // tail word
        code += [RV.sub(RV.a4, RV.zero, RV.s0), RV.andi(RV.a4, RV.a4, 3)] + RV.li(RV.a0, 0) + RV.li(RV.a1, 0) + call(0)  // padding
        code += RV.li(RV.a0, 0) + RV.li(RV.a1, 0) + RV.li(RV.a4, base + journalOffset) + RV.li(RV.a5, UInt32(journal.count)) + call(2, a3: 3)
        return ProofTests.committing(journal, before: code)
    }()

    func program() throws -> Risc0Program {
        try Risc0Program(code: TestElf(code: Self.program, data: [Self.segment()]).bytes, expParam: "")
    }

    @Test func provesReadRandomAndWriteWithTheInputBound() throws {
        let p = try program()
        let session = try p.runTask(inputs: ProofTests.input, call: .none)
        #expect(session.journal == Self.journal)
        let stdin = session.record.stdin
        #expect(session.ecalls.syscalls == ["SYS_RANDOM": 1, "SYS_READ": 3, "SYS_WRITE": 1])
        let system = try p.proofSystem()
        let (trace, _, _) = try system.prove(input: stdin, replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: true))
        #expect(trace.finalRegisters == session.registers)
        #expect(trace.input == stdin)

        let bytes = try p.prove(inputs: ProofTests.input, call: .none)
        #expect(try p.verify(receipt: bytes, call: .none) == Self.journal)
        let receipt = try Risc0Receipt(decoding: bytes)
        #expect(receipt.input == stdin)
        for k in [0, 4, stdin.count - 1] {
            var tampered = receipt
            tampered.input[k] ^= 1
            #expect(throws: EngineError.self, "input byte \(k)") { try p.verify(receipt: tampered.encoded(), call: .none) }
        }
        var shorter = receipt
        shorter.input.removeLast()
        #expect(throws: EngineError.self) { try p.verify(receipt: shorter.encoded(), call: .none) }
        var longer = receipt
        longer.input.append(0)
        #expect(throws: EngineError.self) { try p.verify(receipt: longer.encoded(), call: .none) }
        var journal = receipt
        journal.journal[0] ^= 1
        #expect(throws: EngineError.self) { try p.verify(receipt: journal.encoded(), call: .none) }
    }

    /// A SYS_READ row passed off as another syscall (whose reply would be free host data).
    @Test func readCannotPassAsAnotherSyscall() throws {
        let p = try program()
        let session = try p.runTask(inputs: ProofTests.input, call: .none)
        let system = try p.proofSystem()
        let tamper: (inout Risc0Trace) -> Void = { trace in
            let width = Risc0EcallAIR.Col.width
            trace.ecall.values[1 * width + Risc0EcallAIR.Col.isRead] = .zero  // row 1: the first SYS_READ
        }
        let stdin = session.record.stdin
        #expect(throws: EngineError.self) {
            try system.prove(input: stdin, replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: true), tamper: tamper)
        }
        let (trace, seals, _) = try system.prove(
            input: stdin, replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: false, checkLookupBalance: false), tamper: tamper)
        #expect(throws: EngineError.self) { try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: trace.input) }
    }

    /// SHA ecalls: two chained blocks (`block2 = block1 + 32`, as `sys_sha_buffer`), then one
    /// block from two separate halves written over its own input state (a0 = a1); the states
    /// are loaded into registers, which the prover cross-checks with the executor.
    @Test func provesShaCompressions() throws {
        let iv: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19]
        var data = iv.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * $0)) } }  // big-endian state
        data += (0..<192).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }  // blocks at +32
        let segment = TestElf.Segment(vaddr: Self.base, bytes: data, memsz: 0x1000, flags: 6)
        func sha(out: UInt32, stateIn: UInt32, block1: UInt32, block2: UInt32, count: UInt32) -> [UInt32] {
            RV.li(RV.t0, 3) + RV.li(RV.a0, out) + RV.li(RV.a1, stateIn) + RV.li(RV.a2, block1) + RV.li(RV.a3, block2) + RV.li(RV.a4, count) + [RV.ecall]
        }
        var code = sha(out: Self.base + 0x400, stateIn: Self.base, block1: Self.base + 32, block2: Self.base + 64, count: 2)
        code += sha(out: Self.base + 0x400, stateIn: Self.base + 0x400, block1: Self.base + 160, block2: Self.base + 32, count: 1)
        code += RV.li(RV.s1, Self.base + 0x400)
        for i in 0..<8 { code += [RV.lw(16 + i, Int32(4 * i), RV.s1)] }
        let p = try Risc0Program(code: TestElf(code: code + RV.halt(), data: [segment]).bytes, expParam: "")
        let session = try p.runTask(inputs: ProofTests.input, call: .none)
        #expect(session.ecalls.sha == 2)
        let system = try p.proofSystem()
        let (trace, seals, _) = try system.prove(input: [], replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: true))
        #expect(trace.finalRegisters == session.registers)
        #expect(trace.sha.height == 256)  // 3 blocks of 65 rows
        _ = try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: [])
        // A wrong compression (one state bit of a round flipped) is refused or rejected.
        let tamper: (inout Risc0Trace) -> Void = { trace in
            let index = 70 * Risc0ShaAIR.Col.width + Risc0ShaAIR.Col.a + 5
            trace.sha.values[index] = .one - trace.sha.values[index]
        }
        #expect(throws: EngineError.self) {
            try system.prove(input: [], replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: true), tamper: tamper)
        }
        let forced = try system.prove(input: [], replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: false, checkLookupBalance: false), tamper: tamper)
        #expect(throws: EngineError.self) { try system.verify(seals: forced.seals, exitCode: 0, outputDigest: forced.trace.outputDigest, input: []) }
    }

    /// Short SYS_READs at the end of the input, as RISC Zero's `PosixIo::sys_read`: 7 of 9
    /// bytes (a word and a 3-byte tail), then 2 of 8 asked, then 0 of 5. They prove; a short read
    /// that claims the end of the input before it (a later read still gets a byte) is refused.
    @Test func provesShortReadsAtTheEndOfTheInput() throws {
        let data = SyscallTests.names([SyscallTests.nr + "SYS_READ"])
        let buffer: UInt32 = 0x10_2000
        let code = SyscallTests.syscall(0, buffer: buffer, words: 1, a4: 7)
            + SyscallTests.syscall(0, buffer: buffer + 16, words: 2, a4: 8) + [RV.add(RV.s0, RV.a0, RV.zero)]
            + SyscallTests.syscall(0, buffer: buffer + 32, words: 1, a4: 5) + [RV.add(RV.s1, RV.a0, RV.zero)] + RV.halt()
        let stdin: [UInt8] = Array(1...9)
        let session = try runProgram(code, data: [data], host: Risc0HostEnvironment(stdin: stdin))
        #expect(session.registers[RV.s0] == 2 && session.registers[RV.s1] == 0)
        #expect(session.stdinRead == 9)
        let system = try Risc0Program(code: TestElf(code: code, data: [data]).bytes, expParam: "").proofSystem()
        let (trace, seals, _) = try system.prove(input: stdin, replies: session.syscallReplies, isCancelled: { false }, options: .init(checkConstraints: true))
        #expect(trace.input == stdin)
        _ = try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: stdin)
        #expect(throws: EngineError.self) { try system.verify(seals: seals, exitCode: 0, outputDigest: trace.outputDigest, input: Array(stdin.prefix(8))) }

        // The second read claims 1 byte (the end of the input at 8), the third then reads byte 9.
        var replies = session.syscallReplies
        replies[1] = Risc0Executor.SyscallReply(words: [8, 0], a0: 1, a1: 0)
        replies[2] = Risc0Executor.SyscallReply(words: [9], a0: 1, a1: 0)
        #expect(throws: EngineError.self) {
            try system.prove(input: stdin, replies: replies, isCancelled: { false }, options: .init(checkConstraints: true))
        }
        let forced = try system.prove(input: stdin, replies: replies, isCancelled: { false }, options: .init(checkConstraints: false, checkLookupBalance: false))
        #expect(forced.trace.input == stdin)
        #expect(throws: EngineError.self) { try system.verify(seals: forced.seals, exitCode: 0, outputDigest: forced.trace.outputDigest, input: stdin) }
    }
}
