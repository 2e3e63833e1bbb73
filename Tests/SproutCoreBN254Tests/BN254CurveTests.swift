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

    /// go-ethereum `core/vm/testdata/precompiles/bn256Pairing.json`, case "jeff1" (two pairs,
    /// expected output 1, gas 113000 under EIP-1108).
    static let gethJeff1 = """
        1c76476f4def4bb94541d57ebba1193381ffa7aa76ada664dd31c16024c43f593034dd2920f673e204fee2811c678745
        fc819b55d3e9d294e45c9b03a76aef41209dd15ebff5d46c4bd888e51a93cf99a7329636c63514396b4a452003a35bf7
        04bf11ca01483bfa8b34b43561848d28905960114c8ac04049af4b6315a416782bb8324af6cfc93537a2ad1a445cfd0c
        a2a71acd7ac41fadbf933c2a51be344d120a2a4cf30c1bf9845f20c6fe39e07ea2cce61f0c9bb048165fe5e4de877550
        111e129f1cf1097710d41c4ac70fcdfa5ba2023c6ff1cbeac322de49d1b6df7c2032c61a830e3c17286de9462bf242fc
        a2883585b93870a73853face6a6bf411198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2
        1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395
        bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa
        """

    @Test func precompileAcceptsGethVectorJeff1() throws {
        let input = hexBytes(Self.gethJeff1.filter { !$0.isWhitespace })
        #expect(input.count == 384)
        #expect(try BN254Encoding.ecPairing(input) == [UInt8](repeating: 0, count: 31) + [1])
        var tampered = input
        tampered[383] ^= 1  // the last G2 coordinate leaves the twist
        #expect(throws: BN254EncodingError.notOnCurve(offset: 256)) { try BN254Encoding.ecPairing(tampered) }
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
