import SproutCoreField
import SproutCoreFRI
import SproutCoreHash
import SproutCoreMerkle

/// The values one table's committed polynomials take at the out-of-domain point `z` (current)
/// and `z·ω` (next row), all in 𝔽ₚ⁴. Auxiliary and quotient columns are the 4 base coordinate
/// polynomials of each extension column.
public struct STARKTableOpenings: Equatable, Sendable {
    public var preprocessedCurrent: [BabyBearExt4]
    public var preprocessedNext: [BabyBearExt4]
    public var mainCurrent: [BabyBearExt4]
    public var mainNext: [BabyBearExt4]
    public var auxiliaryCurrent: [BabyBearExt4]
    public var auxiliaryNext: [BabyBearExt4]
    public var quotient: [BabyBearExt4]

    public init(preprocessedCurrent: [BabyBearExt4], preprocessedNext: [BabyBearExt4], mainCurrent: [BabyBearExt4], mainNext: [BabyBearExt4], auxiliaryCurrent: [BabyBearExt4], auxiliaryNext: [BabyBearExt4], quotient: [BabyBearExt4]) {
        self.preprocessedCurrent = preprocessedCurrent
        self.preprocessedNext = preprocessedNext
        self.mainCurrent = mainCurrent
        self.mainNext = mainNext
        self.auxiliaryCurrent = auxiliaryCurrent
        self.auxiliaryNext = auxiliaryNext
        self.quotient = quotient
    }

    /// The seven lists in encoding and transcript order.
    var lists: [[BabyBearExt4]] { [preprocessedCurrent, preprocessedNext, mainCurrent, mainNext, auxiliaryCurrent, auxiliaryNext, quotient] }
}

/// A STARK proof for several tables (see ``STARKProver`` for the protocol).
public struct STARKProof: Equatable, Sendable {
    /// `log₂` of each table's height.
    public var logHeights: [Int]
    /// Per table, the root of its main trace extension.
    public var mainRoots: [Poseidon2Digest]
    /// Per table with lookups (in table order), its claimed LogUp sum.
    public var cumulativeSums: [BabyBearExt4]
    /// Per table with lookups, the root of its auxiliary trace extension.
    public var auxiliaryRoots: [Poseidon2Digest]
    /// Per table, the root of its quotient chunks' extension.
    public var quotientRoots: [Poseidon2Digest]
    /// Per table, the openings at `z` and `z·ω`.
    public var openings: [STARKTableOpenings]
    /// The FRI proof for the DEEP combination.
    public var fri: FRIProof
    /// Per table, the query openings of its committed traces in the order preprocessed (if any),
    /// main, auxiliary (if lookups), quotient.
    public var queryOpenings: [[MerkleOpening]]

    public init(logHeights: [Int], mainRoots: [Poseidon2Digest], cumulativeSums: [BabyBearExt4], auxiliaryRoots: [Poseidon2Digest], quotientRoots: [Poseidon2Digest], openings: [STARKTableOpenings], fri: FRIProof, queryOpenings: [[MerkleOpening]]) {
        self.logHeights = logHeights
        self.mainRoots = mainRoots
        self.cumulativeSums = cumulativeSums
        self.auxiliaryRoots = auxiliaryRoots
        self.quotientRoots = quotientRoots
        self.openings = openings
        self.fri = fri
        self.queryOpenings = queryOpenings
    }

    /// Magic tag "SST" (Sprout STARK).
    public static let magic: [UInt8] = [0x53, 0x53, 0x54]
    /// Version 2: the FRI body starts with its folding arity (``FRIProof/formatVersion`` 2).
    public static let formatVersion: UInt8 = 2
    /// Most tables in one proof.
    public static let maxTables = 256

