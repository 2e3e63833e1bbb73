import SproutCoreField
import SproutPluginKit

/// Re-executes a guest instruction by instruction, recording the CPU row of each one and the
/// memory, register, lookup and decoder bookkeeping the other tables need, one segment at a
/// time (``recordSegment(maxInstructions:isCancelled:)``): the machine state (pc, registers,
/// memory, host replies and input consumed) carries over, the per-segment tables and
/// timestamps start afresh, so memory stays bounded by one segment's trace.
///
/// A separate, slower interpreter than ``Risc0Executor`` (whose hot loop stays untouched): it
/// runs only the constrained subset (``Risc0DecodedInstruction``) and throws
/// `EngineError(.unsupported, "… is not provable yet")` on anything else. Host syscall replies
/// come from the executor's run (``Risc0Session``), the prover's witness of host data. The prover cross-checks its final state with the executor's.
///
/// Threading: one recorder per run, on one thread.
final class Risc0TraceRecorder {
    typealias Col = Risc0CPUAIR.Col
    /// Most CPU rows (timestamps `4c + s` stay below 2²⁴, see ``Risc0CPUAIR``).
    static let logMaxRows = 21

    let decoderIndex: [UInt32: Int]
    var memory: [UInt32: UInt32]
    /// The word address of the next segment's first instruction.
    var w: UInt32
    var halted = false
    /// Per segment: each touched cell's last timestamp and its value when the segment first touched it.
    var memoryTs: [UInt32: UInt32] = [:]
    var segmentInitial: [UInt32: UInt32] = [:]
    var registers = [UInt32](repeating: 0, count: 32)
    var registerTs = [UInt32](repeating: 0, count: 32)
    var range16 = [UInt32](repeating: 0, count: 1 << 16)
    var pairs = [UInt32](repeating: 0, count: 1 << 16)
    var logic = [[UInt32]](repeating: [UInt32](repeating: 0, count: 1 << 16), count: 3)
    var decoderCounts: [UInt32]
    var rows: [BabyBear] = []
    /// SOFTWARE ecall replies from the executor, consumed in order.
    let replies: [Risc0Executor.SyscallReply]
    var replyIndex = 0
    var ecallRows: [EcallRow] = []
    var hostWordRows: [BabyBear] = []
    /// Input bytes consumed by SYS_READ so far.
    var inputOffset: UInt32 = 0
    var shaRows: [BabyBear] = []
    var shaRoundCounts = [UInt32](repeating: 0, count: Risc0ShaRoundAIR.rowsPerBlock)

    init(imageWords: [UInt32: UInt32], decoderWords: [UInt32], replies: [Risc0Executor.SyscallReply], entryWord: UInt32) {
        self.replies = replies
        memory = imageWords
        w = entryWord
        var index: [UInt32: Int] = [:]
        for (i, w) in decoderWords.enumerated() { index[w] = i }
        decoderIndex = index
        decoderCounts = [UInt32](repeating: 0, count: decoderWords.count)
    }

    func pair(_ x: UInt32, _ y: UInt32) { pairs[Int(x << 8 | y)] += 1 }

    /// Timestamp witness for an access at `ts` to a cell last touched at `prev`.
    func stamp(_ row: inout [BabyBear], prev: UInt32, ts: UInt32, columns: (Int, Int, Int)) -> UInt32 {
        let d = ts - prev - 1  // prev < ts: every cell's timestamp only grows
        row[columns.0] = BabyBear(prev)
        row[columns.1] = BabyBear(d & 0xffff)
        row[columns.2] = BabyBear(d >> 16)
        range16[Int(d & 0xffff)] += 1
        return d >> 16
    }

    func setWord(_ row: inout [BabyBear], _ base: Int, _ value: UInt32) {
        for j in 0..<4 { row[base + j] = BabyBear((value >> (8 * UInt32(j))) & 0xff) }
    }

