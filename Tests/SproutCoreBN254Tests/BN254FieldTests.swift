import SproutCoreBN254
import SproutCoreField
import Testing

/// A deterministic generator so failures reproduce (SplitMix64).
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

func checkFieldLaws<F: FieldElement>(_: F.Type, seed: UInt64) {
    var g = SeededGenerator(seed: seed)
    for _ in 0..<20 {
        let a = F.random(using: &g), b = F.random(using: &g), c = F.random(using: &g)
        #expect(a + b == b + a)
        #expect(a * b == b * a)
        #expect((a + b) + c == a + (b + c))
        #expect((a * b) * c == a * (b * c))
        #expect(a * (b + c) == a * b + a * c)
        #expect(a - a == .zero)
        #expect(a + (-a) == .zero)
        #expect(a * .one == a)
        #expect(a.squared() == a * a)
        if !a.isZero { #expect(a * a.inverse == .one) }
    }
    #expect(F.zero.inverse == .zero)
}

@Suite struct BN254FieldTests {
    @Test func fqSatisfiesFieldLaws() { checkFieldLaws(Fq.self, seed: 1) }
    @Test func frSatisfiesFieldLaws() { checkFieldLaws(Fr.self, seed: 2) }
    @Test func fq2SatisfiesFieldLaws() { checkFieldLaws(Fq2.self, seed: 3) }

    @Test func fq12SatisfiesFieldLaws() {
        var g = SeededGenerator(seed: 4)
        func r() -> Fq12 {
            Fq12(Fq6(.random(using: &g), .random(using: &g), .random(using: &g)),
                 Fq6(.random(using: &g), .random(using: &g), .random(using: &g)))
        }
        for _ in 0..<5 {
            let a = r(), b = r(), c = r()
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect(a.squared() == a * a)
            #expect(a * a.inverse == .one)
            #expect(a.c0.squared() == a.c0 * a.c0)
            // Frobenius is a ring homomorphism of order 12.
            #expect((a * b).frobenius(1) == a.frobenius(1) * b.frobenius(1))
            #expect(a.frobenius(6) == a.frobenius(3).frobenius(3))
            var f = a
            for _ in 0..<12 { f = f.frobenius(1) }
            #expect(f == a)
            // Sparse line multiplication agrees with the dense product.
            let d0 = Fq2.random(using: &g), d3 = Fq2.random(using: &g), d4 = Fq2.random(using: &g)
            #expect(a.multiplied(by034: d0, d3, d4) == a * Fq12(Fq6(d0, .zero, .zero), Fq6(d3, d4, .zero)))
        }
    }

    @Test func cyclotomicSquaringMatchesSquaringInTheCyclotomicSubgroup() {
        var g = SeededGenerator(seed: 6)
        let a = Fq12(Fq6(.random(using: &g), .random(using: &g), .random(using: &g)),
                     Fq6(.random(using: &g), .random(using: &g), .random(using: &g)))
        // The easy part maps into the cyclotomic subgroup.
        var t = a.conjugate * a.inverse
        t = t.frobenius(2) * t
        #expect(t.cyclotomicSquared() == t.squared())
        #expect(t.cyclotomicPower(12345) == t.power(12345))
    }

    @Test func fqMatchesPyEcc() throws {
        for (a, b, ab, ai, d) in PyEccVectors.fqMul {
            let x = try #require(Fq(hex: a)), y = try #require(Fq(hex: b))
            #expect(x * y == Fq(hex: ab))
            #expect(x.inverse == Fq(hex: ai))
            #expect(x - y == Fq(hex: d))
        }
    }

    @Test func frMatchesPyEcc() throws {
        for (a, b, ab, ai, s) in PyEccVectors.frMul {
            let x = try #require(Fr(hex: a)), y = try #require(Fr(hex: b))
            #expect(x * y == Fr(hex: ab))
            #expect(x.inverse == Fr(hex: ai))
            #expect(x + y == Fr(hex: s))
        }
    }

    @Test func fq2AndFq12MatchPyEcc() {
        for (a, b, ab, ai) in PyEccVectors.fq2Mul {
            #expect(a * b == ab)
            #expect(a.inverse == ai)
        }
        for (a, b, ab, ai) in PyEccVectors.fq12Mul {
            #expect(a * b == ab)
            #expect(a.inverse == ai)
        }
    }

    @Test func squareRootsAreRootsAndNonSquaresHaveNone() {
        var g = SeededGenerator(seed: 5)
        for _ in 0..<10 {
            let a = Fq.random(using: &g)
            #expect(a.squared().squareRoot.map { $0.squared() } == a.squared())
            let b = Fr.random(using: &g)
            #expect(b.squared().squareRoot.map { $0.squared() } == b.squared())
            let c = Fq2.random(using: &g)
            #expect(c.squared().squareRoot.map { $0.squared() } == c.squared())
        }
        #expect((-Fq.one).squareRoot == nil)  // q ≡ 3 mod 4
        #expect(Fr(integer: 7).squareRoot == nil)  // 7 generates 𝔽r*
    }

    @Test func reducesWideBytes() {
        // Expected values: Python `int.from_bytes(b, "little") % p` for b[i] = (37i + 11) mod 256.
        let bytes = (0..<64).map { UInt8((37 * $0 + 11) % 256) }
        #expect(Fr(reducingLittleEndianBytes: bytes) == Fr(hex: "0x204f52b691717479dc47367683e9cbf63c68655515a2148ba0bcfef22cc86516"))
        #expect(Fr(reducingLittleEndianBytes: Array(bytes[0..<32])) == Fr(hex: "0x25989f32306a682fed988982c7a2cfa0e5aa1c36af0a77108725d9779a553009"))
        #expect(Fq(reducingLittleEndianBytes: bytes) == Fq(hex: "0x27e6d6aec0dd35e9965278c071e7196563919cbd7a3cdd0825127ffaab8814fd"))
        #expect(Fr(reducingLittleEndianBytes: [UInt8](repeating: 0xff, count: 32)) != nil)
        #expect(Fr(reducingLittleEndianBytes: [1, 2, 3]) == nil)
    }

    @Test func rejectsOutOfRangeBytes() {
        let q = [UInt8](Fq(hex: "0x01")!.bigEndianBytes)
        #expect(q.count == 32)
        let modulus: [UInt8] = [0x30, 0x64, 0x4e, 0x72, 0xe1, 0x31, 0xa0, 0x29, 0xb8, 0x50, 0x45, 0xb6, 0x81, 0x81, 0x58, 0x5d,
                                0x97, 0x81, 0x6a, 0x91, 0x68, 0x71, 0xca, 0x8d, 0x3c, 0x20, 0x8c, 0x16, 0xd8, 0x7c, 0xfd, 0x47]
        #expect(Fq(bigEndianBytes: modulus) == nil)
        var below = modulus
        below[31] -= 1
        #expect(Fq(bigEndianBytes: below) == -Fq.one)
        #expect(Fq(bigEndianBytes: [UInt8](repeating: 0xff, count: 32)) == nil)
        #expect(Fq(bigEndianBytes: [UInt8](repeating: 0, count: 31)) == nil)
    }
}