    /// Deterministic encoding, version 2 (counts are minimal LEB128 varints, field elements 4
    /// bytes little-endian canonical, digests 8 elements):
    /// `"SST" ‖ version ‖ T ‖ logHeight:u8 × T ‖ main roots × T ‖ L ‖ (sum ‖ aux root) × L ‖
    /// quotient roots × T ‖ (7 × (count ‖ 𝔽ₚ⁴ values)) × T ‖ FRI body ‖ (count ‖ opening bodies) × T`.
    public func encoded() -> [UInt8] {
        var writer = ProofWriter()
        writer.writeBytes(Self.magic)
        writer.writeByte(Self.formatVersion)
        writer.writeVarint(logHeights.count)
        for h in logHeights { writer.writeByte(UInt8(h)) }
        for r in mainRoots { writer.write(r) }
        precondition(cumulativeSums.count == auxiliaryRoots.count, "one sum per auxiliary commitment")
        writer.writeVarint(cumulativeSums.count)
        for (s, r) in zip(cumulativeSums, auxiliaryRoots) { writer.write(s); writer.write(r) }
        for r in quotientRoots { writer.write(r) }
        for o in openings {
            for list in o.lists {
                writer.writeVarint(list.count)
                for v in list { writer.write(v) }
            }
        }
        fri.encode(into: &writer)
        for table in queryOpenings {
            writer.writeVarint(table.count)
            for o in table { o.encode(into: &writer, standalone: false) }
        }
        return writer.bytes
    }

    /// Decodes a version-1 encoding. Any malformed, non-canonical, truncated or over-long input
    /// throws a ``ProofDecodingError`` naming the byte offset; never traps. Shapes are checked
    /// against the key by the verifier, not here.
    public init(decoding bytes: [UInt8]) throws(ProofDecodingError) {
        var reader = ProofReader(bytes)
        let magic = try reader.readBytes(Self.magic.count)
        if magic != Self.magic { throw .wrongMagic(expected: Self.magic, got: magic) }
        let version = try reader.readByte()
        if version != Self.formatVersion { throw .unsupportedVersion(expected: Self.formatVersion, got: version) }
        // Every table costs at least 1 + 2·32 bytes (height, main and quotient roots).
        let tables = try reader.readCount("table count", limit: min(Self.maxTables, reader.remaining / 65))
        var logHeights: [Int] = []
        for _ in 0..<tables {
            let offset = reader.offset
            let h = Int(try reader.readByte())
            if h < 1 || h > BabyBear.twoAdicity {
                throw .valueOutOfRange(offset: offset, field: "logHeight", value: UInt64(h), limit: UInt64(BabyBear.twoAdicity))
            }
            logHeights.append(h)
        }
        var mainRoots: [Poseidon2Digest] = []
        for _ in 0..<tables { mainRoots.append(try reader.readDigest()) }
        let lookupTables = try reader.readCount("lookup table count", limit: tables)
        var sums: [BabyBearExt4] = []
        var auxiliaryRoots: [Poseidon2Digest] = []
        for _ in 0..<lookupTables {
            sums.append(try reader.readBabyBearExt4())
            auxiliaryRoots.append(try reader.readDigest())
        }
        var quotientRoots: [Poseidon2Digest] = []
        for _ in 0..<tables { quotientRoots.append(try reader.readDigest()) }
        var openings: [STARKTableOpenings] = []
        for _ in 0..<tables {
            var lists: [[BabyBearExt4]] = []
            for _ in 0..<7 {
                let count = try reader.readCount("opened value count", limit: reader.remaining / 16)
                var list: [BabyBearExt4] = []
                list.reserveCapacity(count)
                for _ in 0..<count { list.append(try reader.readBabyBearExt4()) }
                lists.append(list)
            }
            openings.append(STARKTableOpenings(
                preprocessedCurrent: lists[0], preprocessedNext: lists[1], mainCurrent: lists[2], mainNext: lists[3],
                auxiliaryCurrent: lists[4], auxiliaryNext: lists[5], quotient: lists[6]))
        }
        let fri = try FRIProof(from: &reader)
        var queryOpenings: [[MerkleOpening]] = []
        for _ in 0..<tables {
            let count = try reader.readCount("commitment count", limit: 4)
            var table: [MerkleOpening] = []
            for _ in 0..<count { table.append(try MerkleOpening(from: &reader)) }
            queryOpenings.append(table)
        }
        try reader.finish()
        self.init(logHeights: logHeights, mainRoots: mainRoots, cumulativeSums: sums, auxiliaryRoots: auxiliaryRoots,
                  quotientRoots: quotientRoots, openings: openings, fri: fri, queryOpenings: queryOpenings)
    }
}
