@testable import SproutRisc0Engine
import Testing

/// RV32IM semantics on hand-assembled programs (the RISC-V unprivileged ISA, RV32I + M).
@Suite struct InstructionTests {
    /// Loads `a` into a1 and `b` into a2, applies `op` into a0, halts; returns a0.
    func binary(_ op: (Int, Int, Int) -> UInt32, _ a: UInt32, _ b: UInt32) throws -> UInt32 {
        let session = try runProgram(RV.li(RV.a1, a) + RV.li(RV.a2, b) + [op(RV.s0, RV.a1, RV.a2)] + RV.halt())
        return session.registers[RV.s0]
    }

    @Test func divisionEdgeCases() throws {
        #expect(try binary(RV.div, 7, 0) == 0xffff_ffff)
        #expect(try binary(RV.divu, 7, 0) == 0xffff_ffff)
        #expect(try binary(RV.rem, 7, 0) == 7)
        #expect(try binary(RV.remu, 0xffff_fff9, 0) == 0xffff_fff9)
        #expect(try binary(RV.div, 0x8000_0000, 0xffff_ffff) == 0x8000_0000)
        #expect(try binary(RV.rem, 0x8000_0000, 0xffff_ffff) == 0)
        #expect(try binary(RV.div, UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -3))
        #expect(try binary(RV.rem, UInt32(bitPattern: -7), 2) == UInt32(bitPattern: -1))
        #expect(try binary(RV.rem, 7, UInt32(bitPattern: -2)) == 1)
        #expect(try binary(RV.divu, UInt32(bitPattern: -7), 2) == 0x7fff_fffc)
        #expect(try binary(RV.remu, UInt32(bitPattern: -7), 2) == 1)
    }

    @Test func multiplication() throws {
        #expect(try binary(RV.mul, 0x1234_5678, 0x9abc_def0) == 0x1234_5678 &* 0x9abc_def0)
        #expect(try binary(RV.mulh, 0x8000_0000, 0x8000_0000) == 0x4000_0000)
        #expect(try binary(RV.mulh, UInt32(bitPattern: -1), 1) == 0xffff_ffff)
        #expect(try binary(RV.mulhu, 0xffff_ffff, 0xffff_ffff) == 0xffff_fffe)
        #expect(try binary(RV.mulhsu, UInt32(bitPattern: -1), 0xffff_ffff) == 0xffff_ffff)
        #expect(try binary(RV.mulhsu, 0x8000_0000, 0xffff_ffff) == 0x8000_0000)
        #expect(try binary(RV.mulhsu, 2, 0x8000_0000) == 1)
    }

    @Test func shiftsUseTheLowFiveBits() throws {
        #expect(try binary(RV.sll, 1, 33) == 2)
        #expect(try binary(RV.srl, 0x8000_0000, 63) == 1)
        #expect(try binary(RV.sra, 0x8000_0000, 31) == 0xffff_ffff)
        #expect(try binary(RV.sra, 0x8000_0000, 32) == 0x8000_0000)
        let session = try runProgram(
            RV.li(RV.a1, 0x8000_0001) + [RV.slli(RV.a2, RV.a1, 31), RV.srli(RV.a3, RV.a1, 31), RV.srai(RV.a4, RV.a1, 4)] + RV.halt())
        #expect(session.registers[RV.a2] == 0x8000_0000)
        #expect(session.registers[RV.a3] == 1)
        #expect(session.registers[RV.a4] == 0xf800_0000)
    }

    @Test func comparisonsAndLogic() throws {
        #expect(try binary(RV.slt, UInt32(bitPattern: -1), 0) == 1)
        #expect(try binary(RV.sltu, UInt32(bitPattern: -1), 0) == 0)
        #expect(try binary(RV.xor, 0xf0f0_f0f0, 0xff00_ff00) == 0x0ff0_0ff0)
        #expect(try binary(RV.or, 0xf0f0_f0f0, 0x0f00_0000) == 0xfff0_f0f0)
        #expect(try binary(RV.and, 0xf0f0_f0f0, 0xff00_ff00) == 0xf000_f000)
        #expect(try binary(RV.sub, 0, 1) == 0xffff_ffff)
        let session = try runProgram(
            RV.li(RV.a1, 5) + [
                RV.slti(RV.a2, RV.a1, -1), RV.sltiu(RV.a3, RV.a1, -1), RV.xori(RV.a4, RV.a1, -1),
                RV.ori(RV.a5, RV.a1, 0x7f0), RV.andi(RV.a6, RV.a1, -4), RV.addi(RV.zero, RV.a1, 1),
            ] + RV.halt())
        #expect(session.registers[RV.a2] == 0)
        #expect(session.registers[RV.a3] == 1)  // -1 is 0xffffffff unsigned
        #expect(session.registers[RV.a4] == 0xffff_fffa)
        #expect(session.registers[RV.a5] == 0x7f5)
        #expect(session.registers[RV.a6] == 4)
        #expect(session.registers[0] == 0)
    }

