import Testing
import SproutCoreField

/// A deterministic generator so that failures reproduce (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // wraps by design: SplitMix64 works mod 2⁶⁴
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9  // mod 2⁶⁴ by design
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB  // mod 2⁶⁴ by design
        return z ^ (z >> 31)
    }
}

/// Field axioms checked on random samples; run for every field type.
enum FieldLaws {
    static func check<F: FieldElement>(_ type: F.Type, samples: Int = 200, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<samples {
            let a = F.random(using: &rng), b = F.random(using: &rng), c = F.random(using: &rng)
            #expect((a + b) + c == a + (b + c), "addition is associative")
            #expect(a + b == b + a, "addition is commutative")
            #expect((a * b) * c == a * (b * c), "multiplication is associative")
            #expect(a * b == b * a, "multiplication is commutative")
            #expect(a * (b + c) == a * b + a * c, "multiplication distributes over addition")
            #expect(a + F.zero == a)
            #expect(a * F.one == a)
            #expect(a * F.zero == F.zero)
            #expect(a + (-a) == F.zero)
            #expect(a - b == a + (-b))
            #expect((a - b) + b == a)
            #expect(a.squared() == a * a)
            #expect(a.doubled() == a + a)
            if !a.isZero {
                #expect(a * a.inverse == F.one, "inverse of \(a)")
                #expect(a.inverse.inverse == a)
            }
            #expect(a.power(5) == a * a * a * a * a)
            #expect(a.power(0) == F.one)
        }
        #expect(F.zero.inverse == F.zero, "0⁻¹ is defined as 0")
        #expect(F.one.inverse == F.one)
        #expect((-F.one) * (-F.one) == F.one)
        #expect(F(integer: 0) == F.zero)
        #expect(F(integer: 1) == F.one)
        #expect(F(integer: 7) * F(integer: 6) == F(integer: 42))
    }

    static func checkBatchInverse<F: FieldElement>(_ type: F.Type, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var values = (0..<257).map { _ in F.random(using: &rng) }
        values[0] = .zero
        values[100] = .zero
        let inverses = values.batchInverted()
        for (x, inverse) in zip(values, inverses) {
            #expect(inverse == x.inverse)
        }
        #expect([F]().batchInverted().isEmpty)
    }
}

@Suite("Field laws")
struct FieldLawTests {
    @Test func babyBearSatisfiesFieldLaws() {
        FieldLaws.check(BabyBear.self, samples: 500, seed: 1)
    }

    @Test func babyBearExt4SatisfiesFieldLaws() {
        FieldLaws.check(BabyBearExt4.self, samples: 200, seed: 2)
    }

    @Test func babyBearBatchInverseMatchesSingleInverse() {
        FieldLaws.checkBatchInverse(BabyBear.self, seed: 3)
    }

    @Test func babyBearExt4BatchInverseMatchesSingleInverse() {
        FieldLaws.checkBatchInverse(BabyBearExt4.self, seed: 4)
    }

    @Test func babyBearEdgeValuesBehave() {
        let p = BabyBear.modulus
        let minusOne = BabyBear(p - 1)
        #expect(minusOne + .one == .zero)
        #expect(BabyBear(p) == .zero)
        #expect(BabyBear(p + 5) == BabyBear(5))
        #expect(BabyBear(UInt32.max).value == UInt32.max % p)
        #expect(BabyBear(integer: UInt64.max).value == UInt32(UInt64.max % UInt64(p)))
        #expect(BabyBear(signed: -1) == minusOne)
        #expect(minusOne * minusOne == .one)
        #expect(BabyBear(p - 1).value == p - 1)
        #expect(BabyBear.one.value == 1)
        #expect(BabyBear(7).halved() * .two == BabyBear(7))
        #expect(BabyBear(8).halved() == BabyBear(4))
        #expect(BabyBear.zero.halved() == .zero)
        // Fermat: x^(p−1) = 1 for x ≠ 0
        #expect(BabyBear(123_456_789).power(UInt64(p - 1)) == .one)
    }
}
