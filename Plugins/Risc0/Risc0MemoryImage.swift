import SproutCoreHash

/// The initial memory of a guest, as RISC Zero 0.20 builds it from an ELF
/// (`MemoryImage::new`, risc0-guest-abi.md §3 and §13), kept sparse: 1 KiB pages that the ELF
/// touches with a non-zero word. Everything else is zero.
public struct Risc0MemoryImage: Sendable {
    /// Page index (address >> 10) → 1024 bytes.
    public private(set) var pages: [UInt32: [UInt8]]
    public let entry: UInt32

    public init(elf: Risc0Elf) {
        pages = [:]
        entry = elf.entry
        for segment in elf.segments {
            let bytes = segment.fileBytes
            let fileSize = UInt32(bytes.count)
            var offset: UInt32 = 0
            while offset < segment.memorySize {
                let address = segment.virtualAddress + offset  // < 0x0C00_0000: checked by Risc0Elf
                if offset >= fileSize, pages[address >> 10] == nil {
                    offset = (address | 0x3ff) + 1 - segment.virtualAddress  // zeros into an absent page: skip it
                    continue
                }
                var word: UInt32 = 0
                if offset < fileSize {
                    let base = bytes.startIndex + Int(offset)
                    for k in 0..<Int(min(4, fileSize - offset)) { word |= UInt32(bytes[base + k]) << (8 * UInt32(k)) }
                }
                store(word: word, at: address)
                offset += 4
            }
        }
    }

    /// Writes a little-endian word; a zero word into an absent page leaves it absent.
    mutating func store(word: UInt32, at address: UInt32) {
        let index = address >> 10
        let offset = Int(address & 0x3ff)
        if word == 0, pages[index] == nil { return }
        pages[index, default: Self.zeroPage].withUnsafeMutableBytes { page in
            page.storeBytes(of: word.littleEndian, toByteOffset: offset, as: UInt32.self)
        }
    }

    static let zeroPage = [UInt8](repeating: 0, count: Risc0Layout.pageSize)
}

/// The image ID: RISC Zero's `SystemState` digest of the Merkle root of the paged initial
/// memory and the entry pc (risc0-guest-abi.md §13).
extension Risc0MemoryImage {
    /// Bytes of the page-table region: layers of 32-byte page hashes down to one root page.
    static let pageTableSize: Int = {
        var remain = Int(Risc0Layout.pageTableAddress)
        var size = 0
        while remain >= Risc0Layout.pageSize {
            remain = remain / Risc0Layout.pageSize * 32
            size += remain
        }
        return size
    }()
    static let pageCount = (Int(Risc0Layout.pageTableAddress) + pageTableSize) / Risc0Layout.pageSize
    static let rootAddress = Int(Risc0Layout.pageTableAddress) + (pageTableSize + 63) / 64 * 64
    /// Hashed bytes of the root page: the hashes that land in it.
    static let rootBytes = rootAddress - pageCount * Risc0Layout.pageSize

    /// The Merkle root: every page hashed in increasing order into the page table, then the
    /// root page's used prefix hashed. Pages with equal contents are hashed once.
    public func merkleRoot() -> [UInt8] {
        var image = pages
        var memo: [[UInt8]: [UInt8]] = [:]
        let zeroHash = Self.hashPage(Self.zeroPage[...])
        for index in 0..<Self.pageCount {
            let hash: [UInt8]
            if let page = image[UInt32(index)] {
                if let known = memo[page] {
                    hash = known
                } else {
                    hash = Self.hashPage(page[...])
                    memo[page] = hash
                }
            } else {
                hash = zeroHash
            }
            let address = Int(Risc0Layout.pageTableAddress) + 32 * index
            let target = UInt32(address >> 10)
            let offset = address & 0x3ff  // 32-byte entries never straddle a page
            image[target, default: Self.zeroPage].replaceSubrange(offset..<(offset + 32), with: hash)
        }
        let root = image[UInt32(Self.pageCount), default: Self.zeroPage]
        return Self.hashPage(root[0..<Self.rootBytes])
    }

    /// The image ID as 32 digest bytes.
    public func imageID() -> [UInt8] {
        Risc0Digest.taggedStruct("risc0.SystemState", digests: [merkleRoot()], words: [entry])
    }

    /// SHA-256 compression chain from the IV over whole 64-byte blocks, without padding.
    static func hashPage(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var state = SHA256.initialState
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            SHA256.compress(&state, bytes: bytes[offset..<(offset + 64)])
            offset += 64
        }
        return Risc0Digest.bytes(bigEndianWords: state)
    }
}
