import Foundation
@testable import SproutRisc0Engine
import Testing

/// Differential test against an independent emulator: random RV32IM programs (every ALU,
/// M, load/store, branch and jump instruction, with edge-case operands) run here and under
/// unicorn (PyPI `unicorn`); the data area and a dump of all registers must agree byte for
/// byte. Skips when python3 or unicorn is not installed.
@Suite struct UnicornOracleTests {
    static let dataBase: UInt32 = 0x10_0000
    static let dumpBase: UInt32 = 0x10_0800
    static let script = #"""
        import json, sys
        try:
            from unicorn import Uc, UC_ARCH_RISCV, UC_MODE_RISCV32
        except ImportError:
            print("NO_UNICORN"); sys.exit(0)
        job = json.load(open(sys.argv[1]))
        out = []
        for prog in job["programs"]:
            mu = Uc(UC_ARCH_RISCV, UC_MODE_RISCV32)
            mu.mem_map(0x100000, 0x200000)
            mu.mem_write(0x100000, bytes.fromhex(prog["data"]))
            code = b"".join(w.to_bytes(4, "little") for w in prog["code"])
            mu.mem_write(0x200800, code)
            mu.emu_start(0x200800, prog["stop"])
            out.append(bytes(mu.mem_read(0x100000, 0x880)).hex())
        json.dump(out, open(sys.argv[2], "w"))
        """#

    static func python() -> String? {
        for path in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(path)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A random straight-line program with forward branches; x9 (s1) is the data base.
    static func program(_ g: inout SplitMix) -> [UInt32] {
        let edges: [UInt32] = [0, 1, 2, 31, 32, 33, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fffe, 0x8000_0001]
        var code: [UInt32] = []
        for reg in 1..<32 where reg != 9 {
            let value = g.next() % 3 == 0 ? UInt32(truncatingIfNeeded: g.next()) : edges[Int(g.next() % UInt64(edges.count))]
            code += RV.li(reg, value)
        }
        code += RV.li(9, dataBase)
        func reg() -> Int { var r = Int(g.next() % 32); while r == 9 { r = Int(g.next() % 32) }; return r }
        func src() -> Int { Int(g.next() % 32) }
        let rOps: [(Int, Int, Int) -> UInt32] = [
            RV.add, RV.sub, RV.sll, RV.slt, RV.sltu, RV.xor, RV.srl, RV.sra, RV.or, RV.and,
            RV.mul, RV.mulh, RV.mulhsu, RV.mulhu, RV.div, RV.divu, RV.rem, RV.remu,
        ]
        let iOps: [(Int, Int, Int32) -> UInt32] = [RV.addi, RV.slti, RV.sltiu, RV.xori, RV.ori, RV.andi]
        let shiftOps: [(Int, Int, Int32) -> UInt32] = [RV.slli, RV.srli, RV.srai]
        let branches: [(Int, Int, Int32) -> UInt32] = [RV.beq, RV.bne, RV.blt, RV.bge, RV.bltu, RV.bgeu]
        // Groups of instructions; a jump skips 0–2 whole groups forward, so it never lands
        // inside a group (between the auipc and the jalr that uses it).
        enum Group { case plain([UInt32]), jump(skip: Int, make: (Int32) -> [UInt32]) }
        var groups: [Group] = []
        for _ in 0..<80 {
            let imm = Int32(truncatingIfNeeded: g.next() % 4096) - 2048
            let skip = Int(g.next() % 3)
            switch g.next() % 10 {
            case 0, 1, 2: groups.append(.plain([rOps[Int(g.next() % UInt64(rOps.count))](reg(), src(), src())]))
            case 3: groups.append(.plain([iOps[Int(g.next() % UInt64(iOps.count))](reg(), src(), imm)]))
            case 4: groups.append(.plain([shiftOps[Int(g.next() % 3)](reg(), src(), Int32(g.next() % 32))]))
            case 5:
                let width = [1, 2, 4][Int(g.next() % 3)]
                let offset = Int32(g.next() % UInt64(2048 / width)) * Int32(width)
                switch width {
                case 1: groups.append(.plain([g.next() % 2 == 0 ? RV.lb(reg(), offset, 9) : RV.lbu(reg(), offset, 9)]))
                case 2: groups.append(.plain([g.next() % 2 == 0 ? RV.lh(reg(), offset, 9) : RV.lhu(reg(), offset, 9)]))
                default: groups.append(.plain([RV.lw(reg(), offset, 9)]))
                }
            case 6:
                let width = [1, 2, 4][Int(g.next() % 3)]
                let offset = Int32(g.next() % UInt64(2048 / width)) * Int32(width)
                groups.append(.plain([width == 1 ? RV.sb(src(), offset, 9) : width == 2 ? RV.sh(src(), offset, 9) : RV.sw(src(), offset, 9)]))
            case 7:
                let branch = branches[Int(g.next() % 6)]
                let (a, b) = (src(), src())
                groups.append(.jump(skip: skip, make: { [branch(a, b, $0)] }))
            case 8: groups.append(.plain([g.next() % 2 == 0 ? RV.lui(reg(), UInt32(g.next() % 0x10_0000)) : RV.auipc(reg(), UInt32(g.next() % 0x10_0000))]))
            default:
                let rd = reg()
                if g.next() % 2 == 0 {
                    groups.append(.jump(skip: skip, make: { [RV.jal(rd, $0)] }))
                } else {
                    // auipc x31 at p; jalr at p+4 targets p + 8 + skipped bytes, with the low bit set or not.
                    let low = Int32(g.next() % 2)
                    groups.append(.jump(skip: skip, make: { [RV.auipc(31, 0), RV.jalr(rd, 31, $0 + 4 | low)] }))
                }
            }
        }
        for _ in 0..<3 { groups.append(.plain([RV.addi(0, 0, 0)])) }  // landing pad for trailing jumps
        func size(_ group: Group) -> Int {
            switch group {
            case .plain(let words): words.count
            case .jump(_, let make): make(0).count
            }
        }
        for (index, group) in groups.enumerated() {
            switch group {
            case .plain(let words): code += words
            case .jump(let skip, let make):
                let skipped = groups[(index + 1)..<min(groups.count, index + 1 + skip)].reduce(0) { $0 + size($1) }
                code += make(Int32(4 + 4 * skipped))
            }
        }
        // x9 is the data base throughout (never a destination), so it can address the dump.
        code += RV.li(9, dumpBase)
        for reg in 1..<32 { code.append(RV.sw(reg, Int32(4 * reg), 9)) }
        return code
    }

    @Test func registersAndMemoryAgreeWithUnicorn() throws {
        guard let python = Self.python() else {
            print("UnicornOracleTests: skipped, python3 is not on PATH")
            return
        }
        var g = SplitMix(seed: 2026)
        var programs: [[String: Any]] = []
        var ours: [String] = []
        for _ in 0..<300 {
            let body = Self.program(&g)
            let data = (0..<0x800).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            let stop = TestElf.textBase + UInt32(4 * body.count)
            let elf = TestElf(code: body + RV.halt(), data: [.init(vaddr: Self.dataBase, bytes: data, memsz: 0x880, flags: 6)])
            let executor = try Risc0Executor(image: Risc0MemoryImage(elf: try Risc0Elf(bytes: elf.bytes)), host: Risc0HostEnvironment())
            _ = try executor.run()
            ours.append(Risc0Digest.hex(executor.memory.bytes(at: Self.dataBase, count: 0x880)))
            programs.append(["code": body, "data": Risc0Digest.hex(data), "stop": Int(stop)])
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("risc0-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("oracle.py")
        let jobURL = directory.appendingPathComponent("job.json")
        let outURL = directory.appendingPathComponent("out.json")
        try Data(Self.script.utf8).write(to: scriptURL)
        try JSONSerialization.data(withJSONObject: ["programs": programs]).write(to: jobURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptURL.path, jobURL.path, outURL.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if printed.contains("NO_UNICORN") {
            print("UnicornOracleTests: skipped, the python module unicorn is not installed (pip install unicorn)")
            return
        }
        try #require(process.terminationStatus == 0, "the unicorn oracle failed: \(printed)")
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: outURL)) as? [String])
        try #require(theirs.count == ours.count)
        var mismatches = 0
        for (index, (a, b)) in zip(ours, theirs).enumerated() where a != b {
            mismatches += 1
            if mismatches <= 3 { Issue.record("program \(index) differs from unicorn:\nours   \(a.suffix(256))\ntheirs \(b.suffix(256))") }
        }
        #expect(mismatches == 0)
    }
}
