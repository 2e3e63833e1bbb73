import SproutCoreBN254
import Testing

func hexBytes(_ s: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = s.startIndex
    while i < s.endIndex {
        let j = s.index(i, offsetBy: 2)
        out.append(UInt8(s[i..<j], radix: 16)!)
        i = j
    }
    return out
}

@Suite struct BN254CurveTests {
    @Test func generatorsAreOnCurveAndInSubgroup() {
        #expect(G1Curve.generator.isOnCurve)
        #expect(G2Curve.generator.isOnCurve)
        #expect(G2Curve.generator.isInSubgroup)
        #expect(G1.generator.multiplied(byLimbs: FrParameters.modulus).isInfinity)
    }

    @Test func groupLawsHold() {
        var g = SeededGenerator(seed: 10)
        let p = G1.generator * Fr.random(using: &g), q = G1.generator * Fr.random(using: &g)
        let s = G1.generator * Fr.random(using: &g)
        #expect(p + q == q + p)
        #expect((p + q) + s == p + (q + s))
        #expect(p + p == p.doubled())
        #expect((p - p).isInfinity)
        #expect(p.adding(q.affine) == p + q)
        #expect(p.adding(p.affine) == p.doubled())
        #expect(p.adding((-p).affine).isInfinity)
        let a = Fr.random(using: &g), b = Fr.random(using: &g)
        #expect(G1.generator * a + G1.generator * b == G1.generator * (a + b))
        #expect(G2.generator * a + G2.generator * b == G2.generator * (a + b))
        let batch = [p, .infinity, q, s].batchAffine()
        #expect(batch == [p.affine, .infinity, q.affine, s.affine])
    }

    @Test func scalarMultiplicationMatchesPyEcc() throws {
        for (k, x, y) in PyEccVectors.g1Mul {
            let p = (G1.generator * (try #require(Fr(hex: k)))).affine
            #expect(p == G1Affine(x: try #require(Fq(hex: x)), y: try #require(Fq(hex: y))))
        }
        for (k, x, y) in PyEccVectors.g2Mul {
            let p = (G2.generator * (try #require(Fr(hex: k)))).affine
            #expect(p == G2Affine(x: x, y: y))
        }
    }

    @Test func pairingMatchesPyEcc() {
        #expect(BN254Pairing.pairing(G1Curve.generator, G2Curve.generator) == PyEccVectors.pairingG1G2)
    }

    @Test func pairingIsBilinear() {
        var g = SeededGenerator(seed: 11)
        let a = Fr.random(using: &g), b = Fr.random(using: &g)
        let base = BN254Pairing.pairing(G1Curve.generator, G2Curve.generator)
        let lhs = BN254Pairing.pairing((G1.generator * a).affine, (G2.generator * b).affine)
        #expect(lhs == base.power(a * b))
        #expect(!base.isOne)
        #expect(base.power(Fr.zero - Fr.one) * base == .one)  // order r
        let p = (G1.generator * a).affine, q = (G2.generator * b).affine
        #expect(BN254Pairing.pairingCheck([(p, q), (-(G1.generator * (a * b)).affine, G2Curve.generator)]))
        #expect(!BN254Pairing.pairingCheck([(p, q), (-(G1.generator * (a * b + .one)).affine, G2Curve.generator)]))
    }

    @Test func precompilesAcceptPyEccVectors() throws {
        let ok = try BN254Encoding.ecPairing(hexBytes(PyEccVectors.pairingCheckInput))
        #expect(ok == [UInt8](repeating: 0, count: 31) + [1])
        var bad = hexBytes(PyEccVectors.pairingCheckInput)
        // Swap to a different valid G1 point: the product is no longer 1.
        let g1 = BN254Encoding.encode(G1Curve.generator)
        bad.replaceSubrange(0..<64, with: g1)
        #expect(try BN254Encoding.ecPairing(bad) == [UInt8](repeating: 0, count: 32))
        #expect(try BN254Encoding.ecPairing([]) == [UInt8](repeating: 0, count: 31) + [1])
        #expect(try BN254Encoding.ecAdd(hexBytes(PyEccVectors.ecAddVector.0)) == hexBytes(PyEccVectors.ecAddVector.1))
        #expect(try BN254Encoding.ecMul(hexBytes(PyEccVectors.ecMulVector.0)) == hexBytes(PyEccVectors.ecMulVector.1))
    }

    @Test func decoderRoundTripsAndRejectsBadEncodings() throws {
        let p = (G1.generator * Fr(integer: 12345)).affine
        let q = (G2.generator * Fr(integer: 678)).affine
        #expect(try BN254Encoding.decodeG1(BN254Encoding.encode(p)[...]) == p)
        #expect(try BN254Encoding.decodeG2(BN254Encoding.encode(q)[...]) == q)
        #expect(try BN254Encoding.decodeG1([UInt8](repeating: 0, count: 64)[...]) == .infinity)

        var offCurve = BN254Encoding.encode(p)
        offCurve[63] ^= 1
        #expect(throws: BN254EncodingError.notOnCurve(offset: 0)) { try BN254Encoding.decodeG1(offCurve[...]) }
        var outOfRange = BN254Encoding.encode(p)
        for i in 0..<32 { outOfRange[i] = 0xff }
        #expect(throws: BN254EncodingError.coordinateOutOfRange(offset: 0)) { try BN254Encoding.decodeG1(outOfRange[...]) }
        #expect(throws: BN254EncodingError.wrongLength(expected: 64, got: 63)) {
            try BN254Encoding.decodeG1(BN254Encoding.encode(p)[0..<63])
        }
        var g2Off = BN254Encoding.encode(q)
        g2Off[127] ^= 1
        #expect(throws: BN254EncodingError.notOnCurve(offset: 0)) { try BN254Encoding.decodeG2(g2Off[...]) }
        var g2Range = BN254Encoding.encode(q)
        for i in 96..<128 { g2Range[i] = 0xff }
        #expect(throws: BN254EncodingError.coordinateOutOfRange(offset: 96)) { try BN254Encoding.decodeG2(g2Range[...]) }
        // A twist point outside the order-r subgroup: find x with x³ + b' square, no cofactor clearing.
        var x = Fq2(integer: 1)
        while true {
            if let y = (x.squared() * x + G2Curve.b).squareRoot {
                let pt = G2Affine(x: x, y: y)
                if !pt.isInSubgroup {
                    #expect(throws: BN254EncodingError.notInSubgroup(offset: 0)) {
                        try BN254Encoding.decodeG2(BN254Encoding.encode(pt)[...])
                    }
                    break
                }
            }
            x = x + .one
        }
        #expect(throws: BN254EncodingError.wrongLength(expected: 192, got: 100)) {
            try BN254Encoding.ecPairing([UInt8](repeating: 0, count: 100))
        }
    }
}
