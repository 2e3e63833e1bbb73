import SproutCoreField
import SproutCoreHash

/// Why a Merkle opening does not verify against a root.
public enum MerkleVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The opening has the wrong shape for the claimed tree.
    case shapeMismatch(field: String, expected: Int, got: Int)
    /// An index is outside the tree or the indices are not strictly increasing.
    case invalidIndex(index: Int, position: Int)
    /// A row has the wrong number of elements.
    case wrongRowWidth(index: Int, expected: Int, got: Int)
    /// The opening supplied fewer sibling digests than its indices need.
    case missingSiblings
    /// The opening supplied more sibling digests than its indices need.
    case unusedSiblings(count: Int)
    /// The recomputed root differs from the commitment.
    case rootMismatch

    public var description: String {
        switch self {
        case let .shapeMismatch(field, expected, got): "Merkle opening \(field) is \(got), expected \(expected)"
        case let .invalidIndex(index, position): "Merkle opening index \(index) at position \(position) is out of range or out of order"
        case let .wrongRowWidth(index, expected, got): "Merkle opening row \(index) has \(got) elements, expected \(expected)"
        case .missingSiblings: "Merkle opening has too few sibling digests"
        case let .unusedSiblings(count): "Merkle opening has \(count) unused sibling digest(s)"
        case .rootMismatch: "Merkle opening does not hash to the committed root"
        }
    }
}

/// A batched multi-opening of a ``MerkleTree``: rows at strictly increasing indices with the
/// sibling digests needed to recompute the root, in the order the verifier consumes them
/// (level by level from the leaves, left to right, skipping nodes it can compute itself).
public struct MerkleOpening: Equatable, Sendable {
    public var logHeight: Int
    public var width: Int
    public var indices: [Int]
    public var rows: [[BabyBear]]
    public var siblings: [Poseidon2Digest]

    public init(logHeight: Int, width: Int, indices: [Int], rows: [[BabyBear]], siblings: [Poseidon2Digest]) {
        self.logHeight = logHeight
        self.width = width
        self.indices = indices
        self.rows = rows
        self.siblings = siblings
    }

    /// Checks the opening against `root` for a tree of `2^logHeight` rows of `width` elements.
    ///
    /// Soundness: accepting rows other than the committed ones requires a Poseidon2 collision.
    /// Throws: ``MerkleVerificationError`` naming the first problem. Never traps.
    /// Complexity: `O(k·logHeight)` compressions plus the leaf hashes.
    public func verify(root: Poseidon2Digest, logHeight expectedLogHeight: Int, width expectedWidth: Int) throws(MerkleVerificationError) {
        if logHeight != expectedLogHeight { throw .shapeMismatch(field: "logHeight", expected: expectedLogHeight, got: logHeight) }
        if width != expectedWidth { throw .shapeMismatch(field: "width", expected: expectedWidth, got: width) }
        if indices.isEmpty { throw .shapeMismatch(field: "index count", expected: 1, got: 0) }
        if rows.count != indices.count { throw .shapeMismatch(field: "row count", expected: indices.count, got: rows.count) }
        guard logHeight >= 0 && logHeight <= 40 else { throw .shapeMismatch(field: "logHeight", expected: 40, got: logHeight) }
        let height = 1 << logHeight
        // Leaves and each layer's compressions go through the batched (16-lane) hasher in one
        // call each: the digests are bit-identical to one-at-a-time hashing, at several times
        // the speed, which is most of a STARK verifier's work.
        var flatRows: [BabyBear] = []
        flatRows.reserveCapacity(indices.count * width)
        for (position, index) in indices.enumerated() {
            if index < 0 || index >= height || (position > 0 && index <= indices[position - 1]) {
                throw .invalidIndex(index: index, position: position)
            }
            if rows[position].count != width { throw .wrongRowWidth(index: index, expected: width, got: rows[position].count) }
            flatRows.append(contentsOf: rows[position])
        }
        var nodeIndices = indices
        var digests = [Poseidon2Digest](repeating: .zero, count: indices.count)
        flatRows.withUnsafeBufferPointer { rows in
            digests.withUnsafeMutableBufferPointer { Poseidon2Hasher.hash(rows: rows, width: width, into: $0) }
        }
        var siblingPosition = 0
        var pairs: [Poseidon2Digest] = []
        for _ in 0..<logHeight {
            var nextIndices: [Int] = []
            nextIndices.reserveCapacity(nodeIndices.count)
            pairs.removeAll(keepingCapacity: true)
            var position = 0
            while position < nodeIndices.count {
                let index = nodeIndices[position]
                if index & 1 == 0, position + 1 < nodeIndices.count, nodeIndices[position + 1] == index + 1 {
                    pairs.append(digests[position])
                    pairs.append(digests[position + 1])
                    position += 2
                } else {
                    guard siblingPosition < siblings.count else { throw .missingSiblings }
                    let sibling = siblings[siblingPosition]
                    siblingPosition += 1
                    if index & 1 == 0 {
                        pairs.append(digests[position])
                        pairs.append(sibling)
                    } else {
                        pairs.append(sibling)
                        pairs.append(digests[position])
                    }
                    position += 1
                }
                nextIndices.append(index >> 1)
            }
            digests = [Poseidon2Digest](repeating: .zero, count: nextIndices.count)
            pairs.withUnsafeBufferPointer { pairs in
                digests.withUnsafeMutableBufferPointer { Poseidon2Hasher.compress(pairs: pairs, into: $0) }
            }
            nodeIndices = nextIndices
        }
        if siblingPosition != siblings.count { throw .unusedSiblings(count: siblings.count - siblingPosition) }
        guard digests.count == 1, digests[0] == root else { throw .rootMismatch }
    }

