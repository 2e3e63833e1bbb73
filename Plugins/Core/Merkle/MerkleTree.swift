import Dispatch
import SproutCoreField
import SproutCoreHash
import Synchronization

/// A binary Merkle tree committing to the rows of a ``RowMajorMatrix`` of ``BabyBear`` elements.
///
/// Maths: leaf `i` is `H(rowᵢ)` with `H` = ``Poseidon2Hasher/hash(_:)`` (Poseidon2-16 sponge,
/// rate 8); an inner node is `C(left, right)` with `C` = ``Poseidon2Hasher/compress(_:_:)``. The
/// root binds every row: changing a row changes the root unless Poseidon2 collides. The height
/// must be a power of two `2^logHeight`.
///
/// Threading: immutable after construction (`Sendable`). Construction hashes the leaves and the
/// wide lower layers on all cores.
/// Complexity: `height·⌈width/8⌉` permutations for leaves plus `height − 1` for compressions;
/// memory `2·height` digests of 32 bytes.
public struct MerkleTree: Sendable {
    /// The committed rows.
    public let matrix: RowMajorMatrix<BabyBear>
    /// `layers[0]` are the leaf digests, `layers[logHeight]` is `[root]`.
    public let layers: [[Poseidon2Digest]]

    /// `log₂` of the number of rows.
    public var logHeight: Int { layers.count - 1 }
    /// The commitment.
    public var root: Poseidon2Digest { layers[layers.count - 1][0] }

    /// Commits to `matrix`. Precondition: its height is a power of two (≥ 1).
    public init(matrix: RowMajorMatrix<BabyBear>) {
        let height = matrix.height
        precondition(height >= 1 && height & (height - 1) == 0, "a Merkle tree needs a power-of-two number of rows, got \(height)")
        self.matrix = matrix
        var layers = [MerkleTree.hashLeaves(matrix)]
        while layers[layers.count - 1].count > 1 {
            layers.append(MerkleTree.compressLayer(layers[layers.count - 1]))
        }
        self.layers = layers
    }

    /// Number of parallel work items: a few per core, so uneven cores still balance.
    static let workerChunks = 8

    static func hashLeaves(_ matrix: RowMajorMatrix<BabyBear>) -> [Poseidon2Digest] {
        let height = matrix.height
        if height < 256 {
            return (0..<height).map { Poseidon2Hasher.hash(matrix.row($0)) }
        }
        return parallelMap(count: height) { Poseidon2Hasher.hash(matrix.row($0)) }
    }

    static func compressLayer(_ layer: [Poseidon2Digest]) -> [Poseidon2Digest] {
        let half = layer.count / 2
        if half < 256 {
            return (0..<half).map { Poseidon2Hasher.compress(layer[2 * $0], layer[2 * $0 + 1]) }
        }
        return parallelMap(count: half) { Poseidon2Hasher.compress(layer[2 * $0], layer[2 * $0 + 1]) }
    }

    /// `(0..<count).map(body)` computed in contiguous chunks on all cores.
    static func parallelMap(count: Int, _ body: @Sendable (Int) -> Poseidon2Digest) -> [Poseidon2Digest] {
        let chunks = min(workerChunks, count)
        let chunkSize = (count + chunks - 1) / chunks
        let parts = Mutex<[[Poseidon2Digest]]>(Array(repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * chunkSize
            let end = min(count, start + chunkSize)
            let part = start < end ? (start..<end).map(body) : []
            parts.withLock { $0[chunk] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }

    /// A batched opening of the rows at `indices` (any order, duplicates allowed): the
    /// sorted distinct indices, their rows, and the minimal set of sibling digests.
    ///
    /// Precondition: every index is in `0..<height`.
    /// Complexity: `O(k·logHeight)` for `k` indices; shared path nodes are sent once.
    public func open(_ indices: [Int]) -> MerkleOpening {
        let sorted = Array(Set(indices)).sorted()
        precondition(sorted.allSatisfy { $0 >= 0 && $0 < matrix.height }, "opening index outside 0..<\(matrix.height)")
        var siblings: [Poseidon2Digest] = []
        var known = sorted
        for level in 0..<logHeight {
            var next: [Int] = []
            var position = 0
            while position < known.count {
                let node = known[position]
                if node & 1 == 0, position + 1 < known.count, known[position + 1] == node + 1 {
                    position += 2  // both children known: nothing to send
                } else {
                    siblings.append(layers[level][node ^ 1])
                    position += 1
                }
                if next.last != node >> 1 { next.append(node >> 1) }
            }
            known = next
        }
        return MerkleOpening(
            logHeight: logHeight, width: matrix.width, indices: sorted,
            rows: sorted.map { Array(matrix.row($0)) }, siblings: siblings)
    }
}
