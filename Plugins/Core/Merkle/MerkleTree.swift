import Dispatch
import SproutCoreField
import SproutCoreHash

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
        let width = matrix.width
        return matrix.values.withUnsafeBufferPointer { values in
            // Safety: read-only, and `values` outlives the parallel loop inside `fill`.
            nonisolated(unsafe) let values = values
            return fill(count: matrix.height) { range, output in
                Poseidon2Hasher.hash(rows: UnsafeBufferPointer(rebasing: values[(range.lowerBound * width)..<(range.upperBound * width)]), width: width, into: output)
            }
        }
    }

    static func compressLayer(_ layer: [Poseidon2Digest]) -> [Poseidon2Digest] {
        layer.withUnsafeBufferPointer { nodes in
            // Safety: read-only, and `nodes` outlives the parallel loop inside `fill`.
            nonisolated(unsafe) let nodes = nodes
            return fill(count: layer.count / 2) { range, output in
                Poseidon2Hasher.compress(pairs: UnsafeBufferPointer(rebasing: nodes[(2 * range.lowerBound)..<(2 * range.upperBound)]), into: output)
            }
        }
    }

    /// An array of `count` digests, `body(range, output)` writing the digests of `range` into
    /// `output` (`output.count == range.count`). Large counts run in contiguous chunks on all
    /// cores, written in place; chunk sizes are multiples of the SIMD batch so lanes stay full.
    static func fill(count: Int, _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Poseidon2Digest>) -> Void) -> [Poseidon2Digest] {
        [Poseidon2Digest](unsafeUninitializedCapacity: count) { buffer, initialized in
            let chunks = count < 256 ? 1 : workerChunks
            let chunkSize = ((count + chunks - 1) / chunks + 15) & ~15
            // Safety: every worker writes only its own disjoint range (below).
            nonisolated(unsafe) let output = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = min(count, chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                // Safety: the chunks' ranges are disjoint, so each worker writes its own digests;
                // Poseidon2Digest is a trivial type, so writing uninitialised memory is fine.
                body(range, UnsafeMutableBufferPointer(rebasing: output[range]))
            }
            initialized = count
        }
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