    func readMemory(_ address: UInt32, ts: UInt32) -> (value: UInt32, prev: UInt32) {
        let value = memory[address] ?? 0
        let prev = memoryTs[address] ?? 0
        if prev == 0 { segmentInitial[address] = value }  // first touch in this segment (timestamps start at 4)
        memory[address] = value
        memoryTs[address] = ts
        return (value, prev)
    }

    static func unsupported(_ what: String, pc: UInt32) -> EngineError {
        EngineError(.unsupported, "\(what) at pc 0x\(String(pc, radix: 16)) is not provable yet")
    }

    /// Starts a segment: fresh timestamps and multiplicities, the machine state as it is.
    private func beginSegment() {
        memoryTs = [:]
        segmentInitial = [:]
        registerTs = [UInt32](repeating: 0, count: 32)
        range16 = [UInt32](repeating: 0, count: 1 << 16)
        pairs = [UInt32](repeating: 0, count: 1 << 16)
        logic = [[UInt32]](repeating: [UInt32](repeating: 0, count: 1 << 16), count: 3)
        decoderCounts = [UInt32](repeating: 0, count: decoderCounts.count)
        rows = []
        ecallRows = []
        hostWordRows = []
        shaRows = []
        shaRoundCounts = [UInt32](repeating: 0, count: Risc0ShaRoundAIR.rowsPerBlock)
    }

