@testable import SproutRisc0Engine
import SproutCoreHash
import SproutPluginKit
import Testing

/// The RISC Zero 0.20 ecalls on hand-written guests: SOFTWARE syscalls, SHA, BIGINT, HALT.
@Suite struct SyscallTests {
    static let dataBase: UInt32 = 0x10_0000

    /// A writable data segment at 0x100000 holding `strings` NUL-terminated, one per 64 bytes.
    static func names(_ strings: [String]) -> TestElf.Segment {
        var bytes = [UInt8](repeating: 0, count: 64 * strings.count)
        for (i, s) in strings.enumerated() { bytes.replaceSubrange((64 * i)..<(64 * i + s.utf8.count), with: Array(s.utf8)) }
        return TestElf.Segment(vaddr: dataBase, bytes: bytes, memsz: 0x4000, flags: 6)
    }

    static func name(_ n: Int) -> UInt32 { dataBase + UInt32(64 * n) }
    static let nr = "risc0_zkvm_platform::syscall::nr::"

    /// `syscall(name #n, buffer, words, a3, a4, a5)`.
    static func syscall(_ n: Int, buffer: UInt32 = 0, words: UInt32 = 0, a3: UInt32 = 0, a4: UInt32 = 0, a5: UInt32 = 0) -> [UInt32] {
        RV.li(RV.t0, 2) + RV.li(RV.a0, buffer) + RV.li(RV.a1, words) + RV.li(RV.a2, name(n)) + RV.li(RV.a3, a3) + RV.li(RV.a4, a4)
            + RV.li(RV.a5, a5) + [RV.ecall]
    }

    @Test func getenvArgvArgcAndCycleCount() throws {
        let data = Self.names([Self.nr + "SYS_GETENV", Self.nr + "SYS_ARGC", Self.nr + "SYS_ARGV", Self.nr + "SYS_CYCLE_COUNT", "KEY", "NOPE"])
        let buffer: UInt32 = 0x10_2000
        let code = Self.syscall(0, buffer: buffer, words: 1, a3: Self.name(4), a4: 3) + [RV.add(RV.s0, RV.a0, RV.zero)]
            + Self.syscall(0, a3: Self.name(5), a4: 4) + [RV.add(RV.s1, RV.a0, RV.zero)]
            + Self.syscall(1) + [RV.add(RV.a6, RV.a0, RV.zero)]
            + Self.syscall(2, buffer: buffer + 64, words: 4, a3: 1) + [RV.add(RV.a7, RV.a0, RV.zero)]
            + Self.syscall(3) + [RV.add(RV.t2, RV.a0, RV.zero)]
            + RV.li(RV.t1, buffer) + [RV.lw(RV.s0 + 10, 0, RV.t1), RV.lw(RV.s0 + 11, 64, RV.t1)] + RV.halt()
        let host = Risc0HostEnvironment(environment: ["KEY": "value"], arguments: ["prog", "arg1"], randomness: .seeded(1))
        let session = try runProgram(code, data: [data], host: host)
        let r = session.registers
        #expect(r[RV.s0] == 5)  // length of "value"
        #expect(r[18] == UInt32(littleEndian: 0x756c_6176))  // "valu": only 1 word was asked for
        #expect(r[RV.s1] == 0xffff_ffff)  // unset
        #expect(r[RV.a6] == 2)
        #expect(r[RV.a7] == 4)
        #expect(r[19] == UInt32(littleEndian: 0x3167_7261))  // "arg1"
        #expect(r[RV.t2] > 0 && UInt64(r[RV.t2]) < session.cycles)
        #expect(session.ecalls.syscalls["SYS_GETENV"] == 2)
        #expect(try trapOf(Self.syscall(2, a3: 9), data: [data], host: host)?.kind == .badSyscall("SYS_ARGV index 9 is out of range (argc = 2)"))
    }

