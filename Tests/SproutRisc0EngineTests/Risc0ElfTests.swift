@testable import SproutRisc0Engine
import SproutPluginKit
import Testing

/// ELF and methods.rs validation: every refusal is a typed error with a clear message.
@Suite struct Risc0ElfTests {
    static let good = TestElf(code: RV.halt())

    func loadError(_ elf: TestElf) -> Risc0LoadError? { loadError(elf.bytes) }

    func loadError(_ bytes: [UInt8]) -> Risc0LoadError? {
        do {
            _ = try Risc0Elf(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsAMinimalExecutable() throws {
        let elf = try Risc0Elf(bytes: Self.good.bytes)
        #expect(elf.entry == TestElf.textBase)
        #expect(elf.segments.count == 1)
    }

    @Test func rejectsTruncatedFiles() {
        let bytes = Self.good.bytes
        guard case .truncated = loadError(Array(bytes.prefix(30))) else { Issue.record("30-byte prefix"); return }
        guard case .truncated = loadError(Array(bytes.prefix(60))) else { Issue.record("60-byte prefix"); return }
        guard case .truncated = loadError(Array(bytes.prefix(bytes.count - 1))) else { Issue.record("one byte short"); return }
        guard case .truncated = loadError([0x7f, 0x45]) else { Issue.record("2-byte prefix"); return }
        #expect(loadError(Array("hello world, not an ELF".utf8)) == .notELF)
        #expect(loadError([]) == .notELF || { if case .truncated = loadError([]) { true } else { false } }())
    }

    @Test func rejectsWrongClassEncodingMachineAndType() {
        var elf = Self.good
        elf.elfClass = 2
        #expect(loadError(elf) == .notELF32(elfClass: 2))
        #expect(loadError(elf)!.description.contains("RV64"))
        elf = Self.good
        elf.dataEncoding = 2
        #expect(loadError(elf) == .notLittleEndian(encoding: 2))
        elf = Self.good
        elf.machine = 62
        #expect(loadError(elf) == .wrongMachine(62))
        #expect(loadError(elf)!.description.contains("not RISC-V"))
        elf = Self.good
        elf.type = 3
        #expect(loadError(elf) == .notExecutable(elfType: 3))
    }

    @Test func rejectsTheCompressedInstructionFlag() {
        var elf = Self.good
        elf.flags = 0x5  // EF_RISCV_RVC | float ABI single
        #expect(loadError(elf) == .compressedInstructions(flags: 5))
        #expect(loadError(elf)!.description.contains("RVC"))
    }

    @Test func rejectsBadEntryPoints() {
        var elf = Self.good
        elf.entry = TestElf.textBase + 2
        #expect(loadError(elf) == .badEntry(TestElf.textBase + 2, reason: "is not 4-byte aligned"))
        elf.entry = 0x0c00_0000
        guard case .badEntry = loadError(elf) else { Issue.record("entry outside memory"); return }
        elf.entry = 0x0010_0000
        #expect(loadError(elf) == .entryNotExecutable(0x0010_0000))
    }

    @Test func rejectsSegmentsOutsideGuestMemory() {
        var elf = Self.good
        elf.segments.append(.init(vaddr: 0x0bff_ff00, bytes: [UInt8](repeating: 1, count: 0x200), flags: 4))
        guard case .badSegment(index: 1, let reason) = loadError(elf) else { Issue.record("segment past the end"); return }
        #expect(reason.contains("outside guest memory"))
        elf = Self.good
        elf.segments.append(.init(vaddr: 0x100, bytes: [1, 2, 3, 4], flags: 4))
        guard case .badSegment(index: 1, _) = loadError(elf) else { Issue.record("segment below 0x400"); return }
        elf = Self.good
        elf.segments.append(.init(vaddr: 0x10_0002, bytes: [1, 2], flags: 4))
        guard case .badSegment(index: 1, _) = loadError(elf) else { Issue.record("misaligned segment"); return }
        elf = Self.good
        elf.segments.append(.init(vaddr: 0x10_0000, bytes: [1, 2, 3, 4], memsz: 2, flags: 4))
        guard case .badSegment(index: 1, _) = loadError(elf) else { Issue.record("filesz > memsz"); return }
        elf = Self.good
        elf.segments.append(.init(vaddr: 0x10_0000, bytes: [], memsz: 0x0c00_0000, flags: 6))
        guard case .badSegment(index: 1, _) = loadError(elf) else { Issue.record("memsz ≥ guest memory"); return }
    }

    @Test func rejectsWritableExecutableOverlap() {
        var elf = Self.good
        elf.segments[0].flags = 7
        #expect(loadError(elf) == .writableExecutableOverlap(writable: 0, executable: 0))
        #expect(loadError(elf)!.description.contains("both writable and executable"))
        elf = Self.good
        elf.segments.append(.init(vaddr: TestElf.textBase + 4, bytes: [0, 0, 0, 0], flags: 6))
        #expect(loadError(elf) == .writableExecutableOverlap(writable: 1, executable: 0))
        elf = Self.good
        elf.segments.append(.init(vaddr: 0x30_0000, bytes: [0, 0, 0, 0], memsz: 0x100, flags: 6))
        #expect(loadError(elf) == nil)
    }

    @Test func neverTrapsOnMutatedBytes() {
        var generator = SplitMix(seed: 42)
        let base = TestElf(code: RV.halt(), data: [.init(vaddr: 0x30_0000, bytes: [1, 2, 3, 4, 5], memsz: 64, flags: 6)]).bytes
        var accepted = 0
        for _ in 0..<5000 {
            var bytes = base
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int(generator.next() % UInt64(bytes.count))) }
            if let elf = try? Risc0Elf(bytes: bytes) {
                accepted += 1
                _ = Risc0MemoryImage(elf: elf)
            }
        }
        #expect(accepted > 0)
    }

    @Test func methodsSourceConstantsAreParsed() throws {
        let text = Array("""
            pub const GUEST_ELF: &[u8] = &[127, 69,
                76, 70_u8, 0x01];
            pub const GUEST_ID: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 4294967295];
            pub const GUEST_ID_EXTRA: [u32; 8] = [0, 0, 0, 0, 0, 0, 0, 0];
            """.utf8)
        #expect(try MethodsSource.elf(in: text, named: "GUEST_ELF") == [127, 69, 76, 70, 1])
        #expect(try MethodsSource.imageID(in: text, named: "GUEST_ID") == [1, 2, 3, 4, 5, 6, 7, 0xffff_ffff])
        #expect(throws: Risc0LoadError.methodsSource("no constant named OTHER_ID")) { try MethodsSource.imageID(in: text, named: "OTHER_ID") }
        let bad = Array("pub const X: &[u8] = &[1, 256];\npub const Y: [u32; 8] = [1, 2];".utf8)
        #expect(throws: Risc0LoadError.self) { try MethodsSource.elf(in: bad, named: "X") }
        #expect(throws: Risc0LoadError.methodsSource("the constant Y has 2 words; an image ID has 8")) { try MethodsSource.imageID(in: bad, named: "Y") }
        #expect(throws: Risc0LoadError.self) { try MethodsSource.elf(in: Array("pub const X: &[u8] = &[1, 2".utf8), named: "X") }
    }

    @Test func methodsSourceWithAForeignImageIDIsRefusedWithBothIDs() throws {
        let elf = Self.good.bytes.map(String.init).joined(separator: ", ")
        let text = "pub const G_ELF: &[u8] = &[\(elf)];\npub const G_ID: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];\n"
        do {
            _ = try Risc0Program(code: Array(text.utf8), expParam: #"{"image_id":"G_ID", "elf":"G_ELF"}"#)
            Issue.record("a wrong image ID was accepted")
        } catch {
            guard case .imageIDMismatch(let computed, let shipped) = error else { Issue.record("\(error)"); return }
            #expect(shipped == [1, 2, 3, 4, 5, 6, 7, 8])
            let image = Risc0MemoryImage(elf: try Risc0Elf(bytes: Self.good.bytes))
            #expect(computed == Risc0Digest.words(image.imageID()))
            #expect(error.description.contains("\(computed)") && error.description.contains("[1, 2, 3, 4, 5, 6, 7, 8]"))
            #expect(error.engineError.status == .invalidProgram)
        }
        #expect(throws: Risc0LoadError.self) { try Risc0Program(code: Array(text.utf8), expParam: "") }
        let right = text.replacingOccurrences(of: "[1, 2, 3, 4, 5, 6, 7, 8]", with: "\(Risc0Digest.words(Risc0MemoryImage(elf: try Risc0Elf(bytes: Self.good.bytes)).imageID()))")
        _ = try Risc0Program(code: Array(right.utf8), expParam: #"{"image_id":"G_ID", "elf":"G_ELF"}"#)
    }

    @Test func expParamIsValidated() {
        #expect(throws: Risc0LoadError.self) { try Risc0ProgramOptions(expParam: "[1]") }
        #expect(throws: Risc0LoadError.self) { try Risc0ProgramOptions(expParam: #"{"cycle_limit": -3}"#) }
        #expect(throws: Risc0LoadError.self) { try Risc0ProgramOptions(expParam: #"{"colour": "red"}"#) }
        let options = try? Risc0ProgramOptions(expParam: #"{"cycle_limit": 5000, "env": {"A": "b"}, "args": ["x"]}"#)
        #expect(options?.cycleLimit == 5000)
        #expect(options?.environment == ["A": "b"])
        #expect(options?.arguments == ["x"])
    }
}

/// SplitMix64, a small deterministic generator for tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
