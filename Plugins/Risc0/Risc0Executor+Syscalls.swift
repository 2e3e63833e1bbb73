/// SOFTWARE ecalls: the host syscalls of RISC Zero 0.20 (risc0-guest-abi.md §6).
extension Risc0Executor {
    /// What a host syscall hands back: the words for the guest's buffer and (a0, a1). The
    /// session keeps the replies as written to the guest (the prover's witness of host data).
    struct SyscallReply {
        var words: [UInt32] = []
        var a0: UInt32 = 0
        var a1: UInt32 = 0
    }

    func ecallSoftware() throws(Risc0Trap) {
        ecalls.software += 1
        let toGuest = reg(Reg.a0)
        let toGuestWords = reg(Reg.a1)
        let name = try syscallName(at: reg(Reg.a2))
        if toGuest != 0 {
            try checkInclusive(toGuest, count: 4 * UInt64(toGuestWords), what: "\(name) reply buffer")
        }
        let extra = 2 + (UInt64(toGuestWords) + 3) / 4 * 4  // 2 + align_up(words, 4), as RISC Zero 0.20 counts
        let shortName = name.hasPrefix(Self.syscallPrefix) ? String(name.dropFirst(Self.syscallPrefix.count)) : name
        ecalls.syscalls[shortName, default: 0] += 1
        // With no buffer the reply's words go nowhere; handlers still see the requested capacity.
        let capacity = Int(toGuestWords)
        let reply: SyscallReply
        switch name.hasPrefix(Self.syscallPrefix) ? shortName : "" {
        case "SYS_READ": reply = try sysRead(capacity: capacity)
        case "SYS_WRITE": reply = try sysWrite()
        case "SYS_LOG":
            let message = try readGuest(reg(Reg.a3), count: Int(reg(Reg.a4)), what: "SYS_LOG message")
            let text = String(decoding: message, as: UTF8.self)
            logs.append(text)
            capture(Array("R0VM[\(cycles)] \(text)\n".utf8), into: &stdout)
            reply = SyscallReply()
        case "SYS_PANIC":
            let message = try readGuest(reg(Reg.a3), count: Int(reg(Reg.a4)), what: "SYS_PANIC message")
            throw trap(.guestPanicked(String(decoding: message, as: UTF8.self)))
        case "SYS_RANDOM": reply = try sysRandom(words: toGuest == 0 ? 0 : capacity)
        case "SYS_GETENV":
            let key = try readGuest(reg(Reg.a3), count: Int(reg(Reg.a4)), what: "SYS_GETENV name")
            if let value = host.environment[String(decoding: key, as: UTF8.self)] {
                reply = Self.copyReply(Array(value.utf8), capacity: capacity)
            } else {
                reply = SyscallReply(a0: 0xffff_ffff)
            }
        case "SYS_ARGC": reply = SyscallReply(a0: UInt32(host.arguments.count))
        case "SYS_ARGV":
            let index = Int(reg(Reg.a3))
            guard index < host.arguments.count else {
                throw trap(.badSyscall("SYS_ARGV index \(index) is out of range (argc = \(host.arguments.count))"))
            }
            reply = Self.copyReply(Array(host.arguments[index].utf8), capacity: capacity)
        case "SYS_CYCLE_COUNT": reply = SyscallReply(a0: UInt32(truncatingIfNeeded: cycles))
        case "SYS_VERIFY", "SYS_VERIFY_INTEGRITY":
            throw trap(.unsupported("the guest called \(shortName) (env::verify, receipt composition), which this engine does not support"))
        default: throw trap(.unknownSyscall(name))
        }
        var written: [UInt32] = []
        if toGuest != 0 && toGuestWords > 0 {
            written = Array(reply.words.prefix(capacity)) + [UInt32](repeating: 0, count: max(0, capacity - reply.words.count))
            var bytes = [UInt8](repeating: 0, count: 4 * capacity)
            for (i, word) in reply.words.prefix(capacity).enumerated() {
                bytes[4 * i] = UInt8(truncatingIfNeeded: word)
                bytes[4 * i + 1] = UInt8(truncatingIfNeeded: word >> 8)
                bytes[4 * i + 2] = UInt8(truncatingIfNeeded: word >> 16)
                bytes[4 * i + 3] = UInt8(truncatingIfNeeded: word >> 24)
            }
            memory.write(bytes, at: toGuest)
        }
        registers[Reg.a0] = reply.a0
        registers[Reg.a1] = reply.a1
        syscallReplies.append(SyscallReply(words: written, a0: reply.a0, a1: reply.a1))
        cycles += extra
        pc &+= 4
    }

