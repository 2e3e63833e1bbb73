import Testing
import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // wraps by design: SplitMix64 works mod 2⁶⁴
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9  // mod 2⁶⁴ by design
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB  // mod 2⁶⁴ by design
        return z ^ (z >> 31)
    }
}

func randomMatrix(height: Int, width: Int, seed: UInt64) -> RowMajorMatrix<BabyBear> {
    var rng = SplitMix(state: seed)
    return RowMajorMatrix(width: width, values: (0..<(height * width)).map { _ in BabyBear.random(using: &rng) })
}

@Suite("MerkleTree")
struct MerkleTreeTests {
    @Test func rootIsTheHashTreeOfTheRows() {
        let matrix = randomMatrix(height: 4, width: 11, seed: 1)
        let tree = MerkleTree(matrix: matrix)
        let leaves = (0..<4).map { Poseidon2Hasher.hash(matrix.row($0)) }
        let expected = Poseidon2Hasher.compress(
            Poseidon2Hasher.compress(leaves[0], leaves[1]),
            Poseidon2Hasher.compress(leaves[2], leaves[3]))
        #expect(tree.root == expected)
        #expect(tree.logHeight == 2)
        let single = MerkleTree(matrix: randomMatrix(height: 1, width: 3, seed: 2))
        #expect(single.root == Poseidon2Hasher.hash(single.matrix.row(0)))
    }

    @Test func parallelConstructionMatchesSequentialDefinition() {
        let matrix = randomMatrix(height: 1 << 10, width: 9, seed: 3)
        let tree = MerkleTree(matrix: matrix)
        var layer = (0..<matrix.height).map { Poseidon2Hasher.hash(matrix.row($0)) }
        while layer.count > 1 {
            layer = (0..<(layer.count / 2)).map { Poseidon2Hasher.compress(layer[2 * $0], layer[2 * $0 + 1]) }
        }
        #expect(tree.root == layer[0])
    }

    @Test(arguments: [[0], [5], [63], [0, 1], [1, 2], [0, 63], [3, 3, 9, 2], Array(0..<64), [10, 11, 12, 40, 41, 62]])
    func openingsVerify(indices: [Int]) throws {
        let tree = MerkleTree(matrix: randomMatrix(height: 64, width: 7, seed: 4))
        let opening = tree.open(indices)
        #expect(opening.indices == Array(Set(indices)).sorted())
        try opening.verify(root: tree.root, logHeight: 6, width: 7)
        let decoded = try MerkleOpening(decoding: opening.encoded())
        #expect(decoded == opening)
        try decoded.verify(root: tree.root, logHeight: 6, width: 7)
    }

    @Test func batchedOpeningSharesPathNodes() {
        let tree = MerkleTree(matrix: randomMatrix(height: 64, width: 2, seed: 5))
        #expect(tree.open([0, 1]).siblings.count == 5)  // the pair needs no leaf sibling
        #expect(tree.open(Array(0..<64)).siblings.isEmpty)
        #expect(tree.open([0, 32]).siblings.count == 10)
    }

    @Test func rejectsWrongRootAndShape() {
        let tree = MerkleTree(matrix: randomMatrix(height: 32, width: 4, seed: 6))
        let other = MerkleTree(matrix: randomMatrix(height: 32, width: 4, seed: 7))
        let opening = tree.open([3, 17])
        #expect(throws: MerkleVerificationError.rootMismatch) { try opening.verify(root: other.root, logHeight: 5, width: 4) }
        #expect(throws: MerkleVerificationError.self) { try opening.verify(root: tree.root, logHeight: 6, width: 4) }
        #expect(throws: MerkleVerificationError.self) { try opening.verify(root: tree.root, logHeight: 5, width: 5) }
    }

