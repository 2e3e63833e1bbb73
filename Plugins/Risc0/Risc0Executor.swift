/// Runs an RV32IM guest under RISC Zero 0.20's guest ABI until it halts, traps or reaches
/// its cycle limit (risc0-guest-abi.md §1, §4–§9, §14).
///
/// The interpreter decodes each instruction from memory as it runs it (guests may write
/// their own code; nothing is write-protected), with registers and memory behind raw
/// pointers and no allocation per instruction. Every data access is checked against guest
/// memory and its natural alignment, as RISC Zero's monitor does; a fault ends the run with
/// a ``Risc0Trap``.
///
/// Threading: one executor is one run on one thread; make a new one per run.
public final class Risc0Executor {
    let image: Risc0MemoryImage
    let memory: GuestMemory
    /// Safety: 32 words, allocated in init, freed in deinit; x0 is re-zeroed after every write.
    let registers: UnsafeMutablePointer<UInt32>
    var host: Risc0HostEnvironment
    var pc: UInt32
    var cycles: UInt64 = 0
    var instructions: UInt64 = 0

    // Host-side state of the ecalls.
    var stdinOffset = 0
    var journal: [UInt8] = []
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var logs: [String] = []
    var ecalls = Risc0Session.EcallCounts()
    var randomWords: [UInt32] = []
    var syscallReplies: [SyscallReply] = []
    var randomState: UInt64 = 0
    var recordedRandomIndex = 0
    var halt: (exit: Risc0Exit, digest: [UInt8])?

    public init(image: Risc0MemoryImage, host: Risc0HostEnvironment) throws(Risc0Trap) {
        self.image = image
        self.host = host
        memory = try GuestMemory(image: image)
        registers = .allocate(capacity: 32)
        registers.initialize(repeating: 0, count: 32)
        pc = image.entry
        if case .seeded(let seed) = host.randomness { randomState = seed }
    }

    deinit { registers.deallocate() }

    /// Runs to HALT. `isCancelled` is polled every few million cycles.
    public func run(isCancelled: () -> Bool = { false }) throws(Risc0Trap) -> Risc0Session {
        let slice: UInt64 = 1 << 22
        while halt == nil {
            if isCancelled() { throw Risc0Trap(.cancelled, pc: pc, cycle: cycles) }
            try step(until: min(host.cycleLimit, cycles + slice))
        }
        let (exit, digest) = halt!
        let keepJournal = digest.contains { $0 != 0 }
        return Risc0Session(
            exit: exit, journal: keepJournal ? journal : [], outputDigest: digest, haltPC: pc,
            instructions: instructions, cycles: cycles, stdout: stdout, stderr: stderr, logs: logs, ecalls: ecalls,
            registers: Array(UnsafeBufferPointer(start: registers, count: 32)),
            record: Risc0ExecutionRecord(
                stdin: host.stdin, environment: host.environment, arguments: host.arguments, randomWords: randomWords,
                cycleLimit: host.cycleLimit),
            syscallReplies: syscallReplies, stdinRead: stdinOffset)
    }