    // MARK: Encoding

    /// Magic tag "SMO" (Sprout Merkle Opening).
    public static let magic: [UInt8] = [0x53, 0x4D, 0x4F]
    /// Current format version.
    public static let formatVersion: UInt8 = 1
    /// Largest accepted `logHeight` (the NTT domain limit).
    public static let maxLogHeight = 27
    /// Largest accepted row width.
    public static let maxWidth = 1 << 16

    /// Deterministic encoding, version 1:
    /// `"SMO" ‖ version:u8 ‖ logHeight:u8 ‖ width:varint ‖ k:varint ‖ first index:varint ‖
    /// (index gap − 1):varint × (k−1) ‖ rows (k·width field elements) ‖ s:varint ‖ s digests`.
    public func encoded() -> [UInt8] {
        var writer = ProofWriter()
        encode(into: &writer)
        return writer.bytes
    }

    /// Appends the version-1 encoding (see ``encoded()``) to `writer`, without the magic tag and
    /// version byte when embedded (`standalone: false`) in a larger proof.
    public func encode(into writer: inout ProofWriter, standalone: Bool = true) {
        if standalone {
            writer.writeBytes(Self.magic)
            writer.writeByte(Self.formatVersion)
        }
        writer.writeByte(UInt8(logHeight))
        writer.writeVarint(width)
        writer.writeVarint(indices.count)
        for (position, index) in indices.enumerated() {
            writer.writeVarint(position == 0 ? index : index - indices[position - 1] - 1)
        }
        for row in rows { for e in row { writer.write(e) } }
        writer.writeVarint(siblings.count)
        for s in siblings { writer.write(s) }
    }

    /// Decodes a standalone version-1 encoding, rejecting any malformed, non-canonical,
    /// truncated or over-long input with a typed error.
    public init(decoding bytes: [UInt8]) throws(ProofDecodingError) {
        var reader = ProofReader(bytes)
        let magic = try reader.readBytes(Self.magic.count)
        if magic != Self.magic { throw .wrongMagic(expected: Self.magic, got: magic) }
        let version = try reader.readByte()
        if version != Self.formatVersion { throw .unsupportedVersion(expected: Self.formatVersion, got: version) }
        try self.init(from: &reader)
        try reader.finish()
    }

    /// Decodes the body (after magic and version) from `reader`.
    public init(from reader: inout ProofReader) throws(ProofDecodingError) {
        let logHeightOffset = reader.offset
        let logHeight = Int(try reader.readByte())
        if logHeight > Self.maxLogHeight {
            throw .valueOutOfRange(offset: logHeightOffset, field: "logHeight", value: UInt64(logHeight), limit: UInt64(Self.maxLogHeight))
        }
        let height = 1 << logHeight
        let width = try reader.readCount("width", limit: Self.maxWidth)
        if width == 0 { throw .invalidStructure(offset: reader.offset, reason: "row width 0") }
        // Every opened row costs 4·width bytes, so the remaining input bounds the count.
        let count = try reader.readCount("index count", limit: min(height, reader.remaining / (4 * width)))
        if count == 0 { throw .invalidStructure(offset: reader.offset, reason: "no opened indices") }
        var indices: [Int] = []
        indices.reserveCapacity(count)
        for position in 0..<count {
            let start = reader.offset
            let value = try reader.readVarint()
            let previous = position == 0 ? -1 : indices[position - 1]
            // index = previous + 1 + gap must stay below the height.
            guard value < UInt64(height), previous + 1 + Int(value) < height else {
                throw .valueOutOfRange(offset: start, field: "index", value: value, limit: UInt64(height - 1))
            }
            indices.append(previous + 1 + Int(value))
        }
        var rows: [[BabyBear]] = []
        rows.reserveCapacity(count)
        for _ in 0..<count {
            var row: [BabyBear] = []
            row.reserveCapacity(width)
            for _ in 0..<width { row.append(try reader.readBabyBear()) }
            rows.append(row)
        }
        let siblingCount = try reader.readCount("sibling count", limit: min(count * logHeight, reader.remaining / 32))
        var siblings: [Poseidon2Digest] = []
        siblings.reserveCapacity(siblingCount)
        for _ in 0..<siblingCount { siblings.append(try reader.readDigest()) }
        self.init(logHeight: logHeight, width: width, indices: indices, rows: rows, siblings: siblings)
    }
}
