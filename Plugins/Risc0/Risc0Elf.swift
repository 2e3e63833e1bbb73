/// A checked RV32IM ELF executable: its entry point and its loadable segments.
///
/// The rules are RISC Zero 0.20's `Program::load_elf` (risc0-guest-abi.md §3) plus the
/// hygiene a node wants before it accepts a program: little-endian, no RVC flag, segments
/// inside guest memory `[0x400, 0x0C00_0000)`, no writable segment overlapping an executable
/// one, and the entry point inside an executable segment. Parsing never traps on hostile
/// bytes: every offset is checked against the file size with overflow-free arithmetic.
public struct Risc0Elf: Sendable {
    public struct Segment: Sendable, Equatable {
        public var virtualAddress: UInt32
        public var fileBytes: ArraySlice<UInt8>
        public var memorySize: UInt32
        public var flags: UInt32

        public var isWritable: Bool { flags & 2 != 0 }
        public var isExecutable: Bool { flags & 1 != 0 }
        /// One past the last byte the segment covers, rounded up to a word (the loader writes whole words).
        var wordEnd: UInt64 { (UInt64(virtualAddress) + UInt64(memorySize) + 3) & ~3 }
    }

    public let entry: UInt32
    public let segments: [Segment]

    static let machineRISCV: UInt16 = 243
    static let flagRVC: UInt32 = 0x1

    public init(bytes: [UInt8]) throws(Risc0LoadError) {
        guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            if bytes.count < 4, bytes.elementsEqual([0x7f, 0x45, 0x4c, 0x46].prefix(bytes.count)) {
                throw .truncated(what: "the ELF identification", needed: 52, available: bytes.count)
            }
            throw .notELF
        }
        guard bytes.count >= 6 else { throw .truncated(what: "the ELF identification", needed: 52, available: bytes.count) }
        guard bytes[4] == 1 else { throw .notELF32(elfClass: bytes[4]) }
        guard bytes[5] == 1 else { throw .notLittleEndian(encoding: bytes[5]) }
        guard bytes.count >= 52 else { throw .truncated(what: "the ELF header", needed: 52, available: bytes.count) }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        let type = u16(16)
        let machine = u16(18)
        guard machine == Self.machineRISCV else { throw .wrongMachine(machine) }
        guard type == 2 else { throw .notExecutable(elfType: type) }
        let flags = u32(36)
        guard flags & Self.flagRVC == 0 else { throw .compressedInstructions(flags: flags) }
        let entry = u32(24)
        guard entry < Risc0Layout.guestMaxMemory else {
            throw .badEntry(entry, reason: "lies outside guest memory (it must be below 0x0c000000)")
        }
        guard entry % 4 == 0 else { throw .badEntry(entry, reason: "is not 4-byte aligned") }
        let phOffset = Int(u32(28))
        let phEntrySize = Int(u16(42))
        let phCount = Int(u16(44))
        guard phOffset != 0, phCount != 0 else { throw .noProgramHeaders }
        guard phCount <= 256 else { throw .tooManyProgramHeaders(phCount) }
        guard phEntrySize >= 32 else {
            throw .badSegment(index: 0, reason: "program header entries are \(phEntrySize) bytes, an ELF32 one needs 32")
        }
        let tableEnd = phOffset + phCount * phEntrySize  // ≤ 2³² + 256·65535: no overflow on 64-bit Int
        guard tableEnd <= bytes.count else {
            throw .truncated(what: "the program header table (\(phCount) entries at offset \(phOffset))", needed: tableEnd, available: bytes.count)
        }
        var segments: [Segment] = []
        for index in 0..<phCount {
            let header = phOffset + index * phEntrySize
            guard u32(header) == 1 else { continue }  // PT_LOAD only
            let offset = Int(u32(header + 4))
            let vaddr = u32(header + 8)
            let fileSize = u32(header + 16)
            let memSize = u32(header + 20)
            let segFlags = u32(header + 24)
            let limit = Risc0Layout.guestMaxMemory
            guard fileSize < limit else { throw .badSegment(index: index, reason: "file size 0x\(String(fileSize, radix: 16)) exceeds guest memory") }
            guard memSize < limit else { throw .badSegment(index: index, reason: "memory size 0x\(String(memSize, radix: 16)) exceeds guest memory") }
            guard fileSize <= memSize else {
                throw .badSegment(index: index, reason: "file size \(fileSize) is larger than memory size \(memSize)")
            }
            guard vaddr % 4 == 0 else { throw .badSegment(index: index, reason: "virtual address 0x\(String(vaddr, radix: 16)) is not 4-byte aligned") }
            let segment = Segment(
                virtualAddress: vaddr, fileBytes: [], memorySize: memSize, flags: segFlags)
            if memSize > 0 {
                guard vaddr >= Risc0Layout.guestMinMemory, segment.wordEnd <= UInt64(limit) else {
                    throw .badSegment(
                        index: index,
                        reason: "0x\(String(vaddr, radix: 16))..0x\(String(UInt64(vaddr) + UInt64(memSize), radix: 16)) lies outside guest memory 0x400..0xc000000")
                }
            }
            let fileEnd = offset + Int(fileSize)
            guard fileEnd <= bytes.count else {
                throw .truncated(what: "program header \(index)'s file bytes", needed: fileEnd, available: bytes.count)
            }
            var loaded = segment
            loaded.fileBytes = bytes[offset..<fileEnd]
            segments.append(loaded)
        }
        guard !segments.isEmpty else { throw .noLoadableSegment }
        for (w, writable) in segments.enumerated() where writable.isWritable && writable.memorySize > 0 {
            for (x, executable) in segments.enumerated() where executable.isExecutable && executable.memorySize > 0 {
                let overlap = UInt64(writable.virtualAddress) < executable.wordEnd && UInt64(executable.virtualAddress) < writable.wordEnd
                if overlap { throw .writableExecutableOverlap(writable: w, executable: x) }
            }
        }
        guard segments.contains(where: { $0.isExecutable && $0.virtualAddress <= entry && UInt64(entry) + 4 <= UInt64($0.virtualAddress) + UInt64($0.memorySize) }) else {
            throw .entryNotExecutable(entry)
        }
        self.entry = entry
        self.segments = segments
    }
}
