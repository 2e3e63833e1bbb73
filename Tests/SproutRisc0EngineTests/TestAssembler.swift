@testable import SproutRisc0Engine

/// A tiny RV32IM assembler for hand-written test programs: one function per encoding.
enum RV {
    // ABI register numbers.
    static let zero = 0, ra = 1, sp = 2, t0 = 5, t1 = 6, t2 = 7, s0 = 8, s1 = 9
    static let a0 = 10, a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15, a6 = 16, a7 = 17

    static func r(_ funct7: UInt32, _ rs2: Int, _ rs1: Int, _ funct3: UInt32, _ rd: Int, _ opcode: UInt32) -> UInt32 {
        funct7 << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | funct3 << 12 | UInt32(rd) << 7 | opcode
    }
    static func i(_ imm: Int32, _ rs1: Int, _ funct3: UInt32, _ rd: Int, _ opcode: UInt32) -> UInt32 {
        (UInt32(bitPattern: imm) & 0xfff) << 20 | UInt32(rs1) << 15 | funct3 << 12 | UInt32(rd) << 7 | opcode
    }
    static func s(_ imm: Int32, _ rs2: Int, _ rs1: Int, _ funct3: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 5 & 0x7f) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | funct3 << 12 | (u & 31) << 7 | 0x23
    }
    static func b(_ offset: Int32, _ rs2: Int, _ rs1: Int, _ funct3: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: offset)
        return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | funct3 << 12
            | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63
    }

    static func add(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 0, rd, 0x33) }
    static func sub(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0x20, rs2, rs1, 0, rd, 0x33) }
    static func sll(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 1, rd, 0x33) }
    static func slt(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 2, rd, 0x33) }
    static func sltu(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 3, rd, 0x33) }
    static func xor(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 4, rd, 0x33) }
    static func srl(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 5, rd, 0x33) }
    static func sra(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0x20, rs2, rs1, 5, rd, 0x33) }
    static func or(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 6, rd, 0x33) }
    static func and(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(0, rs2, rs1, 7, rd, 0x33) }
    static func mul(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 0, rd, 0x33) }
    static func mulh(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 1, rd, 0x33) }
    static func mulhsu(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 2, rd, 0x33) }
    static func mulhu(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 3, rd, 0x33) }
    static func div(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 4, rd, 0x33) }
    static func divu(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 5, rd, 0x33) }
    static func rem(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 6, rd, 0x33) }
    static func remu(_ rd: Int, _ rs1: Int, _ rs2: Int) -> UInt32 { r(1, rs2, rs1, 7, rd, 0x33) }

    static func addi(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x13) }
    static func slti(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 2, rd, 0x13) }
    static func sltiu(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 3, rd, 0x13) }
    static func xori(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 4, rd, 0x13) }
    static func ori(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 6, rd, 0x13) }
    static func andi(_ rd: Int, _ rs1: Int, _ imm: Int32) -> UInt32 { i(imm, rs1, 7, rd, 0x13) }
    static func slli(_ rd: Int, _ rs1: Int, _ shamt: Int32) -> UInt32 { i(shamt, rs1, 1, rd, 0x13) }
    static func srli(_ rd: Int, _ rs1: Int, _ shamt: Int32) -> UInt32 { i(shamt, rs1, 5, rd, 0x13) }
    static func srai(_ rd: Int, _ rs1: Int, _ shamt: Int32) -> UInt32 { i(shamt | 0x400, rs1, 5, rd, 0x13) }

    static func lb(_ rd: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { i(offset, rs1, 0, rd, 0x03) }
    static func lh(_ rd: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { i(offset, rs1, 1, rd, 0x03) }
    static func lw(_ rd: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { i(offset, rs1, 2, rd, 0x03) }
    static func lbu(_ rd: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { i(offset, rs1, 4, rd, 0x03) }
    static func lhu(_ rd: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { i(offset, rs1, 5, rd, 0x03) }
    static func sb(_ rs2: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { s(offset, rs2, rs1, 0) }
    static func sh(_ rs2: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { s(offset, rs2, rs1, 1) }
    static func sw(_ rs2: Int, _ offset: Int32, _ rs1: Int) -> UInt32 { s(offset, rs2, rs1, 2) }

    static func beq(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 0) }
    static func bne(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 1) }
    static func blt(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 4) }
    static func bge(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 5) }
    static func bltu(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 6) }
    static func bgeu(_ rs1: Int, _ rs2: Int, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 7) }

    static func lui(_ rd: Int, _ upper: UInt32) -> UInt32 { upper << 12 | UInt32(rd) << 7 | 0x37 }
    static func auipc(_ rd: Int, _ upper: UInt32) -> UInt32 { upper << 12 | UInt32(rd) << 7 | 0x17 }
    static func jal(_ rd: Int, _ offset: Int32) -> UInt32 {
        let u = UInt32(bitPattern: offset)
        return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 | UInt32(rd) << 7 | 0x6f
    }
    static func jalr(_ rd: Int, _ rs1: Int, _ offset: Int32) -> UInt32 { i(offset, rs1, 0, rd, 0x67) }
    static let ecall: UInt32 = 0x73
    static let ebreak: UInt32 = 0x0010_0073

    /// `rd ← value` in two instructions (LUI + ADDI with the carry of the sign-extended low part).
    static func li(_ rd: Int, _ value: UInt32) -> [UInt32] {
        let low = Int32(bitPattern: value << 20) >> 20
        let upper = (value &- UInt32(bitPattern: low)) >> 12
        return [lui(rd, upper), addi(rd, rd, low)]
    }

    /// HALT TERMINATE with `code`; the output digest is the 32 bytes at `digest`.
    static func halt(code: UInt32 = 0, digest: UInt32 = 0x1000) -> [UInt32] {
        li(t0, 0) + li(a0, code << 8) + li(a1, digest) + [ecall]
    }
}