    /// The hot loop: executes until HALT or until `cycles` reaches `stop`.
    private func step(until stop: UInt64) throws(Risc0Trap) {
        let mem = memory.base
        let x = registers
        var pc = self.pc
        var cycles = self.cycles
        var instructions = self.instructions
        defer {
            self.pc = pc
            self.cycles = cycles
            self.instructions = instructions
        }
        // Unsigned trick: `a &- minMemory < span` ⇔ minMemory ≤ a < maxMemory.
        let minMemory = Risc0Layout.guestMinMemory
        let span = Risc0Layout.guestMaxMemory - Risc0Layout.guestMinMemory
        while true {
            if cycles >= stop {
                if stop >= host.cycleLimit { throw Risc0Trap(.cycleLimit(host.cycleLimit), pc: pc, cycle: cycles) }
                return
            }
            guard pc & 3 == 0, pc &- minMemory < span else { throw Risc0Trap(.fetchFault(pc), pc: pc, cycle: cycles) }
            // Safety: pc is word-aligned and inside guest memory (checked above).
            let inst = UInt32(littleEndian: mem.load(fromByteOffset: Int(pc), as: UInt32.self))
            let rd = Int(truncatingIfNeeded: (inst >> 7) & 31)
            let rs1 = x[Int(truncatingIfNeeded: (inst >> 15) & 31)]
            let rs2 = x[Int(truncatingIfNeeded: (inst >> 20) & 31)]
            let funct3 = (inst >> 12) & 7
            instructions &+= 1  // < 2⁶⁴: bounded by the cycle limit
            cycles &+= 1  // idem
            switch inst & 0x7f {
            case 0x13:  // OP-IMM
                let imm = UInt32(bitPattern: Int32(bitPattern: inst) >> 20)
                let value: UInt32
                switch funct3 {
                case 0: value = rs1 &+ imm
                case 1:
                    guard inst >> 25 == 0 else { throw illegal(inst, pc, cycles) }
                    value = rs1 << (imm & 31)
                case 2: value = Int32(bitPattern: rs1) < Int32(bitPattern: imm) ? 1 : 0
                case 3: value = rs1 < imm ? 1 : 0
                case 4: value = rs1 ^ imm; cycles &+= 1
                case 5:
                    switch inst >> 25 {
                    case 0x00: value = rs1 >> (imm & 31)
                    case 0x20: value = UInt32(bitPattern: Int32(bitPattern: rs1) >> Int32(imm & 31))
                    default: throw illegal(inst, pc, cycles)
                    }
                    cycles &+= 1
                case 6: value = rs1 | imm; cycles &+= 1
                default: value = rs1 & imm; cycles &+= 1
                }
                x[rd] = value
                pc &+= 4
            case 0x33:  // OP
                let value: UInt32
                switch (inst >> 25, funct3) {
                case (0x00, 0): value = rs1 &+ rs2
                case (0x20, 0): value = rs1 &- rs2
                case (0x00, 1): value = rs1 << (rs2 & 31)
                case (0x00, 2): value = Int32(bitPattern: rs1) < Int32(bitPattern: rs2) ? 1 : 0
                case (0x00, 3): value = rs1 < rs2 ? 1 : 0
                case (0x00, 4): value = rs1 ^ rs2; cycles &+= 1
                case (0x00, 5): value = rs1 >> (rs2 & 31); cycles &+= 1
                case (0x20, 5): value = UInt32(bitPattern: Int32(bitPattern: rs1) >> Int32(rs2 & 31)); cycles &+= 1
                case (0x00, 6): value = rs1 | rs2; cycles &+= 1
                case (0x00, 7): value = rs1 & rs2; cycles &+= 1
                case (0x01, 0): value = rs1 &* rs2
                case (0x01, 1):
                    value = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: rs1)) &* Int64(Int32(bitPattern: rs2))) >> 32)
                case (0x01, 2):
                    // |signed·unsigned| < 2³¹·2³² = 2⁶³: the product fits an Int64.
                    value = UInt32(truncatingIfNeeded: (Int64(Int32(bitPattern: rs1)) &* Int64(rs2)) >> 32)
                case (0x01, 3): value = UInt32(truncatingIfNeeded: (UInt64(rs1) &* UInt64(rs2)) >> 32)
                case (0x01, 4):
                    if rs2 == 0 {
                        value = 0xffff_ffff
                    } else if rs1 == 0x8000_0000 && rs2 == 0xffff_ffff {
                        value = 0x8000_0000
                    } else {
                        value = UInt32(bitPattern: Int32(bitPattern: rs1) / Int32(bitPattern: rs2))
                    }
                    cycles &+= 1
                case (0x01, 5): value = rs2 == 0 ? 0xffff_ffff : rs1 / rs2; cycles &+= 1
                case (0x01, 6):
                    if rs2 == 0 {
                        value = rs1
                    } else if rs1 == 0x8000_0000 && rs2 == 0xffff_ffff {
                        value = 0
                    } else {
                        value = UInt32(bitPattern: Int32(bitPattern: rs1) % Int32(bitPattern: rs2))
                    }
                    cycles &+= 1
                case (0x01, 7): value = rs2 == 0 ? rs1 : rs1 % rs2; cycles &+= 1
                default: throw illegal(inst, pc, cycles)
                }
                x[rd] = value
                pc &+= 4
            case 0x03:  // LOAD
                let address = rs1 &+ UInt32(bitPattern: Int32(bitPattern: inst) >> 20)
                let value: UInt32
                switch funct3 {
                case 0, 4:
                    guard address &- minMemory < span else { throw Risc0Trap(.loadFault(address: address, width: 1), pc: pc, cycle: cycles) }
                    // Safety: address inside guest memory (checked above).
                    let byte = mem.load(fromByteOffset: Int(address), as: UInt8.self)
                    value = funct3 == 0 ? UInt32(bitPattern: Int32(Int8(bitPattern: byte))) : UInt32(byte)
                case 1, 5:
                    guard address &- minMemory < span else { throw Risc0Trap(.loadFault(address: address, width: 2), pc: pc, cycle: cycles) }
                    guard address & 1 == 0 else { throw Risc0Trap(.misalignedLoad(address: address, width: 2), pc: pc, cycle: cycles) }
                    // Safety: 2-aligned and inside guest memory, whose end is 4-aligned.
                    let half = UInt16(littleEndian: mem.load(fromByteOffset: Int(address), as: UInt16.self))
                    value = funct3 == 1 ? UInt32(bitPattern: Int32(Int16(bitPattern: half))) : UInt32(half)
                case 2:
                    guard address &- minMemory < span else { throw Risc0Trap(.loadFault(address: address, width: 4), pc: pc, cycle: cycles) }
                    guard address & 3 == 0 else { throw Risc0Trap(.misalignedLoad(address: address, width: 4), pc: pc, cycle: cycles) }
                    // Safety: 4-aligned and inside guest memory, whose end is 4-aligned.
                    value = UInt32(littleEndian: mem.load(fromByteOffset: Int(address), as: UInt32.self))
                default: throw illegal(inst, pc, cycles)
                }
                x[rd] = value
                pc &+= 4
            case 0x23:  // STORE
                let imm = UInt32(bitPattern: Int32(bitPattern: inst & 0xfe00_0000) >> 20) | ((inst >> 7) & 31)
                let address = rs1 &+ imm
                switch funct3 {
                case 0:
                    guard address &- minMemory < span else { throw Risc0Trap(.storeFault(address: address, width: 1), pc: pc, cycle: cycles) }
                    mem.storeBytes(of: UInt8(truncatingIfNeeded: rs2), toByteOffset: Int(address), as: UInt8.self)
                case 1:
                    guard address &- minMemory < span else { throw Risc0Trap(.storeFault(address: address, width: 2), pc: pc, cycle: cycles) }
                    guard address & 1 == 0 else { throw Risc0Trap(.misalignedStore(address: address, width: 2), pc: pc, cycle: cycles) }
                    mem.storeBytes(of: UInt16(truncatingIfNeeded: rs2).littleEndian, toByteOffset: Int(address), as: UInt16.self)
                case 2:
                    guard address &- minMemory < span else { throw Risc0Trap(.storeFault(address: address, width: 4), pc: pc, cycle: cycles) }
                    guard address & 3 == 0 else { throw Risc0Trap(.misalignedStore(address: address, width: 4), pc: pc, cycle: cycles) }
                    mem.storeBytes(of: rs2.littleEndian, toByteOffset: Int(address), as: UInt32.self)
                default: throw illegal(inst, pc, cycles)
                }
                pc &+= 4
            case 0x63:  // BRANCH
                let taken: Bool
                switch funct3 {
                case 0: taken = rs1 == rs2
                case 1: taken = rs1 != rs2
                case 4: taken = Int32(bitPattern: rs1) < Int32(bitPattern: rs2)
                case 5: taken = Int32(bitPattern: rs1) >= Int32(bitPattern: rs2)
                case 6: taken = rs1 < rs2
                case 7: taken = rs1 >= rs2
                default: throw illegal(inst, pc, cycles)
                }
                if taken {
                    let imm = UInt32(bitPattern: Int32(bitPattern: inst & 0x8000_0000) >> 19) | ((inst & 0x80) << 4)
                        | ((inst >> 20) & 0x7e0) | ((inst >> 7) & 0x1e)
                    pc &+= imm
                } else {
                    pc &+= 4
                }
            case 0x6f:  // JAL
                let imm = UInt32(bitPattern: Int32(bitPattern: inst & 0x8000_0000) >> 11) | (inst & 0xff000)
                    | ((inst >> 9) & 0x800) | ((inst >> 20) & 0x7fe)
                x[rd] = pc &+ 4
                pc &+= imm
            case 0x67:  // JALR
                guard funct3 == 0 else { throw illegal(inst, pc, cycles) }
                let target = (rs1 &+ UInt32(bitPattern: Int32(bitPattern: inst) >> 20)) & ~1
                x[rd] = pc &+ 4
                pc = target
            case 0x37:  // LUI
                x[rd] = inst & 0xffff_f000
                pc &+= 4
            case 0x17:  // AUIPC
                x[rd] = pc &+ (inst & 0xffff_f000)
                pc &+= 4
            case 0x73:  // SYSTEM: ECALL and EBREAK only, both dispatched on t0
                guard inst & ~0x0010_0000 == 0x73 else { throw illegal(inst, pc, cycles) }
                self.pc = pc
                self.cycles = cycles
                self.instructions = instructions
                try ecall()
                pc = self.pc
                cycles = self.cycles
                if halt != nil { return }
            default:
                if inst & 3 != 3 {
                    throw Risc0Trap(.compressedInstruction(UInt16(truncatingIfNeeded: inst)), pc: pc, cycle: cycles)
                }
                throw illegal(inst, pc, cycles)
            }
            x[0] = 0
        }
    }

    @inline(never)
    private func illegal(_ inst: UInt32, _ pc: UInt32, _ cycles: UInt64) -> Risc0Trap {
        Risc0Trap(.illegalInstruction(inst), pc: pc, cycle: cycles)
    }

    func trap(_ kind: Risc0Trap.Kind) -> Risc0Trap { Risc0Trap(kind, pc: pc, cycle: cycles) }
}