    @Test func rejectsEveryElementTamper() {
        let tree = MerkleTree(matrix: randomMatrix(height: 32, width: 5, seed: 8))
        let opening = tree.open([1, 2, 20])
        for r in opening.rows.indices {
            for c in opening.rows[r].indices {
                var tampered = opening
                tampered.rows[r][c] = tampered.rows[r][c] + .one
                #expect(throws: MerkleVerificationError.self) { try tampered.verify(root: tree.root, logHeight: 5, width: 5) }
            }
        }
        for s in opening.siblings.indices {
            var tampered = opening
            tampered.siblings[s].e3 = tampered.siblings[s].e3 + .one
            #expect(throws: MerkleVerificationError.self) { try tampered.verify(root: tree.root, logHeight: 5, width: 5) }
        }
        var moved = opening
        moved.indices[2] = 21
        #expect(throws: MerkleVerificationError.self) { try moved.verify(root: tree.root, logHeight: 5, width: 5) }
        var swapped = opening
        swapped.indices = [2, 1, 20]
        #expect(throws: MerkleVerificationError.self) { try swapped.verify(root: tree.root, logHeight: 5, width: 5) }
        var extra = opening
        extra.siblings.append(.zero)
        #expect(throws: MerkleVerificationError.unusedSiblings(count: 1)) { try extra.verify(root: tree.root, logHeight: 5, width: 5) }
        var missing = opening
        missing.siblings.removeLast()
        #expect(throws: MerkleVerificationError.missingSiblings) { try missing.verify(root: tree.root, logHeight: 5, width: 5) }
    }

    @Test func rejectsEverySingleByteTamperOfTheEncoding() {
        let tree = MerkleTree(matrix: randomMatrix(height: 32, width: 3, seed: 9))
        let bytes = tree.open([4, 5, 30]).encoded()
        var rng = SplitMix(state: 10)
        for position in bytes.indices {
            for delta: UInt8 in [1, 0x80, UInt8.random(in: 1...255, using: &rng)] {
                var tampered = bytes
                tampered[position] ^= delta
                let accepted: Bool
                do {
                    let opening = try MerkleOpening(decoding: tampered)
                    try opening.verify(root: tree.root, logHeight: 5, width: 3)
                    accepted = true
                } catch {
                    accepted = false
                }
                #expect(!accepted, "byte \(position) ^ \(delta) was accepted")
            }
        }
    }

    @Test func rejectsEveryTruncationAndExtension() {
        let tree = MerkleTree(matrix: randomMatrix(height: 16, width: 2, seed: 11))
        let bytes = tree.open([0, 9]).encoded()
        for length in 0..<bytes.count {
            #expect(throws: ProofDecodingError.self) { try MerkleOpening(decoding: Array(bytes[0..<length])) }
        }
        #expect(throws: ProofDecodingError.trailingBytes(offset: bytes.count, count: 1)) { try MerkleOpening(decoding: bytes + [0]) }
    }

    @Test func randomGarbageNeverTraps() {
        var rng = SplitMix(state: 12)
        for length in 0..<300 {
            var garbage = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if length >= 4 { garbage.replaceSubrange(0..<4, with: MerkleOpening.magic + [1]) }
            _ = try? MerkleOpening(decoding: garbage)
        }
    }

    @Test func decoderRejectsNonCanonicalEncodings() throws {
        var writer = ProofWriter()
        writer.writeVarint(UInt64(300))
        var reader = ProofReader(writer.bytes)
        #expect(try reader.readVarint() == 300)
        var overlong = ProofReader([0x85, 0x00])
        #expect(throws: ProofDecodingError.malformedVarint(offset: 0)) { try overlong.readVarint() }
        var bigField = ProofReader([0x01, 0x00, 0x00, 0x78])  // 0x78000001 = p
        #expect(throws: ProofDecodingError.nonCanonicalFieldElement(offset: 0, value: BabyBear.modulus)) { try bigField.readBabyBear() }
        var tooLong = ProofReader([UInt8](repeating: 0xFF, count: 11))
        #expect(throws: ProofDecodingError.malformedVarint(offset: 0)) { try tooLong.readVarint() }
    }
}