/// Builds ELF32 RISC-V executables for the tests.
struct TestElf {
    struct Segment {
        var vaddr: UInt32
        var bytes: [UInt8]
        var memsz: UInt32? = nil
        var flags: UInt32 = 5  // R+X
        var type: UInt32 = 1
    }

    var segments: [Segment]
    var entry: UInt32
    var elfClass: UInt8 = 1
    var dataEncoding: UInt8 = 1
    var machine: UInt16 = 243
    var type: UInt16 = 2
    var flags: UInt32 = 0

    static let textBase: UInt32 = 0x0020_0800

    /// One R+X segment holding `code` at the conventional text address, entry at its start.
    init(code: [UInt32], data: [Segment] = []) {
        segments = [Segment(vaddr: Self.textBase, bytes: code.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } })] + data
        entry = Self.textBase
    }

    var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 52)
        func put16(_ v: UInt16, _ at: Int) { out[at] = UInt8(v & 0xff); out[at + 1] = UInt8(v >> 8) }
        func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) } }
        out[0] = 0x7f; out[1] = 0x45; out[2] = 0x4c; out[3] = 0x46
        out[4] = elfClass; out[5] = dataEncoding; out[6] = 1
        put16(type, 16); put16(machine, 18); put32(1, 20); put32(entry, 24)
        put32(52, 28); put32(flags, 36); put16(52, 40); put16(32, 42); put16(UInt16(segments.count), 44)
        var offset = 52 + 32 * segments.count
        out += [UInt8](repeating: 0, count: 32 * segments.count)
        for (n, segment) in segments.enumerated() {
            let at = 52 + 32 * n
            put32(segment.type, at); put32(UInt32(offset), at + 4); put32(segment.vaddr, at + 8); put32(segment.vaddr, at + 12)
            put32(UInt32(segment.bytes.count), at + 16); put32(segment.memsz ?? UInt32(segment.bytes.count), at + 20)
            put32(segment.flags, at + 24); put32(4, at + 28)
            offset += segment.bytes.count
        }
        for segment in segments { out += segment.bytes }
        return out
    }
}

/// Runs a hand-written program (code at 0x200800) to HALT.
func runProgram(_ code: [UInt32], data: [TestElf.Segment] = [], host: Risc0HostEnvironment = Risc0HostEnvironment(randomness: .seeded(7))) throws -> Risc0Session {
    let elf = try Risc0Elf(bytes: TestElf(code: code, data: data).bytes)
    return try Risc0Executor(image: Risc0MemoryImage(elf: elf), host: host).run()
}

/// Runs a program and returns its trap (or nil if it halted).
func trapOf(_ code: [UInt32], data: [TestElf.Segment] = [], host: Risc0HostEnvironment = Risc0HostEnvironment(randomness: .seeded(7))) throws -> Risc0Trap? {
    let elf = try Risc0Elf(bytes: TestElf(code: code, data: data).bytes)
    do {
        _ = try Risc0Executor(image: Risc0MemoryImage(elf: elf), host: host).run()
        return nil
    } catch {
        return error
    }
}
