import SproutCoreField

/// Poseidon2 on ``PackedPoseidon2/laneCount`` independent states at once: lane `k` of every
/// vector belongs to state `k`, so each field operation is one SIMD operation over all states.
/// Merkle layers, whose leaves and nodes are independent hashes, spend almost all their time here.
///
/// The arithmetic is ``BabyBear``'s on Montgomery words, lane by lane, so the outputs are
/// bit-identical to ``Poseidon2/permute(_:)`` (the tests compare them). Nothing here allocates;
/// callers pass raw pointers whose sizes the public wrappers check.
@usableFromInline
enum PackedPoseidon2 {
    /// One field element per state, as Montgomery words.
    typealias Lanes = BabyBearLanes.Vector
    /// Number of states permuted together.
    static let laneCount = Lanes.scalarCount

    @inline(__always)
    static func add(_ a: Lanes, _ b: Lanes) -> Lanes { BabyBearLanes.add(a, b) }

    @inline(__always)
    static func multiply(_ a: Lanes, _ b: Lanes) -> Lanes { BabyBearLanes.multiply(a, b) }

    /// x⁷ with four multiplications, as ``HashKernels/sbox(_:)``.
    @inline(__always)
    static func sbox(_ x: Lanes) -> Lanes {
        let x2 = multiply(x, x)
        let x3 = multiply(x2, x)
        let x4 = multiply(x2, x2)
        return multiply(x3, x4)
    }

    /// `s ← M_E·s`, the same additions as ``HashKernels/externalLinearLayer(_:width:)``.
    @inline(__always)
    static func externalLinearLayer(_ s: UnsafeMutablePointer<Lanes>, width: Int) {
        // Safety: `s` addresses `width` vectors, width a multiple of 4.
        var chunk = 0
        while chunk < width {
            let x0 = s[chunk], x1 = s[chunk + 1], x2 = s[chunk + 2], x3 = s[chunk + 3]
            let t01 = add(x0, x1)
            let t23 = add(x2, x3)
            let t0123 = add(t01, t23)
            let t01123 = add(t0123, x1)
            let t01233 = add(t0123, x3)
            s[chunk + 3] = add(t01233, add(x0, x0))
            s[chunk + 1] = add(t01123, add(x2, x2))
            s[chunk] = add(t01123, t01)
            s[chunk + 2] = add(t01233, t23)
            chunk += 4
        }
        var sum0 = s[0], sum1 = s[1], sum2 = s[2], sum3 = s[3]
        chunk = 4
        while chunk < width {
            sum0 = add(sum0, s[chunk]); sum1 = add(sum1, s[chunk + 1])
            sum2 = add(sum2, s[chunk + 2]); sum3 = add(sum3, s[chunk + 3])
            chunk += 4
        }
        chunk = 0
        while chunk < width {
            s[chunk] = add(s[chunk], sum0); s[chunk + 1] = add(s[chunk + 1], sum1)
            s[chunk + 2] = add(s[chunk + 2], sum2); s[chunk + 3] = add(s[chunk + 3], sum3)
            chunk += 4
        }
    }

