import Testing
import SproutCoreField
import SproutCoreNTT

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

/// The definition: `yᵢ = Σⱼ xⱼ ωⁱʲ`, O(n²).
func naiveDFT(_ x: [BabyBear], root: BabyBear) -> [BabyBear] {
    let n = x.count
    var out = [BabyBear](repeating: .zero, count: n)
    var wi = BabyBear.one
    for i in 0..<n {
        var acc = BabyBear.zero
        var wij = BabyBear.one
        for j in 0..<n {
            acc = acc + x[j] * wij
            wij = wij * wi
        }
        out[i] = acc
        wi = wi * root
    }
    return out
}

func randomVector(_ n: Int, seed: UInt64) -> [BabyBear] {
    var rng = SplitMix(state: seed)
    return (0..<n).map { _ in BabyBear.random(using: &rng) }
}

@Suite("NTT")
struct NTTTests {
    @Test func forwardMatchesPythonReferenceForSize8() {
        // Python: [sum(x[j]*pow(w8, i*j, p) for j in range(8)) % p for i in range(8)], w8 = 31^(15·2^24)
        var values: [BabyBear] = (1...8).map { BabyBear(UInt32($0)) }
        NTT.forward(&values)
        #expect(values.map(\.value) == [36, 1976151680, 1139445628, 1710526337, 2013265917, 302739576, 873820285, 37114233])
    }

    @Test(arguments: 0...11)
    func forwardMatchesNaiveDFT(logSize: Int) {
        let input = randomVector(1 << logSize, seed: UInt64(logSize) + 100)
        var values = input
        NTT.forward(&values)
        #expect(values == naiveDFT(input, root: BabyBear.rootOfUnity(logOrder: logSize)))
    }

    @Test(arguments: 0...11)
    func inverseMatchesNaiveInverseDFT(logSize: Int) {
        let n = 1 << logSize
        let input = randomVector(n, seed: UInt64(logSize) + 200)
        var values = input
        NTT.inverse(&values)
        let nInverse = BabyBear(UInt32(n)).inverse
        let expected = naiveDFT(input, root: BabyBear.rootOfUnity(logOrder: logSize).inverse).map { $0 * nInverse }
        #expect(values == expected)
    }

    @Test(arguments: [12, 15, 16, 17])
    func largeTransformsRoundTripAndMatchHorner(logSize: Int) {
        // 2¹⁵ and above take the multi-core path.
        let n = 1 << logSize
        let coefficients = randomVector(n, seed: UInt64(logSize) + 300)
        var values = coefficients
        NTT.forward(&values)
        let omega = BabyBear.rootOfUnity(logOrder: logSize)
        for i in [0, 1, 7, n / 2 + 3, n - 1] {
            #expect(values[i] == NTT.evaluate(coefficients: coefficients, at: omega.power(UInt64(i))))
        }
        NTT.inverse(&values)
        #expect(values == coefficients)
    }

    @Test func bitReversedOutputIsThePermutedForwardOutput() {
        let input = randomVector(1 << 10, seed: 7)
        var natural = input
        NTT.forward(&natural)
        var reversed = input
        NTT.forwardBitReversed(&reversed)
        for i in 0..<input.count {
            #expect(reversed[NTT.bitReverse(i, bits: 10)] == natural[i])
        }
        NTT.bitReversePermute(&reversed)
        #expect(reversed == natural)
    }

    @Test(arguments: [(4, 1), (6, 2), (10, 3), (14, 1)])
    func cosetLowDegreeExtensionEvaluatesTheInterpolant(logSize: Int, logBlowup: Int) {
        let n = 1 << logSize
        let evaluations = randomVector(n, seed: UInt64(logSize * 10 + logBlowup))
        let coefficients = NTT.interpolate(evaluations)
        let shift = BabyBear.generator
        let lde = NTT.cosetLDE(evaluations: evaluations, logBlowup: logBlowup, shift: shift)
        #expect(lde.count == n << logBlowup)
        let omega = BabyBear.rootOfUnity(logOrder: logSize + logBlowup)
        for i in [0, 1, 5, lde.count - 1] {
            let x = shift * omega.power(UInt64(i))
            #expect(lde[i] == NTT.evaluate(coefficients: coefficients, at: x))
        }
        // Without a shift the LDE restricted to every 2^logBlowup-th point is the input again.
        let plain = NTT.cosetLDE(evaluations: evaluations, logBlowup: logBlowup, shift: .one)
        for i in 0..<n {
            #expect(plain[i << logBlowup] == evaluations[i])
        }
    }

    @Test func columnLDEMatchesSingleColumnLDE() {
        let columns = (0..<5).map { randomVector(1 << 9, seed: UInt64(500 + $0)) }
        let batched = NTT.cosetLDE(columns: columns, logBlowup: 2, bitReversedOutput: true)
        for (column, lde) in zip(columns, batched) {
            #expect(lde == NTT.cosetLDE(evaluations: column, logBlowup: 2, bitReversedOutput: true))
        }
    }

    @Test func lowDegreePolynomialLDEHasLowDegree() {
        // f of degree < 8 evaluated on 64 points interpolates back to 8 non-zero coefficients.
        let coefficients = randomVector(8, seed: 9)
        let values = NTT.evaluateOnCoset(coefficients: coefficients, logSize: 6, shift: BabyBear(7))
        var recovered = values
        NTT.inverse(&recovered)
        // Undo the twist: recovered[j] = cⱼ·7ʲ.
        var power = BabyBear.one
        for j in 0..<64 {
            #expect(recovered[j] == (j < 8 ? coefficients[j] * power : .zero))
            power = power * BabyBear(7)
        }
    }

    @Test func evaluationAtExtensionPointAgreesWithBaseEmbedding() {
        let coefficients = randomVector(33, seed: 10)
        let x = BabyBear(123_456)
        #expect(NTT.evaluate(coefficients: coefficients, at: BabyBearExt4(x)) == BabyBearExt4(NTT.evaluate(coefficients: coefficients, at: x)))
    }
}
