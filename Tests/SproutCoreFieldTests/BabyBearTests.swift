import Testing
import SproutCoreField

/// Known values computed independently with Python integers (`(a*b) % p`, `pow(a, p-2, p)`).
@Suite("BabyBear known values")
struct BabyBearTests {
    static let baseVectors: [(a: UInt32, b: UInt32, product: UInt32, sum: UInt32, difference: UInt32, inverseA: UInt32)] = [
        (1337671202, 548563996, 614176694, 1886235198, 789107206, 117196749),
        (1592975436, 769949150, 159629092, 349658665, 823026286, 1349023303),
        (1707665179, 1482723311, 1725008485, 1177122569, 224941868, 529826421),
        (1807131032, 1588920084, 1595437122, 1382785195, 218210948, 1432751165),
        (1400227407, 1980677840, 286642979, 1367639326, 1432815488, 1938621709),
        (1138251922, 62288247, 610026064, 1200540169, 1075963675, 584793333),
        (1804633855, 999917037, 417991949, 791284971, 804716818, 743993360),
        (1666358331, 534836507, 930624731, 187928917, 1131521824, 1870248711),
    ]

    @Test func arithmeticMatchesPythonReference() {
        for v in Self.baseVectors {
            let a = BabyBear(v.a), b = BabyBear(v.b)
            #expect(a.value == v.a)
            #expect((a * b).value == v.product)
            #expect((a + b).value == v.sum)
            #expect((a - b).value == v.difference)
            #expect(a.inverse.value == v.inverseA)
        }
    }

    @Test func montgomeryConstantsAreConsistent() {
        #expect(BabyBear.modulus == 15 * (1 << 27) + 1)
        // R mod p is the Montgomery form of one
        #expect(BabyBear.one.montgomery == UInt32((UInt64(1) << 32) % UInt64(BabyBear.modulus)))
        #expect(BabyBear.one.value == 1)
    }

    @Test func generatorHasFullOrder() {
        let g = BabyBear.generator
        let p1 = UInt64(BabyBear.modulus - 1)
        #expect(g.power(p1) == .one)
        for q: UInt64 in [2, 3, 5] {
            #expect(g.power(p1 / q) != .one, "31 is not a generator if 31^((p−1)/\(q)) = 1")
        }
    }

    @Test func twoAdicRootsHaveExactOrder() {
        #expect(BabyBear.twoAdicRoot.value == 0x1a42_7a41)
        #expect(BabyBear.generator.power(15) == BabyBear.twoAdicRoot)
        for k in 0...BabyBear.twoAdicity {
            let w = BabyBear.rootOfUnity(logOrder: k)
            #expect(w.exponentiatedByPowerOfTwo(k) == .one, "ω_\(k)^(2^\(k)) = 1")
            if k > 0 {
                #expect(w.exponentiatedByPowerOfTwo(k - 1) == BabyBear.minusOne, "ω_\(k) is primitive")
                #expect(BabyBear.rootOfUnity(logOrder: k).squared() == BabyBear.rootOfUnity(logOrder: k - 1))
            }
        }
        #expect(BabyBear.rootOfUnity(logOrder: 1) == BabyBear.minusOne)
        // Python: pow(440564289, 2**(27-2), p) = 1728404513 (primitive 4th root)
        #expect(BabyBear.rootOfUnity(logOrder: 2).value == 1_728_404_513)
    }

    @Test func squareRootsOfSquaresAreFoundAndNonSquaresRejected() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<100 {
            let x = BabyBear.random(using: &rng)
            let square = x.squared()
            let root = square.squareRoot()
            #expect(root != nil)
            #expect(root.map { $0 * $0 } == square)
        }
        #expect(BabyBear.generator.squareRoot() == nil, "a generator is never a square")
        #expect(BabyBear(11).squareRoot() == nil)  // 11 is a non-residue (Python: pow(11,(p-1)//2,p) = p−1)
        #expect(BabyBear.zero.squareRoot() == .zero)
        #expect(BabyBear.minusOne.squareRoot().map { $0 * $0 } == BabyBear.minusOne)
    }
}

