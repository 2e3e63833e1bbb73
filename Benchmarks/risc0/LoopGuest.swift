/// The benchmark's guest: a raw RV32IM ELF whose loop mixes ALU, loads/stores, MUL, DIVU and
/// branches (as the executor benchmark's loop), run for a given number of iterations, then
/// HALT with exit code 0 and an all-zero output digest (an empty journal).
///
/// Its own tiny encoder: the test assembler lives in the test target, which an executable
/// cannot import.
struct LoopGuest {
    /// Instructions per loop iteration (`loopBody.count`).
    static let instructionsPerIteration = 12
    static let textBase: UInt32 = 0x0020_0800

    let iterations: UInt32

    static func r(_ f7: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ f3: UInt32, _ rd: UInt32) -> UInt32 { f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x33 }
    static func i(_ imm: Int32, _ rs1: UInt32, _ f3: UInt32, _ rd: UInt32, _ op: UInt32) -> UInt32 {
        UInt32(bitPattern: imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op
    }
    static func s(_ imm: Int32, _ rs2: UInt32, _ rs1: UInt32, _ f3: UInt32) -> UInt32 {
        let v = UInt32(bitPattern: imm)
        return (v >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (v & 0x1f) << 7 | 0x23
    }
    static func bne(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 {
        let v = UInt32(bitPattern: offset)
        return (v >> 12 & 1) << 31 | (v >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12 | (v >> 1 & 0xf) << 8 | (v >> 11 & 1) << 7 | 0x63
    }
    /// `rd ← value` (LUI + ADDI with the carry of the sign-extended low part).
    static func li(_ rd: UInt32, _ value: UInt32) -> [UInt32] {
        let low = Int32(bitPattern: value << 20) >> 20
        let upper = (value &- UInt32(bitPattern: low)) >> 12
        return [upper << 12 | rd << 7 | 0x37, i(low, rd, 0, rd, 0x13)]
    }

    var code: [UInt32] {
        let (t0, t1, s1, a0, a1, a2, a3, a4, a5, a6, a7): (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17)
        var code = Self.li(s1, 0x10_0000) + Self.li(t1, iterations) + Self.li(a2, 12345)
        code += [
            Self.i(-1, t1, 0, t1, 0x13),  // addi t1, t1, -1
            Self.r(0, a1, a2, 4, a3),  // xor a3, a2, a1
            Self.s(0, a3, s1, 2),  // sw a3, 0(s1)
            Self.i(0, s1, 2, a4, 0x03),  // lw a4, 0(s1)
            Self.r(1, a2, a4, 0, a5),  // mul a5, a4, a2
            Self.i(3, a5, 5, a5, 0x13),  // srli a5, a5, 3
            Self.r(1, a2, a5, 5, a6),  // divu a6, a5, a2
            Self.s(5, a6, s1, 0),  // sb a6, 5(s1)
            Self.i(5, s1, 4, a7, 0x03),  // lbu a7, 5(s1)
            Self.r(0, a7, a2, 0, a2),  // add a2, a2, a7
            Self.i(1, a1, 0, a1, 0x13),  // addi a1, a1, 1
            Self.bne(t1, 0, -44),
        ]
        return code + Self.li(t0, 0) + Self.li(a0, 0) + Self.li(a1, 0x1000) + [0x73]  // HALT(0), digest at 0x1000 (zeros)
    }

    /// A one-segment ELF32 (R+X text at `textBase`, entry at its start).
    var elf: [UInt8] {
        let text = code.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        var out = [UInt8](repeating: 0, count: 84)
        func put16(_ v: UInt16, _ at: Int) { out[at] = UInt8(v & 0xff); out[at + 1] = UInt8(v >> 8) }
        func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { out[at + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) } }
        out[0] = 0x7f; out[1] = 0x45; out[2] = 0x4c; out[3] = 0x46; out[4] = 1; out[5] = 1; out[6] = 1
        put16(2, 16); put16(243, 18); put32(1, 20); put32(Self.textBase, 24); put32(52, 28); put16(52, 40); put16(32, 42); put16(1, 44)
        put32(1, 52); put32(84, 56); put32(Self.textBase, 60); put32(Self.textBase, 64)
        put32(UInt32(text.count), 68); put32(UInt32(text.count), 72); put32(5, 76); put32(4, 80)
        return out + text
    }
}
