import SproutCoreBN254
import SproutCoreKZG
import Testing

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        // Wrapping is the definition of SplitMix64 (arithmetic modulo 2⁶⁴).
        state = state &+ 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@Suite struct KZGTests {
    static let params = KZGParams.insecureDevelopmentSetup(k: 5, tau: Fr(integer: 0x5eed_1234_abcd))

    struct Fixture {
        var polynomials: [[Fr]]
        var commitments: [G1Affine]
        var queries: [KZGQuery]
        var opening: KZGMultiOpening
        let v = Fr(integer: 1111), u = Fr(integer: 2222)
    }

    static func fixture() throws -> Fixture {
        var g = SeededGenerator(seed: 42)
        let polynomials = [32, 17, 5, 1].map { n in (0..<n).map { _ in Fr.random(using: &g) } }
        let commitments = try polynomials.map { try KZG.commit(params, coefficients: $0) }
        let z0 = Fr.random(using: &g), z1 = Fr.random(using: &g), z2 = Fr(integer: 3)
        let pairs: [(polynomial: Int, point: Fr)] = [(0, z0), (1, z0), (2, z1), (0, z1), (3, z2), (1, z2), (2, z0)]
        let queries = pairs.map { KZGQuery(polynomial: $0.polynomial, point: $0.point, value: KZG.evaluate(polynomials[$0.polynomial], at: $0.point)) }
        var f = Fixture(polynomials: polynomials, commitments: commitments, queries: queries, opening: KZGMultiOpening(witnesses: []))
        f.opening = try KZG.open(params, polynomials: polynomials, queries: pairs, v: f.v)
        return f
    }

    static func verifies(_ f: Fixture) -> Bool {
        do {
            try KZG.verify(params, commitments: f.commitments, queries: f.queries, opening: f.opening, v: f.v, u: f.u)
            return true
        } catch { return false }
    }

    @Test func developmentParamsAreConsistent() throws {
        try Self.params.verifyStructure()
        #expect(Self.params.g[0] == G1Curve.generator)
        // Committing in the Lagrange basis equals committing to the interpolated coefficients.
        var g = SeededGenerator(seed: 5)
        let evals = (0..<Self.params.n).map { _ in Fr.random(using: &g) }
        var coeffs = evals
        EvaluationDomain(logSize: Self.params.k)!.ifft(&coeffs)
        #expect(try KZG.commitLagrange(Self.params, evaluations: evals) == KZG.commit(Self.params, coefficients: coeffs))
    }

    @Test func openingVerifies() throws {
        let f = try Self.fixture()
        #expect(f.opening.witnesses.count == 3)
        try KZG.verify(Self.params, commitments: f.commitments, queries: f.queries, opening: f.opening, v: f.v, u: f.u)
    }

    @Test func rejectsTamperedOpening() throws {
        var f = try Self.fixture()
        f.opening.witnesses[1] = (G1(f.opening.witnesses[1]) + G1.generator).affine
        #expect(!Self.verifies(f))
        f = try Self.fixture()
        f.opening.witnesses.swapAt(0, 2)
        #expect(!Self.verifies(f))
    }

    @Test func rejectsTamperedValue() throws {
        var f = try Self.fixture()
        f.queries[4].value = f.queries[4].value + .one
        #expect(!Self.verifies(f))
    }

    @Test func rejectsTamperedPoint() throws {
        var f = try Self.fixture()
        // Move every query at the third point: the grouping is unchanged, the claim is false.
        for i in f.queries.indices where f.queries[i].point == Fr(integer: 3) { f.queries[i].point = Fr(integer: 4) }
        #expect(!Self.verifies(f))
    }

    @Test func rejectsTamperedCommitment() throws {
        var f = try Self.fixture()
        f.commitments[2] = (G1(f.commitments[2]).doubled()).affine
        #expect(!Self.verifies(f))
    }

    @Test func rejectsMalformedShapesWithTypedErrors() throws {
        var f = try Self.fixture()
        f.opening.witnesses.removeLast()
        #expect(throws: KZGError.wrongWitnessCount(expected: 3, got: 2)) {
            try KZG.verify(Self.params, commitments: f.commitments, queries: f.queries, opening: f.opening, v: f.v, u: f.u)
        }
        f = try Self.fixture()
        f.queries[0].polynomial = 9
        #expect(throws: KZGError.polynomialIndexOutOfRange(index: 9, count: 4)) {
            try KZG.verify(Self.params, commitments: f.commitments, queries: f.queries, opening: f.opening, v: f.v, u: f.u)
        }
        #expect(throws: KZGError.polynomialTooLarge(coefficients: 33, maximum: 32)) {
            try KZG.commit(Self.params, coefficients: [Fr](repeating: .one, count: 33))
        }
    }

    @Test func halo2ParamsRoundTripInBothFormats() throws {
        for format in [Halo2SerdeFormat.rawBytes, .processed] {
            let bytes = Self.params.halo2Bytes(format: format)
            #expect(bytes.count == KZGParams.halo2Length(k: 5, format: format))
            #expect(Array(bytes[0..<4]) == [5, 0, 0, 0])
            let loaded = try KZGParams(halo2Bytes: bytes)
            #expect(loaded.g == Self.params.g)
            #expect(loaded.gLagrange == Self.params.gLagrange)
            #expect(loaded.g2 == Self.params.g2)
            #expect(loaded.sG2 == Self.params.sG2)
            try loaded.verifyStructure()
        }
        // Newer PSE layout without g_lagrange.
        for format in [Halo2SerdeFormat.rawBytes, .processed] {
            let bytes = Self.params.halo2Bytes(format: format, includesLagrange: false)
            #expect(bytes.count == KZGParams.halo2Length(k: 5, format: format, includesLagrange: false))
            let loaded = try KZGParams(halo2Bytes: bytes)
            #expect(loaded.g == Self.params.g)
            #expect(loaded.gLagrange.isEmpty)
            #expect(loaded.sG2 == Self.params.sG2)
            try loaded.verifyStructure()
        }
        // Raw bytes are Montgomery limbs: the generator's x = 1 is stored as R mod q.
        let raw = Self.params.halo2Bytes(format: .rawBytes)
        #expect(Array(raw[4..<12]) == [0x9d, 0x0d, 0x8f, 0xc5, 0x8d, 0x43, 0x5d, 0xd3])
    }

    @Test func halo2LoaderRejectsHostileBytes() throws {
        let raw = Self.params.halo2Bytes(format: .rawBytes)
        #expect(throws: KZGError.wrongLength(expected: raw.count, got: raw.count - 1)) {
            try KZGParams(halo2Bytes: Array(raw.dropLast()), format: .rawBytes)
        }
        var bigK = raw
        bigK[3] = 1
        #expect(throws: KZGError.unsupportedK(k: 0x0100_0005, maxK: KZGParams.maxK)) { try KZGParams(halo2Bytes: bigK) }
        var offCurve = raw
        offCurve[4 + 64 * 3 + 40] ^= 0x01
        #expect(throws: KZGError.self) { try KZGParams(halo2Bytes: offCurve) }
        var outOfRange = raw
        for i in 0..<32 { outOfRange[4 + 64 + i] = 0xff }
        #expect(throws: KZGError.invalidPoint(offset: 4 + 64, reason: .coordinateOutOfRange(offset: 4 + 64))) {
            try KZGParams(halo2Bytes: outOfRange)
        }
        #expect(throws: KZGError.wrongLength(expected: 4, got: 2)) { try KZGParams(halo2Bytes: [1, 2]) }
        // Well-formed points that are not powers of one secret fail the structure check.
        var forged = Self.params
        var g = forged.g
        g.swapAt(3, 4)
        forged = KZGParams(k: forged.k, g: g, gLagrange: forged.gLagrange, g2: forged.g2, sG2: forged.sG2)
        #expect(throws: KZGError.self) { try forged.verifyStructure() }
    }
}