    /// Runs the next segment: up to HALT or `maxInstructions` instructions (`< 2^logMaxRows`),
    /// and builds its traces. A segment that stops before HALT (``halted`` stays false) hands
    /// its pc, registers and memory to the next one.
    func recordSegment(maxInstructions: Int, isCancelled: () -> Bool) throws(EngineError) -> Risc0Trace {
        precondition(!halted && maxInstructions >= 1 && maxInstructions < 1 << Self.logMaxRows)
        beginSegment()
        let startW = w, startRegisters = registers, inputStart = inputOffset
        var w = self.w
        var clk: UInt32 = 1
        var halted: (code: UInt8, base: UInt32, ts: UInt32)?
        while halted == nil && clk <= maxInstructions {
            if clk & 0xffff == 0, isCancelled() { throw EngineError(.cancelled, "the call was cancelled by the host") }
            let pc = w << 2
            guard w >= Risc0MemoryAIR.minWord, w <= Risc0MemoryAIR.maxWord else { throw EngineError(.executionFailed, "fetch fault at pc 0x\(String(pc, radix: 16))") }
            var row = [BabyBear](repeating: .zero, count: Col.width)
            row[Col.pw] = .one  // P = 2⁰ unless the row shifts
            row[Col.p] = .one
            let ts = 4 * clk
            let (inst, fetchPrev) = readMemory(w, ts: ts)
            guard let decoded = Risc0DecodedInstruction(word: inst), let decoderRow = decoderIndex[inst] else {
                throw Self.unsupported("instruction 0x\(String(inst, radix: 16))", pc: pc)
            }
            decoderCounts[decoderRow] += 1
            for (i, f) in decoded.fields.enumerated() { row[i] = f }
            row[Col.w] = BabyBear(w)
            row[Col.clk] = BabyBear(clk)
            setWord(&row, Col.inst, inst)
            let fetchHi = stamp(&row, prev: fetchPrev, ts: ts, columns: (Col.fetchPrev, Col.fetchLo, Col.fetchHi))
            // Register reads.
            let a = registers[decoded.rs1], bValue = registers[decoded.rs2]
            setWord(&row, Col.a, a)
            setWord(&row, Col.b, bValue)
            let rs1Hi = stamp(&row, prev: registerTs[decoded.rs1], ts: ts, columns: (Col.rs1Prev, Col.rs1Lo, Col.rs1Hi))
            registerTs[decoded.rs1] = ts
            let rs2Hi = stamp(&row, prev: registerTs[decoded.rs2], ts: ts + 1, columns: (Col.rs2Prev, Col.rs2Lo, Col.rs2Hi))
            registerTs[decoded.rs2] = ts + 1
            let opB = bValue &+ decoded.imm  // one summand is zero (see Risc0DecodedInstruction)

            var c: UInt32 = 0, d: UInt32 = 0
            var k0: UInt32 = 0, k1: UInt32 = 0
            var nextW = w + 1
            var memoryHi: UInt32 = 0
            var memoryUsed = false
            var signByte: UInt32 = 0  // the byte whose top bit a sub-word load extends
            var carryLookups = 0
            var compareSignPairs: [(UInt32, UInt32)] = [(0, 0), (0, 0)]  // (rA, rB) of compare and SRA rows
            var shiftWords: [UInt32] = [0, 0, 0]  // U, R, G of right shifts
            var productWords: [UInt32] = [0, 0]  // L, H of multiplications
            var divisionWords: [UInt32] = [0, 0]  // X, Y of divisions
            func adder(_ x: UInt32, _ y: UInt32) -> UInt32 {
                let lo = (x & 0xffff) + (y & 0xffff)
                k0 = lo >> 16
                let hi = (x >> 16) + (y >> 16) + k0
                k1 = hi >> 16
                return x &+ y
            }
            switch decoded.kind {
            case .add: c = adder(a, opB)
            case .sub:
                c = a &- bValue
                _ = adder(c, bValue)
            case .compare:
                d = a &- opB
                _ = adder(d, opB)
                let sA = a >> 31, sB = opB >> 31
                let rA = (a >> 24) & 0x7f, rB = (opB >> 24) & 0x7f
                row[Col.sA] = BabyBear(sA); row[Col.rA] = BabyBear(rA)
                row[Col.sB] = BabyBear(sB); row[Col.rB] = BabyBear(rB)
                compareSignPairs = [(rA, 0), (rB, 0)]
                let differ: UInt32 = decoded.compareSigned && sA != sB ? 1 : 0
                let lt = differ == 1 ? sA : k1
                let eq: UInt32 = d == 0 ? 1 : 0
                row[Col.sd] = BabyBear(differ)
                row[Col.lt] = BabyBear(lt)
                row[Col.eq] = BabyBear(eq)
                let dSum = (0..<4).reduce(UInt32(0)) { $0 + ((d >> (8 * UInt32($1))) & 0xff) }
                row[Col.inv] = dSum == 0 ? .zero : BabyBear(dSum).inverse
                var taken: UInt32 = 0
                if decoded.branchLt { taken = lt }
                if decoded.branchGe { taken = 1 - lt }
                if decoded.branchEq { taken = eq }
                if decoded.branchNe { taken = 1 - eq }
                row[Col.taken] = BabyBear(taken)
                if decoded.compareSets { c = lt }
                if taken == 1 { nextW = UInt32(bitPattern: Int32(bitPattern: w) &+ decoded.immW) }
            case .logic:
                for j in 0..<4 {
                    let shift = 8 * UInt32(j)
                    let x = (a >> shift) & 0xff, y = (opB >> shift) & 0xff
                    let z: UInt32 = decoded.logicOp == 0 ? x & y : decoded.logicOp == 1 ? x | y : x ^ y
                    c |= z << shift
                    logic[Int(decoded.logicOp)][Int(x << 8 | y)] += 1
                }
            case .lui: c = decoded.imm
            case .auipc:
                d = pc
                c = adder(d, decoded.imm)
            case .jal:
                c = pc + 4
                nextW = UInt32(bitPattern: Int32(bitPattern: w) &+ decoded.immW)
            case .jalr:
                d = adder(a, decoded.imm)
                c = pc + 4
                guard d & 2 == 0 else { throw EngineError(.executionFailed, "misaligned jump target 0x\(String(d, radix: 16)) at pc 0x\(String(pc, radix: 16))") }
                nextW = d >> 2
            case .mul:
                let sA = a >> 31, sB = opB >> 31
                row[Col.sA] = BabyBear(sA); row[Col.rA] = BabyBear((a >> 24) & 0x7f)
                row[Col.sB] = BabyBear(sB); row[Col.rB] = BabyBear((opB >> 24) & 0x7f)
                compareSignPairs = [((a >> 24) & 0x7f, 0), ((opB >> 24) & 0x7f, 0)]
                let extA: UInt32 = decoded.mulSignedA ? sA : 0, extB: UInt32 = decoded.mulSignedB ? sB : 0
                row[Col.extA] = BabyBear(extA)
                row[Col.extB] = BabyBear(extB)
                let wideA = UInt64(a) | (extA == 1 ? 0xffff_ffff_0000_0000 : 0)
                let wideB = UInt64(opB) | (extB == 1 ? 0xffff_ffff_0000_0000 : 0)
                let product = wideA &* wideB  // the extended product mod 2⁶⁴
                let low = UInt32(truncatingIfNeeded: product), high = UInt32(truncatingIfNeeded: product >> 32)
                setWord(&row, Col.low, low)
                setWord(&row, Col.high, high)
                productWords = [low, high]
                c = decoded.mulHigh ? high : low
                var carry: UInt64 = 0
                for k in 0..<8 {
                    var t = carry
                    for i in 0...k { t += ((wideA >> (8 * UInt64(i))) & 0xff) * ((wideB >> (8 * UInt64(k - i))) & 0xff) }
                    carry = (t - ((product >> (8 * UInt64(k))) & 0xff)) >> 8
                    row[k < 4 ? Col.carry + k : Col.carryHigh + k - 4] = BabyBear(UInt32(carry))
                    range16[Int(carry)] += 1
                    carryLookups += 1
                }
            case .shiftLeft, .shiftRight, .shiftRightArithmetic:
                let shift = opB & 31
                let power: UInt32 = 1 << shift
                setWord(&row, Col.p, power)
                for i in 0..<5 { row[Col.bits + i] = BabyBear((shift >> UInt32(i)) & 1) }
                row[Col.h] = BabyBear((opB & 0xff) >> 5)
                row[Col.pw] = BabyBear(1 << (shift & 7))
                var carry: UInt32 = 0
                if decoded.kind == .shiftLeft {
                    c = a << shift
                    for k in 0..<4 {
                        var t = carry
                        for i in 0...k { t += ((a >> (8 * UInt32(i))) & 0xff) * ((power >> (8 * UInt32(k - i))) & 0xff) }
                        carry = (t - ((c >> (8 * UInt32(k))) & 0xff)) >> 8
                        row[Col.carry + k] = BabyBear(carry)
                        range16[Int(carry)] += 1
                        carryLookups += 1
                    }
                } else {
                    let negative = decoded.kind == .shiftRightArithmetic && a >> 31 == 1
                    if decoded.kind == .shiftRightArithmetic {
                        row[Col.sA] = BabyBear(a >> 31)
                        row[Col.rA] = BabyBear((a >> 24) & 0x7f)
                        compareSignPairs = [((a >> 24) & 0x7f, 0)]
                    }
                    let aStar = negative ? ~a : a
                    let u = aStar >> shift, rem = aStar & (power &- 1), gap = power &- 1 &- rem
                    c = negative ? ~u : u
                    setWord(&row, Col.u, u)
                    setWord(&row, Col.r, rem)
                    setWord(&row, Col.g, gap)
                    shiftWords = [u, rem, gap]
                    for k in 0..<4 {
                        var t = carry + ((rem >> (8 * UInt32(k))) & 0xff)
                        for i in 0...k { t += ((u >> (8 * UInt32(i))) & 0xff) * ((power >> (8 * UInt32(k - i))) & 0xff) }
                        carry = (t - ((aStar >> (8 * UInt32(k))) & 0xff)) >> 8
                        row[Col.carry + k] = BabyBear(carry)
                        range16[Int(carry)] += 1
                        carryLookups += 1
                    }
                    let low = (rem & 0xffff) + (gap & 0xffff) + 1
                    k0 = low >> 16
                    k1 = ((rem >> 16) + (gap >> 16) + k0) >> 16
                }
            case .divide:
                let sA = a >> 31, sB = opB >> 31
                let rA = (a >> 24) & 0x7f, rB = (opB >> 24) & 0x7f
                row[Col.sA] = BabyBear(sA); row[Col.rA] = BabyBear(rA)
                row[Col.sB] = BabyBear(sB); row[Col.rB] = BabyBear(rB)
                compareSignPairs = [(rA, 0), (rB, 0)]
                let dsA = decoded.divSigned ? sA : 0, dsB = decoded.divSigned ? sB : 0
                let x = dsA == 1 ? 0 &- a : a, y = dsB == 1 ? 0 &- opB : opB
                var u: UInt32 = 0xffff_ffff, rem = x, gap: UInt32 = 0
                if y == 0 {
                    row[Col.divisorZero] = .one
                } else {
                    u = x / y
                    rem = x % y
                    gap = y - 1 - rem
                    row[Col.divideNonZero] = .one
                    let ySum = (0..<4).reduce(UInt32(0)) { $0 + ((y >> (8 * UInt32($1))) & 0xff) }
                    row[Col.divisorInverse] = BabyBear(ySum).inverse
                    var carry: UInt32 = 0
                    for k in 0..<4 {
                        var t = carry + ((rem >> (8 * UInt32(k))) & 0xff)
                        for i in 0...k { t += ((u >> (8 * UInt32(i))) & 0xff) * ((y >> (8 * UInt32(k - i))) & 0xff) }
                        carry = (t - ((x >> (8 * UInt32(k))) & 0xff)) >> 8
                        row[Col.carry + k] = BabyBear(carry)
                        range16[Int(carry)] += 1
                        carryLookups += 1
                    }
                    let low = (rem & 0xffff) + (gap & 0xffff) + 1
                    k0 = low >> 16
                    k1 = ((rem >> 16) + (gap >> 16) + k0) >> 16
                }
                setWord(&row, Col.u, u)
                setWord(&row, Col.r, rem)
                setWord(&row, Col.g, gap)
                shiftWords = [u, rem, gap]
                let t = decoded.divRemainder ? rem : u
                let signsDiffer = dsA ^ dsB
                let negateC: UInt32 = decoded.divRemainder ? dsA : (y == 0 ? 0 : signsDiffer)
                c = negateC == 1 ? 0 &- t : t
                setWord(&row, Col.x, x)
                setWord(&row, Col.y, y)
                setWord(&row, Col.t, t)
                divisionWords = [x, y]
                row[Col.dsA] = BabyBear(dsA)
                row[Col.dsB] = BabyBear(dsB)
                row[Col.signsDiffer] = BabyBear(signsDiffer)
                row[Col.negateC] = BabyBear(negateC)
                // Carries of z + v = 2³²·[f = 1 and v ≠ 0] for each negation that applies.
                for (index, (f, v)) in [(dsA, a), (dsB, opB), (negateC, t)].enumerated() where f == 1 {
                    let e0 = ((v & 0xffff) + ((0 &- v) & 0xffff)) >> 16
                    let e1 = ((v >> 16) + ((0 &- v) >> 16) + e0) >> 16
                    row[Col.negCarry + 2 * index] = BabyBear(e0)
                    row[Col.negCarry + 2 * index + 1] = BabyBear(e1)
                }
            case .load, .store, .loadByte, .loadHalf, .storeByte, .storeHalf:
                d = adder(a, decoded.imm)
                let width: UInt32 = [.loadByte, .storeByte].contains(decoded.kind) ? 1 : [.loadHalf, .storeHalf].contains(decoded.kind) ? 2 : 4
                guard d & (width - 1) == 0 else { throw EngineError(.executionFailed, "misaligned access 0x\(String(d, radix: 16)) at pc 0x\(String(pc, radix: 16))") }
                let address = d >> 2
                guard address >= Risc0MemoryAIR.minWord, address <= Risc0MemoryAIR.maxWord else {
                    throw EngineError(.executionFailed, "memory fault at 0x\(String(d, radix: 16)), pc 0x\(String(pc, radix: 16))")
                }
                let (old, prev) = readMemory(address, ts: ts + 1)
                memoryHi = stamp(&row, prev: prev, ts: ts + 1, columns: (Col.memPrev, Col.memLo, Col.memHi))
                memoryUsed = true
                setWord(&row, Col.m, old)
                let offset = d & 3
                if width < 4 { row[Col.q + Int(offset)] = .one }
                let shift = 8 * offset
                var new = old
                switch decoded.kind {
                case .load: c = old
                case .loadByte:
                    let byte = (old >> shift) & 0xff
                    c = decoded.loadSigned ? UInt32(bitPattern: Int32(Int8(bitPattern: UInt8(byte)))) : byte
                    signByte = byte
                case .loadHalf:
                    let half = (old >> shift) & 0xffff
                    c = decoded.loadSigned ? UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(half)))) : half
                    signByte = half >> 8
                case .store: new = bValue
                case .storeByte: new = (old & ~(0xff << shift)) | ((bValue & 0xff) << shift)
                default: new = (old & ~(0xffff << shift)) | ((bValue & 0xffff) << shift)
                }
                setWord(&row, Col.n, new)
                memory[address] = new
            case .ecall where a == 2:
                row[Col.ecallSoftware] = .one
                c = try recordSoftware(ts: ts, pc: pc)
            case .ecall where a == 3:
                row[Col.ecallSha] = .one
                c = registers[11]
                try recordSha(ts: ts, pc: pc)
            case .ecall:
                guard a == 0 else {
                    let name = [1: "INPUT", 4: "BIGINT"][Int(a)] ?? "number \(a)"
                    throw Self.unsupported("ecall \(name)", pc: pc)
                }
                row[Col.ecallHalt] = .one
                guard bValue & 0xff == 0 else { throw Self.unsupported("HALT with pause (halt type \(bValue & 0xff))", pc: pc) }
                c = registers[11]
                d = c
                guard d & 3 == 0 else { throw Self.unsupported("a misaligned output digest pointer", pc: pc) }
                guard d >> 2 >= Risc0MemoryAIR.minWord, d >> 2 <= Risc0OutputAIR.maxBase else {
                    throw EngineError(.executionFailed, "HALT output digest at 0x\(String(d, radix: 16)) is outside guest memory")
                }
                nextW = w
                halted = (UInt8(truncatingIfNeeded: bValue >> 8), d >> 2, ts + 3)
            }
            if !memoryUsed {
                memoryHi = stamp(&row, prev: ts, ts: ts + 1, columns: (Col.memPrev, Col.memLo, Col.memHi))
            }
            // rd write (or an idle slot).
            var rdHi: UInt32 = 0
            if decoded.writesRd {
                setWord(&row, Col.rdOld, registers[decoded.rd])
                rdHi = stamp(&row, prev: registerTs[decoded.rd], ts: ts + 2, columns: (Col.rdPrev, Col.rdLo, Col.rdHi))
                registers[decoded.rd] = c
                registerTs[decoded.rd] = ts + 2
            } else {
                rdHi = stamp(&row, prev: ts + 1, ts: ts + 2, columns: (Col.rdPrev, Col.rdLo, Col.rdHi))
            }
            setWord(&row, Col.c, c)
            setWord(&row, Col.d, d)
            row[Col.loadSign] = BabyBear(signByte >> 7)
            row[Col.loadRest] = BabyBear(signByte & 0x7f)
            pair(signByte & 0x7f, 2 * (signByte & 0x7f))
            range16[0] += UInt32(8 - carryLookups)
            let e = (d & 0xff) >> 2
            if [.load, .store, .jalr, .auipc, .ecall, .loadByte, .loadHalf, .storeByte, .storeHalf].contains(decoded.kind) {
                row[Col.e] = BabyBear(e)
                if decoded.kind == .jalr { row[Col.j] = BabyBear(d & 1) }
                pair(e, 4 * e)
            } else {
                pair(0, 0)
            }
            row[Col.k0] = BabyBear(k0)
            row[Col.k1] = BabyBear(k1)
            for (index, (r, _)) in compareSignPairs.enumerated() { pair(r, 2 * r); _ = index }
            if compareSignPairs.count == 1 { pair(0, 0) }
            for v in shiftWords + productWords + divisionWords {
                pair(v & 0xff, (v >> 8) & 0xff)
                pair((v >> 16) & 0xff, v >> 24)
            }
            let shiftAmountHigh = [.shiftLeft, .shiftRight, .shiftRightArithmetic].contains(decoded.kind) ? (opB & 0xff) >> 5 : 0
            pair(shiftAmountHigh, 32 * shiftAmountHigh)
            if decoded.kind == .jal || decoded.kind == .jalr { pair(c >> 24, 16 * (c >> 24)) }
            pair(fetchHi, rs1Hi)
            pair(rs2Hi, rdHi)
            pair(memoryHi, 0)
            pair(c & 0xff, (c >> 8) & 0xff)
            pair((c >> 16) & 0xff, c >> 24)
            pair(d & 0xff, (d >> 8) & 0xff)
            pair((d >> 16) & 0xff, d >> 24)
            rows += row
            w = nextW
            clk += 1
        }
        let instructions = Int(clk - 1)
        self.w = w
        self.halted = halted != nil

        // Output digest reads (a split segment: rows that satisfy the row constraints, a zero
        // digest, no lookups).
        var outputRows: [BabyBear] = []
        var digest: [UInt8] = []
        if let halt = halted {
            for i in 0..<UInt32(8) {
                let (value, prev) = readMemory(halt.base + i, ts: halt.ts)
                digest += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
                let dts = halt.ts - prev - 1
                range16[Int(dts & 0xffff)] += 1
                pair(dts >> 16, 0)
                outputRows += [BabyBear(halt.base), BabyBear(halt.ts)] + (0..<4).map { BabyBear((value >> (8 * UInt32($0))) & 0xff) }
                outputRows += [BabyBear(prev), BabyBear(dts & 0xffff), BabyBear(dts >> 16)]
                let room = Risc0OutputAIR.maxBase - halt.base
                range16[Int(room & 0xffff)] += 1
                range16[Int(room >> 16)] += 1
                range16[Int(64 * (room >> 16))] += 1
                outputRows += [BabyBear(room & 0xffff), BabyBear(room >> 16)]
            }
        } else {
            digest = [UInt8](repeating: 0, count: 32)
            let row = [BabyBear(Risc0OutputAIR.maxBase), .one] + [BabyBear](repeating: .zero, count: 9)  // ts 1, prev 0, room 0
            for _ in 0..<8 { outputRows += row }
            range16[0] += 8 * 4
            pairs[0] += 8
        }

        // CPU padding: all flags zero, clock and pc continuing, idle timestamp slots. A split
        // segment keeps at least one padding row (the transition that states its next pc).
        let height = 1 << max(1, (halted == nil ? instructions : instructions - 1).bitWidthNeeded)
        for r in instructions..<height {
            var row = [BabyBear](repeating: .zero, count: Col.width)
            row[Col.pw] = .one  // P = 2⁰
            row[Col.p] = .one
            let c = UInt32(r + 1)
            row[Col.clk] = BabyBear(c)
            row[Col.w] = BabyBear(w + UInt32(r - instructions))  // the HALT row keeps W, padding rows add 1
            // Idle slots: prev = ts − 1 (fetch and rs1 at 4c, rs2 and memory at 4c+1, rd at 4c+2).
            for (prevColumn, slot) in [(Col.fetchPrev, UInt32(0)), (Col.rs1Prev, 0), (Col.rs2Prev, 1), (Col.rdPrev, 2), (Col.memPrev, 1)] {
                row[prevColumn] = BabyBear(4 * c + slot - 1)
                range16[0] += 1
            }
            range16[0] += 8  // product carries
            pairs[0] += 26  // timestamp-hi words (3 pairs), C, D (2 each), E, two signs, load sign, U/R/G/L/H/X/Y (2 each), h
            rows += row
        }
        let cpu = RowMajorMatrix(width: Col.width, values: rows)

        // Registers' start and final state.
        var registerRows: [BabyBear] = []
        for r in 0..<32 {
            registerRows += (0..<4).map { BabyBear((registers[r] >> (8 * UInt32($0))) & 0xff) } + [BabyBear(registerTs[r])]
            registerRows += (0..<4).map { BabyBear((startRegisters[r] >> (8 * UInt32($0))) & 0xff) }
        }

        // Memory boundary: the cells this segment touched, sorted.
        let addresses = memoryTs.keys.sorted()
        let memoryHeight = 1 << max(1, (addresses.count - 1).bitWidthNeeded)
        var memoryRows: [BabyBear] = []
        var cells: [Risc0Trace.Cell] = []
        cells.reserveCapacity(addresses.count)
        memoryRows.reserveCapacity(memoryHeight * Risc0MemoryAIR.Col.width)
        func split(_ v: UInt32) -> [BabyBear] {
            range16[Int(v & 0xffff)] += 1
            range16[Int(v >> 16)] += 1
            range16[Int(64 * (v >> 16))] += 1
            return [BabyBear(v & 0xffff), BabyBear(v >> 16)]
        }
        for (i, address) in addresses.enumerated() {
            let initial = segmentInitial[address] ?? 0
            var row: [BabyBear] = [BabyBear(address), .one]
            row += (0..<4).map { BabyBear((initial >> (8 * UInt32($0))) & 0xff) }
            let final = memory[address] ?? 0
            cells.append(Risc0Trace.Cell(address: address, initial: initial, final: final))
            row += (0..<4).map { BabyBear((final >> (8 * UInt32($0))) & 0xff) }
            row.append(BabyBear(memoryTs[address] ?? 0))
            let next = i + 1 < addresses.count ? addresses[i + 1] : address + 1
            row += split(next - address - 1)
            row += split(address - Risc0MemoryAIR.minWord)
            row += split(Risc0MemoryAIR.maxWord - address)
            memoryRows += row
        }
        for _ in addresses.count..<memoryHeight {
            memoryRows += [BabyBear](repeating: .zero, count: Risc0MemoryAIR.Col.width)
            range16[0] += 9
        }

        let (ecallTable, hostWordTable) = finishEcallTables()
        let (shaTable, roundTable) = finishShaTables()
        var byteRows: [BabyBear] = []
        byteRows.reserveCapacity(5 << 16)
        for v in 0..<(1 << 16) {
            byteRows += [BabyBear(range16[v]), BabyBear(pairs[v]), BabyBear(logic[0][v]), BabyBear(logic[1][v]), BabyBear(logic[2][v])]
        }
        let decoderHeight = 1 << max(1, (decoderCounts.count - 1).bitWidthNeeded)
        let decoder = decoderCounts.map { BabyBear($0) } + [BabyBear](repeating: .zero, count: decoderHeight - decoderCounts.count)
        return Risc0Trace(
            cpu: cpu, memory: RowMajorMatrix(width: Risc0MemoryAIR.Col.width, values: memoryRows),
            registers: RowMajorMatrix(width: 9, values: registerRows), output: RowMajorMatrix(width: 11, values: outputRows),
            bytes: RowMajorMatrix(width: 5, values: byteRows),
            decoder: RowMajorMatrix(width: 1, values: decoder), ecall: ecallTable, hostWords: hostWordTable, sha: shaTable, shaRounds: roundTable,
            startW: startW, endW: w, halts: halted != nil, inputStart: inputStart, inputEnd: inputOffset,
            exitCode: halted?.code ?? 0, outputDigest: digest, instructions: instructions, startRegisters: startRegisters, finalRegisters: registers, cells: cells)
    }
}
