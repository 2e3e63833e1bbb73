import SproutCoreBN254
import Testing

@Suite struct MSMAndFFTTests {
    static func randomPoints(_ n: Int, _ g: inout SeededGenerator) -> [G1Affine] {
        // Distinct multiples of the generator, plus an infinity and a repeat to hit edge cases.
        var pts: [G1] = []
        var p = G1.generator * Fr.random(using: &g)
        let step = G1.generator * Fr.random(using: &g)
        for _ in 0..<n { pts.append(p); p = p + step }
        if n > 2 { pts[1] = .infinity; pts[2] = pts[0] }
        return pts.batchAffine()
    }

    static func naive(_ pts: [G1Affine], _ ks: [Fr]) -> G1 {
        var acc = G1.infinity
        for (p, k) in zip(pts, ks) { acc = acc + G1(p) * k }
        return acc
    }

    @Test(arguments: [1, 7, 33, 100, 517, 1500])
    func msmEqualsNaiveSum(n: Int) {
        var g = SeededGenerator(seed: UInt64(n))
        let pts = Self.randomPoints(n, &g)
        var ks = (0..<n).map { _ in Fr.random(using: &g) }
        if n > 4 { ks[3] = .zero; ks[4] = -Fr.one }
        let expected = Self.naive(pts, ks)
        #expect(MultiScalarMultiplication.msm(points: pts, scalars: ks) == expected)
        #expect(MultiScalarMultiplication.msm(points: pts, scalars: ks, threads: 1, batchAffine: true) == expected)
        #expect(MultiScalarMultiplication.msm(points: pts, scalars: ks, threads: 2, batchAffine: false) == expected)
    }

    @Test func batchAffineHandlesDoublingAndCancellation() {
        // All points equal and all scalars equal: every addition in a bucket is a doubling or
        // hits the same bucket, exercising the deferral queue.
        var g = SeededGenerator(seed: 99)
        let p = (G1.generator * Fr.random(using: &g)).affine
        let n = 300
        let pts = [G1Affine](repeating: p, count: n) + [G1Affine](repeating: -p, count: n)
        let ks = [Fr](repeating: Fr(integer: 5), count: 2 * n)
        #expect(MultiScalarMultiplication.msm(points: pts, scalars: ks, batchAffine: true).isInfinity)
        let ks2 = [Fr](repeating: Fr(integer: 5), count: n) + [Fr](repeating: Fr(integer: 3), count: n)
        #expect(MultiScalarMultiplication.msm(points: pts, scalars: ks2, batchAffine: true) == G1(p) * Fr(integer: 2 * UInt64(n)))
    }

    @Test(arguments: [0, 1, 3, 8])
    func fftMatchesNaiveDFT(logSize: Int) throws {
        let domain = try #require(EvaluationDomain(logSize: logSize))
        var g = SeededGenerator(seed: 7 + UInt64(logSize))
        let coeffs = (0..<domain.size).map { _ in Fr.random(using: &g) }
        var values = coeffs
        domain.fft(&values)
        var x = Fr.one
        for i in 0..<domain.size {
            var acc = Fr.zero
            for c in coeffs.reversed() { acc = acc * x + c }
            #expect(values[i] == acc)
            x = x * domain.omega
        }
        domain.ifft(&values)
        #expect(values == coeffs)
        var coset = coeffs
        let shift = Fr(integer: 7)
        domain.cosetFFT(&coset, shift: shift)
        var first = Fr.zero
        for c in coeffs.reversed() { first = first * shift + c }
        #expect(coset[0] == first)
        domain.cosetIFFT(&coset, shift: shift)
        #expect(coset == coeffs)
    }

    @Test func parallelFFTMatchesSequentialRoundTrip() throws {
        let log = EvaluationDomain.parallelLogSize
        let domain = try #require(EvaluationDomain(logSize: log))
        var g = SeededGenerator(seed: 77)
        let coeffs = (0..<domain.size).map { _ in Fr.random(using: &g) }
        var values = coeffs
        domain.fft(&values)
        // Spot-check evaluations against Horner at a few points.
        for i in [0, 1, 5, domain.size - 1] {
            var acc = Fr.zero
            let x = domain.omega.power(limbs: (UInt64(i), 0, 0, 0))
            for c in coeffs.reversed() { acc = acc * x + c }
            #expect(values[i] == acc)
        }
        domain.ifft(&values)
        #expect(values == coeffs)
    }

    @Test func domainHasExactOrder() throws {
        let root = try #require(Fr(canonicalLimbs: FrParameters.twoAdicRootOfUnity))
        #expect(root.power(limbs: (1 << 28, 0, 0, 0)) == .one)
        #expect(root.power(limbs: (1 << 27, 0, 0, 0)) == -Fr.one)
        let d = try #require(EvaluationDomain(logSize: 12))
        #expect(d.omega.power(limbs: (1 << 12, 0, 0, 0)) == .one)
        #expect(d.omega.power(limbs: (1 << 11, 0, 0, 0)) == -Fr.one)
        #expect(EvaluationDomain(logSize: 29) == nil)
    }
}