    /// The permutation for a fixed width (callers pass a literal so the loops unroll). Constants
    /// are broadcast vectors laid out as in ``Constants``.
    @inline(__always)
    static func permute(_ s: UnsafeMutablePointer<Lanes>, width: Int, constants c: UnsafePointer<Lanes>, rounds: Int) {
        // Safety: `s` addresses `width` vectors; `c` holds 8·width + rounds + width vectors.
        let terminal = c + 4 * width, internalConstants = c + 8 * width, diagonal = internalConstants + rounds
        externalLinearLayer(s, width: width)
        for round in 0..<4 {
            let k = c + round * width
            for i in 0..<width { s[i] = sbox(add(s[i], k[i])) }
            externalLinearLayer(s, width: width)
        }
        for round in 0..<rounds {
            s[0] = sbox(add(s[0], internalConstants[round]))
            // Σ sⱼ as a balanced tree of modular additions (short dependency chains).
            var partial = (add(s[0], s[1]), add(s[2], s[3]), add(s[4], s[5]), add(s[6], s[7]))
            var i = 8
            while i < width {
                partial = (add(partial.0, s[i]), add(partial.1, s[i + 1]), add(partial.2, s[i + 2]), add(partial.3, s[i + 3]))
                i += 4
            }
            let sum = add(add(partial.0, partial.1), add(partial.2, partial.3))
            for j in 0..<width { s[j] = add(multiply(s[j], diagonal[j]), sum) }
        }
        for round in 0..<4 {
            let k = terminal + round * width
            for i in 0..<width { s[i] = sbox(add(s[i], k[i])) }
            externalLinearLayer(s, width: width)
        }
    }

    /// The round constants of one ``Poseidon2`` instance, each broadcast to all lanes:
    /// `[initial (4·width) | terminal (4·width) | internal (rounds) | diagonal (width)]`.
    struct Constants: Sendable {
        let width: Int
        let rounds: Int
        let vectors: [Lanes]

        init(width: Int, initial: [BabyBear], terminal: [BabyBear], internal internalValues: [BabyBear], diagonal: [BabyBear]) {
            self.width = width
            self.rounds = internalValues.count
            self.vectors = (initial + terminal + internalValues + diagonal).map { Lanes(repeating: $0.montgomery) }
        }
    }

    /// Permutes the states `s[0..<width]` (lane k = state k) with `constants`.
    static func permute(_ s: UnsafeMutablePointer<Lanes>, _ constants: Constants) {
        constants.vectors.withUnsafeBufferPointer { c in
            // Safety: `vectors` has the layout `permute(_:width:constants:rounds:)` reads.
            if constants.width == 16 {
                permute(s, width: 16, constants: c.baseAddress!, rounds: constants.rounds)
            } else {
                permute(s, width: 24, constants: c.baseAddress!, rounds: constants.rounds)
            }
        }
    }

    // MARK: Batched entry points (sizes checked by the public wrappers)