    @Test func writesGoToStdoutStderrAndTheJournal() throws {
        let data = Self.names([Self.nr + "SYS_WRITE", "hello", "journal!", Self.nr + "SYS_LOG", Self.nr + "SYS_NOPE"])
        let digest: UInt32 = 0x10_3000
        let code = Self.syscall(0, a3: 1, a4: Self.name(1), a5: 5) + Self.syscall(0, a3: 2, a4: Self.name(1), a5: 2)
            + Self.syscall(0, a3: 3, a4: Self.name(2), a5: 8) + Self.syscall(3, a3: Self.name(1), a4: 5)
            + RV.li(RV.s1, digest) + RV.li(RV.a1, 1) + [RV.sb(RV.a1, 0, RV.s1)] + RV.halt(digest: digest)
        let session = try runProgram(code, data: [Self.names([Self.nr + "SYS_WRITE", "hello", "journal!", Self.nr + "SYS_LOG"])])
        #expect(session.journal == Array("journal!".utf8))
        #expect(String(decoding: session.stdout, as: UTF8.self).hasPrefix("hello"))
        #expect(String(decoding: session.stdout, as: UTF8.self).contains("] hello\n"))
        #expect(session.stderr == Array("he".utf8))
        #expect(session.logs == ["hello"])
        // With an all-zero output digest the host keeps no journal.
        let zero = try runProgram(Self.syscall(0, a3: 3, a4: Self.name(2), a5: 8) + RV.halt(), data: [data])
        #expect(zero.journal.isEmpty)
        #expect(try trapOf(Self.syscall(0, a3: 7, a4: Self.name(1), a5: 5), data: [data])?.kind == .badSyscall("Bad write file descriptor 7 (writable: 1 stdout, 2 stderr, 3 journal)"))
        #expect(try trapOf(Self.syscall(4), data: [data])?.kind == .unknownSyscall(Self.nr + "SYS_NOPE"))
        #expect(try trapOf(Self.syscall(0, a3: 1, a4: 0x0bff_fff0, a5: 0x100), data: [data]) != nil)
    }

    @Test func readFollowsPosixIoAndRandomIsRecorded() throws {
        let data = Self.names([Self.nr + "SYS_READ", Self.nr + "SYS_RANDOM"])
        let buffer: UInt32 = 0x10_2000
        // Read 7 bytes: one word into the buffer and 3 tail bytes in a1; then read past EOF.
        let code = Self.syscall(0, buffer: buffer, words: 1, a3: 0, a4: 7) + [RV.add(RV.s0, RV.a0, RV.zero), RV.add(RV.s1, RV.a1, RV.zero)]
            + Self.syscall(0, buffer: buffer + 16, words: 2, a3: 0, a4: 8) + [RV.add(RV.a6, RV.a0, RV.zero)]
            + Self.syscall(1, buffer: buffer + 64, words: 4) + RV.halt()
        let session = try runProgram(code, data: [data], host: Risc0HostEnvironment(stdin: [1, 2, 3, 4, 5, 6, 7, 8, 9], randomness: .seeded(3)))
        #expect(session.registers[RV.s0] == 7)
        #expect(session.registers[RV.s1] == 0x0007_0605)
        #expect(session.registers[RV.a6] == 2)
        #expect(session.record.randomWords.count == 4)
        #expect(session.record.stdin == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let replay = try runProgram(code, data: [data], host: session.record.replayEnvironment)
        #expect(replay.record.randomWords == session.record.randomWords)
        let starved = Risc0HostEnvironment(randomness: .recorded([1]))
        guard case .badSyscall = try trapOf(code, data: [data], host: starved)?.kind else { Issue.record("replay ran out"); return }
    }

    @Test func panicEndsTheRunWithItsMessage() throws {
        let data = Self.names([Self.nr + "SYS_PANIC", "it broke"])
        let trap = try #require(try trapOf(Self.syscall(0, a3: Self.name(1), a4: 8), data: [data]))
        #expect(trap.kind == .guestPanicked("it broke"))
        #expect(trap.description.hasPrefix("Guest panicked: it broke"))
    }