    /// The NUL-terminated syscall name at `address` (at most 1 KiB, inside guest memory, UTF-8).
    private func syscallName(at address: UInt32) throws(Risc0Trap) -> String {
        var bytes: [UInt8] = []
        var cursor = address
        while true {
            guard GuestMemory.isGuest(cursor, count: 1) else {
                throw trap(.badSyscall("the syscall name at 0x\(String(address, radix: 16)) runs outside guest memory"))
            }
            let byte = memory.bytes(at: cursor, count: 1)[0]
            if byte == 0 { break }
            bytes.append(byte)
            guard bytes.count <= 1024 else { throw trap(.badSyscall("the syscall name at 0x\(String(address, radix: 16)) is longer than 1 KiB")) }
            cursor += 1
        }
        guard let name = String(validating: bytes, as: UTF8.self) else {
            throw trap(.badSyscall("the syscall name at 0x\(String(address, radix: 16)) is not UTF-8"))
        }
        return name
    }

    /// `min(4·capacity, len)` bytes of `value` as words; a0 = the full length.
    static func copyReply(_ value: [UInt8], capacity: Int) -> SyscallReply {
        var reply = SyscallReply(a0: UInt32(value.count))
        reply.words = packWords(value.prefix(4 * capacity))
        return reply
    }

    static func packWords(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        var words: [UInt32] = []
        words.reserveCapacity((bytes.count + 3) / 4)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            var word: UInt32 = 0
            for k in 0..<min(4, bytes.endIndex - i) { word |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
            words.append(word)
            i += 4
        }
        return words
    }

    /// SYS_READ exactly as RISC Zero's `PosixIo::sys_read` (§6.3): fill the buffer, then up
    /// to `nbytes − main ≤ 4` more bytes into a1.
    private func sysRead(capacity: Int) throws(Risc0Trap) -> SyscallReply {
        let fd = reg(Reg.a3)
        let nbytes = Int(reg(Reg.a4))
        guard fd == 0 else { throw trap(.badSyscall("SYS_READ from fd \(fd): only fd 0 (stdin) is readable")) }
        guard capacity <= nbytes / 4 else {
            throw trap(.badSyscall("SYS_READ buffer of \(capacity) words is larger than the \(nbytes) bytes asked for"))
        }
        let available = host.stdin.count - stdinOffset
        let main = min(4 * capacity, available)
        var reply = SyscallReply()
        reply.words = Self.packWords(host.stdin[stdinOffset..<(stdinOffset + main)])
        stdinOffset += main
        let rest = nbytes - main
        var tail = 0
        if rest <= 4 {
            tail = min(rest, host.stdin.count - stdinOffset)
            for k in 0..<tail { reply.a1 |= UInt32(host.stdin[stdinOffset + k]) << (8 * UInt32(k)) }
            stdinOffset += tail
        }
        reply.a0 = UInt32(main + tail)
        return reply
    }

    private func sysWrite() throws(Risc0Trap) -> SyscallReply {
        let fd = reg(Reg.a3)
        let bytes = try readGuest(reg(Reg.a4), count: Int(reg(Reg.a5)), what: "SYS_WRITE data")
        switch fd {
        case 1: capture(bytes, into: &stdout)
        case 2: capture(bytes, into: &stderr)
        case 3: journal.append(contentsOf: bytes)
        default: throw trap(.badSyscall("Bad write file descriptor \(fd) (writable: 1 stdout, 2 stderr, 3 journal)"))
        }
        return SyscallReply()
    }

    private func capture(_ bytes: [UInt8], into stream: inout [UInt8]) {
        let room = max(0, host.outputCapture - stream.count)
        stream.append(contentsOf: bytes.prefix(room))
    }

    private func sysRandom(words: Int) throws(Risc0Trap) -> SyscallReply {
        var reply = SyscallReply()
        reply.words.reserveCapacity(words)
        for _ in 0..<words {
            let word: UInt32
            switch host.randomness {
            case .system:
                var generator = SystemRandomNumberGenerator()
                word = generator.next()
            case .seeded:
                // SplitMix64: a deterministic stream for reproducible runs (not for secrets).
                randomState &+= 0x9e37_79b9_7f4a_7c15
                var z = randomState
                z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
                z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
                word = UInt32(truncatingIfNeeded: z ^ (z >> 31))
            case .recorded(let recorded):
                guard recordedRandomIndex < recorded.count else {
                    throw trap(.badSyscall("SYS_RANDOM asked for more words than the recording holds (\(recorded.count)); the replay diverged"))
                }
                word = recorded[recordedRandomIndex]
                recordedRandomIndex += 1
            }
            reply.words.append(word)
            randomWords.append(word)
        }
        return reply
    }
}