@Suite("BabyBearExt4 known values")
struct BabyBearExt4Tests {
    /// Computed in Python as polynomial products reduced by x⁴ = −11, and inverses as a^(p⁴−2).
    static let extensionVectors: [(a: [UInt32], b: [UInt32], product: [UInt32], inverseA: [UInt32])] = [
        ([1393662250, 111354012, 1934669085, 336835654], [243107963, 798420159, 1007318097, 1864972416], [664695637, 295380614, 250405299, 61678571], [198041300, 1002826171, 1247773881, 1680937089]),
        ([529511124, 817671399, 1167717556, 218988355], [1232529314, 535433644, 28162508, 1570205072], [1770804711, 946608088, 2001551400, 454714257], [842177384, 1871236396, 772358808, 1292807339]),
        ([465423697, 876497718, 600183822, 391004504], [1967836688, 1862854222, 1644382882, 836310264], [1980810895, 815015273, 1025864611, 1191290768], [691853930, 1982538271, 712111404, 1792610947]),
        ([342747439, 1636222395, 1711860139, 154472228], [298000757, 1326986382, 1325969189, 955277375], [695275123, 1335491198, 361318181, 110134957], [201542918, 83402733, 232391466, 1240564197]),
    ]

    static func make(_ words: [UInt32]) -> BabyBearExt4 {
        BabyBearExt4(coefficients: words.map { BabyBear($0) })
    }

    @Test func arithmeticMatchesPythonReference() {
        for v in Self.extensionVectors {
            let a = Self.make(v.a), b = Self.make(v.b)
            #expect((a * b).coefficients.map(\.value) == v.product)
            #expect(a.inverse.coefficients.map(\.value) == v.inverseA)
        }
    }

    @Test func generatorXSatisfiesDefiningPolynomial() {
        let x = BabyBearExt4(.zero, .one, .zero, .zero)
        #expect(x.power(4) == BabyBearExt4(BabyBear(signed: -11)), "x⁴ = −11 (RISC Zero's x⁴ + 11)")
    }

    @Test func frobeniusIsThePthPowerMap() {
        var rng = SeededGenerator(seed: 21)
        for _ in 0..<10 {
            let a = BabyBearExt4.random(using: &rng), b = BabyBearExt4.random(using: &rng)
            #expect(a.frobenius() == a.power(UInt64(BabyBear.modulus)))
            #expect(a.frobenius(repeated: 4) == a)
            #expect((a * b).frobenius() == a.frobenius() * b.frobenius())
            #expect(BabyBearExt4(a.norm) == a * a.frobenius() * a.frobenius(repeated: 2) * a.frobenius(repeated: 3))
        }
        let base = BabyBearExt4(BabyBear(12345))
        #expect(base.frobenius() == base)
        #expect(BabyBearExt4.frobeniusGamma.squared() == BabyBear.minusOne)
    }

    @Test func baseFieldEmbeddingIsAHomomorphism() {
        var rng = SeededGenerator(seed: 22)
        for _ in 0..<50 {
            let a = BabyBear.random(using: &rng), b = BabyBear.random(using: &rng)
            #expect(BabyBearExt4(a) * BabyBearExt4(b) == BabyBearExt4(a * b))
            #expect(BabyBearExt4(a) + BabyBearExt4(b) == BabyBearExt4(a + b))
            #expect(BabyBearExt4(a).inverse == BabyBearExt4(a.inverse))
            let e = BabyBearExt4.random(using: &rng)
            #expect(e * a == e * BabyBearExt4(a))
        }
    }

    @Test func multiplicativeGroupOrderAnnihilates() {
        // |𝔽ₚ⁴*| = p⁴ − 1 = (p − 1)(p + 1)(p² + 1); a^(p⁴−1) = 1 computed via Frobenius: a^(p⁴) = a.
        let a = Self.make([3, 1, 4, 1])
        #expect(a.frobenius(repeated: 4) == a)
        #expect(a.norm.power(UInt64(BabyBear.modulus - 1)) == .one)
    }
}