    @Test func loadsAndStoresOfAllWidths() throws {
        let base: UInt32 = 0x10_0000
        let session = try runProgram(
            RV.li(RV.s1, base) + RV.li(RV.a1, 0x8281_f0e0) + [
                RV.sw(RV.a1, 0, RV.s1),
                RV.lb(RV.a2, 0, RV.s1), RV.lbu(RV.a3, 0, RV.s1), RV.lh(RV.a4, 2, RV.s1), RV.lhu(RV.a5, 2, RV.s1),
                RV.lw(RV.a6, 0, RV.s1),
                RV.sb(RV.a1, 5, RV.s1), RV.sh(RV.a1, 6, RV.s1), RV.lw(RV.a7, 4, RV.s1),
                RV.lb(RV.t1, 1, RV.s1),
            ] + RV.halt())
        let r = session.registers
        #expect(r[RV.a2] == 0xffff_ffe0)
        #expect(r[RV.a3] == 0xe0)
        #expect(r[RV.a4] == 0xffff_8281)
        #expect(r[RV.a5] == 0x8281)
        #expect(r[RV.a6] == 0x8281_f0e0)
        #expect(r[RV.a7] == 0xf0e0_e000)
        #expect(r[RV.t1] == 0xffff_fff0)
    }

    @Test func branchesJumpsAndUpperImmediates() throws {
        // Each branch that must be taken skips an `addi s0, s0, 1`; each not taken falls into
        // one `addi s1, s1, 1`. Expect s0 = 0 and s1 = 6.
        var code = RV.li(RV.a1, UInt32(bitPattern: -1)) + RV.li(RV.a2, 1)
        for taken in [RV.beq(RV.a1, RV.a1, 8), RV.bne(RV.a1, RV.a2, 8), RV.blt(RV.a1, RV.a2, 8), RV.bge(RV.a2, RV.a1, 8), RV.bltu(RV.a2, RV.a1, 8), RV.bgeu(RV.a1, RV.a2, 8)] {
            code += [taken, RV.addi(RV.s0, RV.s0, 1)]
        }
        for notTaken in [RV.beq(RV.a1, RV.a2, 8), RV.bne(RV.a1, RV.a1, 8), RV.blt(RV.a2, RV.a1, 8), RV.bge(RV.a1, RV.a2, 8), RV.bltu(RV.a1, RV.a2, 8), RV.bgeu(RV.a2, RV.a1, 8)] {
            code += [notTaken, RV.addi(RV.s1, RV.s1, 1)]
        }
        let pcJal = TestElf.textBase + UInt32(4 * code.count)
        code += [RV.jal(RV.ra, 8), RV.addi(RV.s0, RV.s0, 100)]
        code += [RV.auipc(RV.a3, 0x12345), RV.lui(RV.a4, 0xfffff)]
        // jalr to (auipc pc + 16) | 1, past the +1000: the low bit is cleared.
        code += [RV.auipc(RV.t1, 0), RV.addi(RV.t1, RV.t1, 17), RV.jalr(RV.t2, RV.t1, 0), RV.addi(RV.s0, RV.s0, 1000)]
        code += [RV.jal(RV.zero, 12), RV.addi(RV.s0, RV.s0, 7), RV.jal(RV.zero, 8), RV.beq(RV.zero, RV.zero, -8)] + RV.halt()
        let session = try runProgram(code)
        let r = session.registers
        #expect(r[RV.s0] == 7)  // only the backward branch lands on +7
        #expect(r[RV.s1] == 6)
        #expect(r[RV.ra] == pcJal + 4)
        #expect(r[RV.a3] == pcJal + 8 &+ 0x1234_5000)
        #expect(r[RV.a4] == 0xffff_f000)
        #expect(r[RV.t2] == pcJal + 28)
    }

