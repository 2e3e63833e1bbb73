import SproutCoreHash

/// The ECALL side of the executor: HALT, INPUT, SOFTWARE (host syscalls), SHA, BIGINT
/// (risc0-guest-abi.md §4–§9). Every pointer the guest passes is checked before use.
extension Risc0Executor {
    static let syscallPrefix = "risc0_zkvm_platform::syscall::nr::"

    enum Reg {
        static let t0 = 5, a0 = 10, a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15
    }

    func reg(_ index: Int) -> UInt32 { registers[index] }

    func ecall() throws(Risc0Trap) {
        switch reg(Reg.t0) {
        case 0: try ecallHalt()
        case 1:
            ecalls.input += 1
            _ = try readGuest(reg(Reg.a0), count: 32, what: "INPUT digest")
            pc &+= 4
        case 2: try ecallSoftware()
        case 3: try ecallSHA()
        case 4: try ecallBigInt()
        case let other: throw trap(.unknownEcall(other))
        }
    }

    /// Checked copy of guest bytes `[address, address + count)`.
    func readGuest(_ address: UInt32, count: Int, what: String) throws(Risc0Trap) -> [UInt8] {
        guard count >= 0, count <= Int(Risc0Layout.guestMaxMemory), GuestMemory.isGuest(address, count: UInt32(count)) else {
            throw trap(.badSyscall("\(what): \(count) bytes at 0x\(String(address, radix: 16)) are not inside guest memory"))
        }
        return memory.bytes(at: address, count: count)
    }

    /// Checks `[address, address + count]` (end inclusive, as RISC Zero's host does).
    func checkInclusive(_ address: UInt32, count: UInt64, what: String) throws(Risc0Trap) {
        guard address >= Risc0Layout.guestMinMemory, UInt64(address) + count < UInt64(Risc0Layout.guestMaxMemory) else {
            throw trap(.badSyscall("\(what): 0x\(String(address, radix: 16))..+\(count) is not inside guest memory"))
        }
    }

    // MARK: HALT

    private func ecallHalt() throws(Risc0Trap) {
        ecalls.halt += 1
        let a0 = reg(Reg.a0)
        let digestAddress = reg(Reg.a1)
        try checkInclusive(digestAddress, count: 32, what: "HALT output digest")
        let digest = memory.bytes(at: digestAddress, count: 32)
        let code = UInt8(truncatingIfNeeded: a0 >> 8)
        switch a0 & 0xff {
        case 0: halt = (.halted(code), digest)
        case 1: halt = (.paused(code), digest)
        default: throw trap(.illegalHaltType(a0 & 0xff))
        }
        // The pc stays on the HALT ecall (the claim's post-state pc is haltPC + 4).
    }

    // MARK: SHA

    private func ecallSHA() throws(Risc0Trap) {
        ecalls.sha += 1
        let out = reg(Reg.a0), stateIn = reg(Reg.a1)
        var block1 = reg(Reg.a2), block2 = reg(Reg.a3)
        let count = UInt64(reg(Reg.a4))
        try checkInclusive(stateIn, count: 32, what: "SHA input state")
        try checkInclusive(out, count: 32, what: "SHA output state")
        let extra = 73 * count
        guard cycles + extra <= host.cycleLimit else { throw trap(.cycleLimit(host.cycleLimit)) }
        guard block1 & 3 == 0, block2 & 3 == 0 else {
            throw trap(.badSyscall("SHA block halves 0x\(String(block1, radix: 16)), 0x\(String(block2, radix: 16)) must be 4-byte aligned"))
        }
        let inBytes = memory.bytes(at: stateIn, count: 32)
        var state = [UInt32](repeating: 0, count: 8)
        for i in 0..<8 {
            let b0 = UInt32(inBytes[4 * i]) << 24, b1 = UInt32(inBytes[4 * i + 1]) << 16
            let b2 = UInt32(inBytes[4 * i + 2]) << 8, b3 = UInt32(inBytes[4 * i + 3])
            state[i] = b0 | b1 | b2 | b3
        }
        var block = [UInt32](repeating: 0, count: 16)
        for _ in 0..<count {
            guard GuestMemory.isGuest(block1, count: 32), GuestMemory.isGuest(block2, count: 32) else {
                throw trap(.badSyscall("SHA block 0x\(String(block1, radix: 16))/0x\(String(block2, radix: 16)) is not inside guest memory"))
            }
            for i in 0..<8 {
                block[i] = memory.word(at: block1 + UInt32(4 * i)).byteSwapped
                block[8 + i] = memory.word(at: block2 + UInt32(4 * i)).byteSwapped
            }
            SHA256.compress(&state, block: block)
            block1 &+= 64
            block2 &+= 64
        }
        memory.write(Risc0Digest.bytes(bigEndianWords: state), at: out)
        cycles += extra
        pc &+= 4
    }

    // MARK: BIGINT

    private func ecallBigInt() throws(Risc0Trap) {
        ecalls.bigint += 1
        let z = reg(Reg.a0), op = reg(Reg.a1)
        guard op == 0 else { throw trap(.badSyscall("BIGINT op \(op) is unknown (only 0 = multiply)")) }
        var operands: [[UInt32]] = []
        for (name, address) in [("z", z), ("x", reg(Reg.a2)), ("y", reg(Reg.a3)), ("n", reg(Reg.a4))] {
            guard address & 3 == 0, GuestMemory.isGuest(address, count: 32) else {
                throw trap(.badSyscall("BIGINT \(name) at 0x\(String(address, radix: 16)) must be a 4-aligned guest address"))
            }
            operands.append((0..<8).map { memory.word(at: address + UInt32(4 * $0)) })
        }
        guard let product = BigInt256.mulMod(operands[1], operands[2], operands[3]) else {
            throw trap(.badSyscall("BIGINT with modulus 0 overflowed 256 bits"))
        }
        for (i, word) in product.enumerated() { memory.setWord(word, at: z + UInt32(4 * i)) }
        cycles += 9
        pc &+= 4
    }
}
