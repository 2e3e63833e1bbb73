import Foundation
import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Engine
import SproutPluginKit
import Testing

/// Writes `.ptau` files for a known τ, laid out as snarkjs writes them (iden3/snarkjs
/// `src/binfileutils.js` createBinFile/startWriteSection, `src/powersoftau_new.js` section list,
/// `src/powersoftau_utils.js` writePTauHeader): "ptau", version 1, 7 sections; points as
/// Montgomery little-endian coordinates (ffjavascript `toRprLEM`).
enum PowersOfTauFile {
    static func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    static func u64(_ v: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    static func g1(_ p: G1Affine) -> [UInt8] { p.x.montgomeryLittleEndianBytes + p.y.montgomeryLittleEndianBytes }
    static func g2(_ p: G2Affine) -> [UInt8] {
        p.x.c0.montgomeryLittleEndianBytes + p.x.c1.montgomeryLittleEndianBytes
            + p.y.c0.montgomeryLittleEndianBytes + p.y.c1.montgomeryLittleEndianBytes
    }

    static func hex(_ s: String) -> [UInt8] {
        let c = Array(s.utf8)
        return stride(from: 0, to: c.count, by: 2).map { UInt8(String(decoding: c[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    /// BN254's q, 32 bytes little-endian, as in the header of snarkjs's bn128 files.
    static let qBytes = hex("47fd7cd8168c203c8dca7168916a81975d588181b64550b829a031e1724e6430")
    /// `[1]₁` and `[1]₂` as every `.ptau` file starts its tauG1 and tauG2 sections: the
    /// generators' coordinates x·2²⁵⁶ mod q little-endian, computed apart with Python integers
    /// (and equal to the bytes of the Hermez files' first points).
    static let generatorG1 = hex("9d0d8fc58d435dd33d0bc7f528eb780a2c4679786fa36e662fdf079ac1770a0e3a1b1e8b1b87baa67b168eeb51d6f114588cf2f0de46ddcc5ebe0f3483ef141c")
    static let generatorG2 = hex(
        "2620bc02d1b5838e72017b493519ebdcdf1a81974726b8fb3b5096af4138571940614ca87d73b4afc4d802585add4360862fa052fc50e9096b7bea3a83f0fe14"
            + "f6e96b889dfa9d61789b9ef597d27ffefe7d1b23621a9eff06429eaeeb7efd28ee5618c7565b0964bb3c7d3222f957dc76103533be35f9558264fd93e6a0a40d")

    /// `tauG2Override` replaces τ in the G2 powers (a file whose G1 and G2 sections disagree).
    static func bytes(tau: Fr, power: Int, tauG2Override: Fr? = nil) -> [UInt8] {
        let alpha = Fr(integer: 7), beta = Fr(integer: 11)
        var powers = [Fr.one]
        for _ in 1..<((2 << power) - 1) { powers.append(powers.last! * tau) }
        var g2Powers = [Fr.one]
        for _ in 1..<(1 << power) { g2Powers.append(g2Powers.last! * (tauG2Override ?? tau)) }
        let tauG1 = powers.map { G1.generator * $0 }.batchAffine()
        let tauG2 = g2Powers.map { G2.generator * $0 }.batchAffine()
        let alphaTauG1 = powers[0..<(1 << power)].map { G1.generator * ($0 * alpha) }.batchAffine()
        let betaTauG1 = powers[0..<(1 << power)].map { G1.generator * ($0 * beta) }.batchAffine()
        let sections: [(Int, [UInt8])] = [
            (1, u32(32) + qBytes + u32(power) + u32(power)),
            (2, tauG1.flatMap(g1)),
            (3, tauG2.flatMap(g2)),
            (4, alphaTauG1.flatMap(g1)),
            (5, betaTauG1.flatMap(g1)),
            (6, g2((G2.generator * beta).affine)),
            (7, u32(0)),  // no contributions recorded
        ]
        var out = Array("ptau".utf8) + u32(1) + u32(sections.count)
        for (id, body) in sections { out += u32(id) + u64(body.count) + body }
        return out
    }

    /// Offset of tauG2[i] in a file from ``bytes(tau:power:tauG2Override:)``.
    static func tauG2Offset(_ i: Int, power: Int) -> Int { tauG1Offset((2 << power) - 1) + 12 + 128 * i }

    /// Offset of tauG1[i] in a file from ``bytes(tau:power:tauG2Override:)``.
    static func tauG1Offset(_ i: Int) -> Int { 12 + 12 + 44 + 12 + 64 * i }
}

@Suite struct PowersOfTauTests {
    static let tau = Fr(integer: 0x5eed_7a0)
    static let file = PowersOfTauFile.bytes(tau: tau, power: 5)

    @Test func ptauGivesTheDevelopmentSetupOfTheSameTau() throws {
        // The generator writes the points in the files' byte form (independent vectors).
        #expect(Array(Self.file[PowersOfTauFile.tauG1Offset(0)..<PowersOfTauFile.tauG1Offset(1)]) == PowersOfTauFile.generatorG1)
        let g2At = PowersOfTauFile.tauG2Offset(0, power: 5)
        #expect(Array(Self.file[g2At..<g2At + 128]) == PowersOfTauFile.generatorG2)
        #expect(KZGParams.isPowersOfTau(Self.file) && !KZGParams.isPowersOfTau(KZGParams.insecureDevelopmentSetup(k: 2, tau: Self.tau).halo2Bytes()))
        for k in [0, 4, 5] {
            let loaded = try KZGParams(powersOfTauBytes: Self.file, k: k)
            let expected = KZGParams.insecureDevelopmentSetup(k: k, tau: Self.tau)
            #expect(loaded.k == k && loaded.g == expected.g && loaded.g2 == expected.g2 && loaded.sG2 == expected.sG2)
            #expect(loaded.gLagrange.isEmpty)
            try loaded.verifyStructure()
        }
        #expect(throws: KZGError.notEnoughPowers(available: 32, needed: 64)) { try KZGParams(powersOfTauBytes: Self.file, k: 6) }
    }

    @Test func circuitProvedWithPtauSRSVerifies() throws {
        let params = try KZGParams(powersOfTauBytes: Self.file, k: 4)
        let circuit = Squares(start: Fr(integer: 3), steps: 3)
        let output = Fr(integer: 6561)
        let pk = try Keygen.keygen(circuit, params: params, k: 4)
        // The same SRS gives the same key as the development setup of the same τ.
        let devParams = KZGParams.insecureDevelopmentSetup(k: 4, tau: Self.tau)
        #expect(try Keygen.keygen(circuit, params: devParams, k: 4).vk.bytes == pk.vk.bytes)
        let proof = try Prover.prove(circuit, pk: pk, params: params, instances: [[output]])
        try Verifier.verify(vk: pk.vk, params: params, instances: [[output]], proof: proof)
        try Verifier.verify(vk: pk.vk, params: devParams, instances: [[output]], proof: proof)
        #expect(throws: Halo2Error.self) {
            try Verifier.verify(vk: pk.vk, params: params, instances: [[output + .one]], proof: proof)
        }
        // An SRS of another τ does not accept the proof.
        let other = KZGParams.insecureDevelopmentSetup(k: 4, tau: Self.tau + .one)
        #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: other, instances: [[output]], proof: proof) }
    }

    @Test func engineAcceptsPtauOrParamsKZGForTheSameSRS() throws {
        let engine = Halo2Engine(host: .detached)
        func program(params: [UInt8]) throws -> any EngineProgram {
            let hex = params.map { String(format: "%02x", $0) }.joined()
            return try engine.makeProgram(code: Array("{\"circuit\":\"simple\",\"k\":4,\"params\":\"\(hex)\"}".utf8), expParam: "")
        }
        let fromPtau = try program(params: Self.file)
        let fromPSE = try program(params: KZGParams.insecureDevelopmentSetup(k: 4, tau: Self.tau).halo2Bytes())
        #expect(fromPtau.identity == fromPSE.identity)
        let data = [Array("{\"private_a\": 3, \"private_b\": 5}".utf8)]
        let receipt = try fromPtau.prove(inputs: data, call: .none)
        _ = try fromPSE.verify(receipt: receipt, call: .none)
        var corrupt = Self.file
        corrupt[PowersOfTauFile.tauG1Offset(3) + 40] ^= 1
        #expect { try program(params: corrupt) } throws: { ($0 as? EngineError)?.status == .invalidProgram }
    }

    @Test func malformedPtauFilesAreClearErrors() throws {
        let file = Self.file
        func load(_ bytes: [UInt8], k: Int = 4) throws -> KZGParams { try KZGParams(powersOfTauBytes: bytes, k: k) }
        func isMalformed(_ e: any Error) -> Bool { if case .malformedPowersOfTau = e as? KZGError { true } else { false } }
        // Truncated anywhere: a section then claims more bytes than remain.
        for cut in [1, 64, file.count / 2, file.count - 20] {
            #expect { try load(Array(file.dropLast(cut))) } throws: { isMalformed($0) }
        }
        #expect { try load(Array(file.prefix(8))) } throws: { $0 as? KZGError == .wrongLength(expected: 12, got: 8) }
        #expect { try load(file + [0]) } throws: { isMalformed($0) }
        var magic = file; magic[0] = UInt8(ascii: "P")
        #expect { try load(magic) } throws: { isMalformed($0) }
        var version = file; version[4] = 2
        #expect { try load(version) } throws: { isMalformed($0) }
        // Another curve: the header's q is not BN254's.
        var curve = file; curve[24 + 4] ^= 1
        #expect { try load(curve) } throws: { isMalformed($0) }
        // A coordinate that is not a field element, and a point off the curve.
        var range = file
        for i in 0..<32 { range[PowersOfTauFile.tauG1Offset(2) + i] = 0xff }
        #expect { try load(range) } throws: { if case .invalidPoint(_, .coordinateOutOfRange) = $0 as? KZGError { true } else { false } }
        var offCurve = file; offCurve[PowersOfTauFile.tauG1Offset(3) + 40] ^= 1
        #expect { try load(offCurve) } throws: { if case .invalidPoint(_, .notOnCurve) = $0 as? KZGError { true } else { false } }
        // G1 and G2 powers of different secrets fail the pairing check.
        let mismatched = PowersOfTauFile.bytes(tau: Self.tau, power: 2, tauG2Override: Self.tau + .one)
        #expect { try load(mismatched, k: 2) } throws: { if case .inconsistentParameters = $0 as? KZGError { true } else { false } }
        // A later power replaced by a valid point of another τ passes the loader's spot check,
        // and the full structure check finds it.
        var spliced = file
        let foreign = PowersOfTauFile.g1((G1.generator * Fr(integer: 12345)).affine)
        spliced.replaceSubrange(PowersOfTauFile.tauG1Offset(5)..<PowersOfTauFile.tauG1Offset(6), with: foreign)
        let loaded = try load(spliced, k: 3)
        #expect(throws: KZGError.self) { try loaded.verifyStructure() }
    }
}