    @Test func cyclesCountTwoForBitwiseShiftAndDivide() throws {
        let plain = try runProgram(RV.halt())
        let costly = try runProgram([RV.xor(RV.a1, RV.a1, RV.a1), RV.div(RV.a1, RV.a1, RV.a1), RV.add(RV.a1, RV.a1, RV.a1)] + RV.halt())
        #expect(costly.instructions == plain.instructions + 3)
        #expect(costly.cycles == plain.cycles + 5)
    }

    @Test func cycleLimitStopsAnInfiniteLoop() throws {
        let host = Risc0HostEnvironment(cycleLimit: 10_000)
        let trap = try #require(try trapOf([RV.addi(RV.a1, RV.a1, 1), RV.jal(RV.zero, -4)], host: host))
        #expect(trap.kind == .cycleLimit(10_000))
        #expect(trap.cycle == 10_000)
        #expect(trap.pc == TestElf.textBase)
        #expect(trap.description.contains("pc 0x200800"))
    }

    @Test func misalignedAndOutOfRangeAccessesFault() throws {
        let base = RV.li(RV.s1, 0x10_0000)
        #expect(try trapOf(base + [RV.lw(RV.a1, 2, RV.s1)])?.kind == .misalignedLoad(address: 0x10_0002, width: 4))
        #expect(try trapOf(base + [RV.lh(RV.a1, 1, RV.s1)])?.kind == .misalignedLoad(address: 0x10_0001, width: 2))
        #expect(try trapOf(base + [RV.sh(RV.a1, 3, RV.s1)])?.kind == .misalignedStore(address: 0x10_0003, width: 2))
        #expect(try trapOf(base + [RV.sw(RV.a1, 1, RV.s1)])?.kind == .misalignedStore(address: 0x10_0001, width: 4))
        #expect(try trapOf([RV.lb(RV.a1, 0x3ff, RV.zero)])?.kind == .loadFault(address: 0x3ff, width: 1))
        #expect(try trapOf([RV.sw(RV.zero, 1, RV.zero)])?.kind == .storeFault(address: 1, width: 4))
        #expect(try trapOf(RV.li(RV.s1, 0x0c00_0000) + [RV.sb(RV.a1, -1, RV.s1), RV.sb(RV.a1, 0, RV.s1)])?.kind == .storeFault(address: 0x0c00_0000, width: 1))
        let misalignedJump = try #require(try trapOf(RV.li(RV.s1, 0x20_0902) + [RV.jalr(RV.zero, RV.s1, 0)]))
        #expect(misalignedJump.kind == .fetchFault(0x20_0902))
        #expect(try trapOf([RV.jalr(RV.zero, RV.zero, 0)])?.kind == .fetchFault(0))
    }

    @Test func illegalAndCompressedInstructionsTrap() throws {
        #expect(try trapOf([0x0ff0_000f])?.kind == .illegalInstruction(0x0ff0_000f))  // FENCE
        #expect(try trapOf([0xc000_1073])?.kind == .illegalInstruction(0xc000_1073))  // unimp (CSRRW)
        #expect(try trapOf([0x3020_0073])?.kind == .illegalInstruction(0x3020_0073))  // MRET
        #expect(try trapOf([RV.slli(RV.a1, RV.a1, 32)])?.kind == .illegalInstruction(RV.slli(RV.a1, RV.a1, 32)))
        #expect(try trapOf([0x0000_0000])?.kind == .compressedInstruction(0))
        let rvc = try #require(try trapOf([0x0001_4501]))  // c.li a0, 0 ; c.nop
        #expect(rvc.kind == .compressedInstruction(0x4501))
        #expect(rvc.description.contains("RVC"))
    }

    @Test func ebreakDispatchesLikeEcall() throws {
        let session = try runProgram(RV.li(RV.t0, 0) + RV.li(RV.a0, 5 << 8) + RV.li(RV.a1, 0x1000) + [RV.ebreak])
        #expect(session.exit == .halted(5))
    }
}
