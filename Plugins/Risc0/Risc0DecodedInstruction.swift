import SproutCoreField

/// One RV32IM instruction word decoded into the fields the CPU table uses, for the subset of
/// instructions whose semantics the AIR constrains (``Risc0CPUAIR``).
///
/// The decoder table (``Risc0DecoderAIR``) is a preprocessed, program-derived list of
/// `(word, fields)` rows; a CPU row looks its fetched word up there, so the decoding is part of
/// the statement, never chosen by the prover. Operand conventions: I-type instructions read
/// `rs2 = x0` and R-type ones carry `imm = 0`, so the second operand is always `B + imm`
/// byte by byte (one summand is zero). Branch and JAL offsets are multiples of 4 (`immW` is
/// the offset in words as a field element); other offsets give no decoding (the prover refuses).
struct Risc0DecodedInstruction: Equatable, Sendable {
    enum Kind: Int, CaseIterable, Sendable {
        case add, sub, compare, logic, lui, auipc, jal, jalr, load, store, ecall
        case mul, loadByte, loadHalf, storeByte, storeHalf
        case shiftLeft, shiftRight, shiftRightArithmetic
        case divide
    }
    var kind: Kind
    var compareSigned = false
    var compareSets = false
    var branchLt = false, branchGe = false, branchEq = false, branchNe = false
    /// 0 AND, 1 OR, 2 XOR.
    var logicOp: UInt32 = 0
    /// LB/LH (sign-extending) rather than LBU/LHU.
    var loadSigned = false
    /// MULH/MULHSU/MULHU: the high word; and which operands are signed.
    var mulHigh = false, mulSignedA = false, mulSignedB = false
    /// REM/REMU rather than DIV/DIVU; DIV/REM (signed) rather than DIVU/REMU.
    var divRemainder = false, divSigned = false
    var rs1 = 0, rs2 = 0, rd = 0
    var writesRd = false
    var imm: UInt32 = 0
    var immW: Int32 = 0

    /// Number of field elements in ``fields`` (after the two instruction halves).
    static let fieldCount = Kind.allCases.count + 22

    /// The decoder tuple after `(instLo, instHi)`: 20 kind flags, compareSigned, compareSets,
    /// bLt, bGe, bEq, bNe, logicOp, loadSigned, mulHigh, mulSignedA, mulSignedB, divRemainder, divSigned, rs1, rs2, rd,
    /// writesRd, imm bytes 0…3, immW.
    var fields: [BabyBear] {
        var out = Kind.allCases.map { BabyBear($0 == kind ? 1 : 0) }
        func bit(_ b: Bool) -> BabyBear { b ? .one : .zero }
        out += [bit(compareSigned), bit(compareSets), bit(branchLt), bit(branchGe), bit(branchEq), bit(branchNe), BabyBear(logicOp), bit(loadSigned), bit(mulHigh), bit(mulSignedA), bit(mulSignedB), bit(divRemainder), bit(divSigned)]
        out += [BabyBear(UInt32(rs1)), BabyBear(UInt32(rs2)), BabyBear(UInt32(rd)), bit(writesRd)]
        out += (0..<4).map { BabyBear((imm >> (8 * UInt32($0))) & 0xff) }
        out.append(BabyBear(signed: Int64(immW)))
        return out
    }