    /// Permutes `count` states of `width` elements stored one after another at `states`.
    static func permute(states: UnsafeMutablePointer<BabyBear>, count: Int, _ constants: Constants) {
        let width = constants.width
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: width) { buffer in
            // Safety: `buffer` holds `width` vectors, initialised below before any read.
            let s = buffer.baseAddress!
            var first = 0
            while first < count {
                let lanes = min(laneCount, count - first)
                for i in 0..<width {
                    var v = Lanes(repeating: 0)
                    for k in 0..<lanes { v[k] = states[(first + k) * width + i].montgomery }
                    s[i] = v
                }
                permute(s, constants)
                for k in 0..<lanes {
                    for i in 0..<width { states[(first + k) * width + i] = BabyBear(montgomery: s[i][k]) }
                }
                first += lanes
            }
        }
    }

    /// ``Poseidon2Hasher/hash(_:)`` of `count` rows of `rowWidth` elements (row `r` at
    /// `rows + r·rowWidth`), written to `output[0..<count]`.
    static func hashRows(_ rows: UnsafePointer<BabyBear>, rowWidth: Int, count: Int, into output: UnsafeMutablePointer<Poseidon2Digest>, _ constants: Constants) {
        let rate = Poseidon2Hasher.rate
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { buffer in
            // Safety: `buffer` holds the 16 state vectors; every read of `rows` stays inside `count` rows.
            let s = buffer.baseAddress!
            var first = 0
            while first < count {
                let lanes = min(laneCount, count - first)
                for i in 0..<16 { s[i] = Lanes(repeating: 0) }
                var column = 0
                while column < rowWidth {
                    let chunk = min(rate, rowWidth - column)
                    for i in 0..<chunk {
                        var v = Lanes(repeating: 0)
                        for k in 0..<lanes { v[k] = rows[(first + k) * rowWidth + column + i].montgomery }
                        s[i] = v
                    }
                    permute(s, constants)
                    column += chunk
                }
                store(s, lanes: lanes, into: output + first)
                first += lanes
            }
        }
    }

    /// ``Poseidon2Hasher/compress(_:_:)`` of the pairs `(input[2i], input[2i+1])`, `i < count`,
    /// written to `output[0..<count]`.
    static func compressPairs(_ input: UnsafePointer<Poseidon2Digest>, count: Int, into output: UnsafeMutablePointer<Poseidon2Digest>, _ constants: Constants) {
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 16) { buffer in
            // Safety: `buffer` holds the 16 state vectors; `input` holds 2·count digests.
            let s = buffer.baseAddress!
            input.withMemoryRebound(to: BabyBear.self, capacity: 16 * count) { elements in
                // A digest is 8 inline BabyBear words (Poseidon2Digest is @frozen), so a pair is 16 elements.
                var first = 0
                while first < count {
                    let lanes = min(laneCount, count - first)
                    for i in 0..<16 {
                        var v = Lanes(repeating: 0)
                        for k in 0..<lanes { v[k] = elements[(first + k) * 16 + i].montgomery }
                        s[i] = v
                    }
                    permute(s, constants)
                    store(s, lanes: lanes, into: output + first)
                    first += lanes
                }
            }
        }
    }

    /// Digest `k` = the first 8 elements of state `k`.
    @inline(__always)
    static func store(_ s: UnsafeMutablePointer<Lanes>, lanes: Int, into output: UnsafeMutablePointer<Poseidon2Digest>) {
        for k in 0..<lanes {
            output[k] = Poseidon2Digest(
                BabyBear(montgomery: s[0][k]), BabyBear(montgomery: s[1][k]), BabyBear(montgomery: s[2][k]), BabyBear(montgomery: s[3][k]),
                BabyBear(montgomery: s[4][k]), BabyBear(montgomery: s[5][k]), BabyBear(montgomery: s[6][k]), BabyBear(montgomery: s[7][k]))
        }
    }
}

extension Poseidon2 {
    /// Number of states ``permute(states:)`` and the Merkle batch functions process per SIMD operation.
    @_spi(Benchmarks) public static var batchLanes: Int { PackedPoseidon2.laneCount }

    /// `8·rounds` vector Montgomery multiplications of ``batchLanes`` lanes each, in eight
    /// independent chains, for the benchmark's vector multiplication rate (the bound of the batched
    /// paths). Returns a checksum so the work cannot be optimised away.
    @_spi(Benchmarks) public static func vectorMultiplications(rounds: Int, seed: UInt32) -> UInt32 {
        typealias Lanes = PackedPoseidon2.Lanes
        var x = (0..<8).map { chain in Lanes((0..<Lanes.scalarCount).map { (seed &+ UInt32(chain * 31 + $0)) % BabyBear.modulus }) }
        let y = Lanes((0..<Lanes.scalarCount).map { (seed &* 7 &+ UInt32($0)) % BabyBear.modulus })
        var x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3], x4 = x[4], x5 = x[5], x6 = x[6], x7 = x[7]
        for _ in 0..<rounds {
            x0 = PackedPoseidon2.multiply(x0, y); x1 = PackedPoseidon2.multiply(x1, y)
            x2 = PackedPoseidon2.multiply(x2, y); x3 = PackedPoseidon2.multiply(x3, y)
            x4 = PackedPoseidon2.multiply(x4, y); x5 = PackedPoseidon2.multiply(x5, y)
            x6 = PackedPoseidon2.multiply(x6, y); x7 = PackedPoseidon2.multiply(x7, y)
        }
        x = [x0, x1, x2, x3, x4, x5, x6, x7]
        return x.reduce(0) { $0 ^ $1.wrappedSum() }
    }
}
