import SproutCoreField

/// A Poseidon2 hash output: eight ``BabyBear`` elements (≈ 248 bits, ≈ 124-bit collision
/// resistance), stored inline so that digests never allocate.
@frozen
public struct Poseidon2Digest: Hashable, Sendable, CustomStringConvertible {
    /// Number of field elements in a digest.
    public static let count = 8

    public var e0, e1, e2, e3, e4, e5, e6, e7: BabyBear

    @inlinable
    public init(_ e0: BabyBear, _ e1: BabyBear, _ e2: BabyBear, _ e3: BabyBear, _ e4: BabyBear, _ e5: BabyBear, _ e6: BabyBear, _ e7: BabyBear) {
        (self.e0, self.e1, self.e2, self.e3, self.e4, self.e5, self.e6, self.e7) = (e0, e1, e2, e3, e4, e5, e6, e7)
    }

    /// The first eight elements of `elements`. Precondition: `elements.count ≥ 8`.
    @inlinable
    public init(prefixOf elements: [BabyBear]) {
        precondition(elements.count >= 8, "a digest needs 8 elements")
        self.init(elements[0], elements[1], elements[2], elements[3], elements[4], elements[5], elements[6], elements[7])
    }

    /// The all-zero digest.
    public static let zero = Poseidon2Digest(.zero, .zero, .zero, .zero, .zero, .zero, .zero, .zero)

    /// The eight elements in order.
    @inlinable
    public var elements: [BabyBear] { [e0, e1, e2, e3, e4, e5, e6, e7] }

    public var description: String { elements.map { String($0.value, radix: 16) }.joined(separator: ":") }
}

/// Hashing and two-to-one compression with ``Poseidon2/babyBear16``, shaped as in Plonky3's
/// BabyBear configurations (`PaddingFreeSponge<_, 16, 8, 8>`, `TruncatedPermutation<_, 2, 8, 16>`).
public enum Poseidon2Hasher {
    /// Sponge rate (elements absorbed per permutation); the capacity is the other 8.
    public static let rate = 8

    /// Hash of a sequence of field elements: a padding-free overwrite-mode sponge.
    ///
    /// Maths: start from the zero state; for each chunk of up to 8 inputs, overwrite the first
    /// positions with the chunk and permute; output the first 8 elements. Being padding-free, it
    /// is collision resistant only among inputs of one fixed length (each Merkle tree hashes rows
    /// of a single width); the empty input hashes to ``Poseidon2Digest/zero``.
    public static func hash(_ elements: some Collection<BabyBear>) -> Poseidon2Digest {
        var state = [BabyBear](repeating: .zero, count: 16)
        var position = 0
        for x in elements {
            state[position] = x
            position += 1
            if position == rate {
                Poseidon2.babyBear16.permute(&state)
                position = 0
            }
        }
        if position != 0 { Poseidon2.babyBear16.permute(&state) }
        return Poseidon2Digest(prefixOf: state)
    }

    /// Two-to-one compression `C(l, r)`: the first 8 elements of `Poseidon2₁₆(l ‖ r)`.
    public static func compress(_ left: Poseidon2Digest, _ right: Poseidon2Digest) -> Poseidon2Digest {
        var state = [left.e0, left.e1, left.e2, left.e3, left.e4, left.e5, left.e6, left.e7,
                     right.e0, right.e1, right.e2, right.e3, right.e4, right.e5, right.e6, right.e7]
        Poseidon2.babyBear16.permute(&state)
        return Poseidon2Digest(prefixOf: state)
    }

    /// ``hash(_:)`` of each row of `rows` (rows of `width` elements, one after another) into
    /// `output`, hashing many rows at once with SIMD. Precondition: `rows.count == width·output.count`.
    public static func hash(rows: UnsafeBufferPointer<BabyBear>, width: Int, into output: UnsafeMutableBufferPointer<Poseidon2Digest>) {
        precondition(width >= 0 && rows.count == width * output.count, "\(rows.count) elements are not \(output.count) rows of width \(width)")
        guard let destination = output.baseAddress, !output.isEmpty else { return }
        guard let source = rows.baseAddress else {
            // Width 0: every row is empty and hashes to zero.
            output.update(repeating: .zero)
            return
        }
        // Safety: the sizes were checked above.
        PackedPoseidon2.hashRows(source, rowWidth: width, count: output.count, into: destination, Poseidon2.babyBear16.packed)
    }

    /// ``compress(_:_:)`` of each pair `(pairs[2i], pairs[2i+1])` into `output[i]`, many pairs
    /// at once with SIMD. Precondition: `pairs.count == 2·output.count`.
    public static func compress(pairs: UnsafeBufferPointer<Poseidon2Digest>, into output: UnsafeMutableBufferPointer<Poseidon2Digest>) {
        precondition(pairs.count == 2 * output.count, "\(pairs.count) digests are not \(output.count) pairs")
        guard let destination = output.baseAddress, let source = pairs.baseAddress else { return }
        // Safety: the sizes were checked above.
        PackedPoseidon2.compressPairs(source, count: output.count, into: destination, Poseidon2.babyBear16.packed)
    }
}