    /// Decodes `word`, or `nil` when it is outside the constrained subset.
    init?(word inst: UInt32) {
        let rd = Int((inst >> 7) & 31), rs1 = Int((inst >> 15) & 31), rs2 = Int((inst >> 20) & 31)
        let funct3 = (inst >> 12) & 7, funct7 = inst >> 25
        let immI = UInt32(bitPattern: Int32(bitPattern: inst) >> 20)
        func writing(_ kind: Kind) -> Risc0DecodedInstruction {
            var d = Risc0DecodedInstruction(kind: kind)
            d.rd = rd
            d.writesRd = rd != 0
            return d
        }
        switch inst & 0x7f {
        case 0x13, 0x33:
            let isImm = inst & 0x7f == 0x13
            if !isImm && !(funct7 == 0 || (funct7 == 0x20 && (funct3 == 0 || funct3 == 5)) || funct7 == 1) { return nil }
            var d: Risc0DecodedInstruction
            switch funct3 {
            case 0...3 where !isImm && funct7 == 1:
                d = writing(.mul)
                d.mulHigh = funct3 != 0
                d.mulSignedA = funct3 == 1 || funct3 == 2
                d.mulSignedB = funct3 == 1
            case 4...7 where !isImm && funct7 == 1:
                d = writing(.divide)
                d.divRemainder = funct3 >= 6
                d.divSigned = funct3 == 4 || funct3 == 6
            case 1:
                guard funct7 == 0 else { return nil }
                d = writing(.shiftLeft)
            case 5:
                guard funct7 == 0 || funct7 == 0x20 else { return nil }
                d = writing(funct7 == 0 ? .shiftRight : .shiftRightArithmetic)
            case 0: d = writing(!isImm && funct7 == 0x20 ? .sub : .add)
            case 2, 3:
                d = writing(.compare)
                d.compareSigned = funct3 == 2
                d.compareSets = true
            case 4: d = writing(.logic); d.logicOp = 2
            case 6: d = writing(.logic); d.logicOp = 1
            case 7: d = writing(.logic); d.logicOp = 0
            default: return nil
            }
            d.rs1 = rs1
            if isImm { d.imm = immI } else { d.rs2 = rs2 }
            self = d
        case 0x03:
            switch funct3 {
            case 0, 4: self = writing(.loadByte)
            case 1, 5: self = writing(.loadHalf)
            case 2: self = writing(.load)
            default: return nil
            }
            loadSigned = funct3 < 2
            self.rs1 = rs1
            self.imm = immI
        case 0x23:
            switch funct3 {
            case 0: self.init(kind: .storeByte)
            case 1: self.init(kind: .storeHalf)
            case 2: self.init(kind: .store)
            default: return nil
            }
            self.rs1 = rs1
            self.rs2 = rs2
            self.imm = UInt32(bitPattern: Int32(bitPattern: inst & 0xfe00_0000) >> 20) | ((inst >> 7) & 31)
        case 0x63:
            let offset = Int32(bitPattern: UInt32(bitPattern: Int32(bitPattern: inst & 0x8000_0000) >> 19) | ((inst & 0x80) << 4)
                | ((inst >> 20) & 0x7e0) | ((inst >> 7) & 0x1e))
            guard offset & 3 == 0 else { return nil }
            self.init(kind: .compare)
            switch funct3 {
            case 0: branchEq = true
            case 1: branchNe = true
            case 4: branchLt = true; compareSigned = true
            case 5: branchGe = true; compareSigned = true
            case 6: branchLt = true
            case 7: branchGe = true
            default: return nil
            }
            self.rs1 = rs1
            self.rs2 = rs2
            immW = offset >> 2
        case 0x6f:
            let offset = Int32(bitPattern: UInt32(bitPattern: Int32(bitPattern: inst & 0x8000_0000) >> 11) | (inst & 0xff000)
                | ((inst >> 9) & 0x800) | ((inst >> 20) & 0x7fe))
            guard offset & 3 == 0 else { return nil }
            self = writing(.jal)
            immW = offset >> 2
        case 0x67:
            guard funct3 == 0 else { return nil }
            self = writing(.jalr)
            self.rs1 = rs1
            self.imm = immI
        case 0x37:
            self = writing(.lui)
            self.imm = inst & 0xffff_f000
        case 0x17:
            self = writing(.auipc)
            self.imm = inst & 0xffff_f000
        case 0x73:
            guard inst & ~0x0010_0000 == 0x73 else { return nil }
            // ECALL/EBREAK: dispatched on t0 at run time (HALT, SOFTWARE, SHA); reads t0, a0, a1.
            self.init(kind: .ecall)
            self.rs1 = 5
            self.rs2 = 10
            self.rd = 11
            self.writesRd = true
        default: return nil
        }
    }

    init(kind: Kind) { self.kind = kind }
}