    @Test func shaEcallCompressesBigEndianState() throws {
        // SHA-256("abc") in one padded block.
        var block = [UInt8](repeating: 0, count: 64)
        block[0] = 0x61; block[1] = 0x62; block[2] = 0x63; block[3] = 0x80; block[63] = 24
        let iv = Risc0Digest.bytes(bigEndianWords: SHA256.initialState)
        let data = TestElf.Segment(vaddr: Self.dataBase, bytes: iv + [UInt8](repeating: 0, count: 32) + block, memsz: 0x1000, flags: 6)
        let out = Self.dataBase + 32
        let code = RV.li(RV.t0, 3) + RV.li(RV.a0, out) + RV.li(RV.a1, Self.dataBase) + RV.li(RV.a2, Self.dataBase + 64)
            + RV.li(RV.a3, Self.dataBase + 96) + RV.li(RV.a4, 1) + [RV.ecall]
            + RV.halt(digest: out)
        let session = try runProgram(code, data: [data])
        #expect(Risc0Digest.hex(session.outputDigest) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(session.ecalls.sha == 1)
        let plain = try runProgram(RV.li(RV.t0, 3) + RV.li(RV.a0, out) + RV.li(RV.a1, Self.dataBase) + RV.li(RV.a2, Self.dataBase + 64)
            + RV.li(RV.a3, Self.dataBase + 96) + RV.li(RV.a4, 0) + [RV.ecall] + RV.halt(digest: out), data: [data])
        #expect(session.cycles == plain.cycles + 73)
        let misaligned = RV.li(RV.t0, 3) + RV.li(RV.a0, out) + RV.li(RV.a1, Self.dataBase) + RV.li(RV.a2, Self.dataBase + 66)
            + RV.li(RV.a3, Self.dataBase + 96) + RV.li(RV.a4, 1) + [RV.ecall]
        guard case .badSyscall = try trapOf(misaligned, data: [data])?.kind else { Issue.record("misaligned block"); return }
    }

    @Test func bigintMultipliesModulo() throws {
        #expect(BigInt256.mulMod([7, 0, 0, 0, 0, 0, 0, 0], [9, 0, 0, 0, 0, 0, 0, 0], [10, 0, 0, 0, 0, 0, 0, 0]) == [3, 0, 0, 0, 0, 0, 0, 0])
        let max = [UInt32](repeating: 0xffff_ffff, count: 8)
        let n = [UInt32](repeating: 0xffff_ffff, count: 7) + [0x7fff_ffff]
        // (2²⁵⁶−1)² mod (2²⁵⁵−1): 2²⁵⁶−1 ≡ 1, so the result is 1.
        #expect(BigInt256.mulMod(max, max, n) == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(BigInt256.mulMod(max, [2, 0, 0, 0, 0, 0, 0, 0], [UInt32](repeating: 0, count: 8)) == nil)
    }

    @Test func haltCarriesTheExitCodeAndPauseIsReported() throws {
        #expect(try runProgram(RV.halt(code: 3)).exit == .halted(3))
        let pause = try runProgram(RV.li(RV.t0, 0) + RV.li(RV.a0, 1 | 4 << 8) + RV.li(RV.a1, 0x1000) + [RV.ecall])
        #expect(pause.exit == .paused(4))
        #expect(try trapOf(RV.li(RV.t0, 0) + RV.li(RV.a0, 2) + RV.li(RV.a1, 0x1000) + [RV.ecall])?.kind == .illegalHaltType(2))
        #expect(try trapOf(RV.li(RV.t0, 0) + RV.li(RV.a0, 0) + RV.li(RV.a1, 0x0bff_ffe0) + [RV.ecall]) != nil)
        #expect(try trapOf(RV.li(RV.t0, 9) + [RV.ecall])?.kind == .unknownEcall(9))
    }
}
