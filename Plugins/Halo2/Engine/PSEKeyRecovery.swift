import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutPluginKit

/// Recovers what a verifier of a sprout halo2 module's PSE proofs needs but the module never
/// outputs: the verifying key's `transcript_repr` and its fixed and permutation commitments.
///
/// PSE's prover absorbs `transcript_repr` and the instances into its Keccak transcript buffer
/// and then draws its first blinding scalar; at that moment the module's memory holds the
/// buffer `repr ‖ instance…` (32-byte big-endian words) and the verifying key, whose point
/// vectors are runs of affine points in raw Montgomery form (`x ‖ y`, 4 little-endian limbs
/// each). So the module is run once on known inputs, memory is read at the first randomness
/// request, and the key is read back from there. Re-deriving it instead would need PSE's
/// Blake2b hash of the Rust `Debug` text of the pinned key and PSE's exact floor planning.
struct PSEKeyRecovery {
    /// Runs of consecutive on-curve points, by length, in order of address (duplicates removed).
    var pointRuns: [[G1Affine]] = []
    /// Candidates for `transcript_repr`: the 32-byte words right before the instance.
    var reprCandidates: [Fr] = []

    /// Scans a memory snapshot taken at the first randomness request.
    init(memory: [UInt8], firstInstance: Fr) {
        let needle = firstInstance.bigEndianBytes
        var i = 32
        while let range = Self.find(needle, in: memory, from: i) {
            // The transcript buffer: `repr ‖ instance`, so the word before is the candidate.
            if let repr = Fr(bigEndianBytes: memory[(range - 32)..<range]), !reprCandidates.contains(repr) { reprCandidates.append(repr) }
            i = range + 1
        }
        var offset = 0
        var run: [G1Affine] = []
        func flush() {
            if run.count >= 2, !pointRuns.contains(run) { pointRuns.append(run) }
            run = []
        }
        while offset + 64 <= memory.count {
            if let p = Self.rawPoint(memory, offset) {
                run.append(p)
                offset += 64
            } else {
                flush()
                offset += 8
            }
        }
        flush()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// A non-identity affine point in PSE's raw layout at `offset`, if the bytes are one.
    static func rawPoint(_ b: [UInt8], _ offset: Int) -> G1Affine? {
        func limbs(_ o: Int) -> (UInt64, UInt64, UInt64, UInt64) {
            func word(_ w: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[o + 8 * w + $1]) << UInt64(8 * $1) } }
            return (word(0), word(1), word(2), word(3))
        }
        let x = limbs(offset), y = limbs(offset + 32)
        // Fast reject: coordinates below q (top limb of q is 0x30644e72e131a029).
        guard x.3 < 0x3064_4e72_e131_a029, y.3 < 0x3064_4e72_e131_a029, x.3 | x.2 | y.3 | y.2 != 0 else { return nil }
        let p = G1Affine(x: Fq(montgomeryLimbs: x.0, x.1, x.2, x.3), y: Fq(montgomeryLimbs: y.0, y.1, y.2, y.3))
        return p.isOnCurve ? p : nil
    }

    /// The verifying key and SRS of a sprout module built on halo2's simple example (project
    /// 10001: `c = 4·a²·b²`, k = 4), recovered by one run of the module on a = 3, b = 5, and
    /// confirmed by verifying that run's proof against 900. Throws `.unsupported` for any
    /// module of another shape.
    static func simpleCircuit(_ program: SproutModuleProgram) throws(EngineError) -> (PSEVerifyingKey, KZGParams) {
        let unsupported = "PSE verification supports sprout modules of halo2's simple example (project 10001) only"
        guard let params = embeddedParams(program.wasm, k: 4) else { throw EngineError(.unsupported, "\(unsupported): no k = 4 ParamsKZG in the module") }
        var snapshot: [UInt8]?
        let output = try program.run(Array(#"["{\"private_a\": 3, \"private_b\": 5}"]"#.utf8)) { memory in
            if snapshot == nil { snapshot = try? memory.read(0, count: memory.size) }
        }
        let found = PSEKeyRecovery(memory: snapshot ?? [], firstInstance: Fr(integer: 900))
        let fixed = found.pointRuns.filter { $0.count == 2 }, sigma = found.pointRuns.filter { $0.count == 4 }
        guard found.reprCandidates.count == 1, fixed.count == 1, sigma.count == 1, found.pointRuns.contains(params.g) else {
            throw EngineError(.unsupported, "\(unsupported): its verifying key was not found in memory")
        }
        let key = simpleCircuitKey(repr: found.reprCandidates[0], fixed: fixed[0], sigma: sigma[0])
        guard let proof = HexText.decode(String(decoding: output, as: UTF8.self)),
              (try? key.verify(g2: params.g2, sG2: params.sG2, instances: [[Fr(integer: 900)]], proof: proof)) != nil
        else { throw EngineError(.unsupported, "\(unsupported): the recovered key does not verify the module's own proof") }
        return (key, params)
    }

    /// PSE's simple example after keygen: advice `a₀, a₁`, instance `c`, fixed `constant` and
    /// the compressed `s_mul` selector; gate `s_mul·(a₀·a₁ − a₀(ωX))`; equality on
    /// `instance, constant, a₀, a₁` in that order (the example's `configure`).
    static func simpleCircuitKey(repr: Fr, fixed: [G1Affine], sigma: [G1Affine]) -> PSEVerifyingKey {
        var cs = ConstraintSystem()
        let a0 = cs.adviceColumn(), a1 = cs.adviceColumn(), instance = cs.instanceColumn()
        let constant = cs.fixedColumn(), sMul = cs.fixedColumn()
        for c in [instance, constant, a0, a1] { cs.enableEquality(c) }
        cs.createGate("mul", [sMul.cur() * (a0.cur() * a1.cur() - a0.next())])
        return PSEVerifyingKey(
            k: 4, cs: cs, adviceQueries: [(0, 0), (1, 0), (0, 1)], fixedQueries: [(0, 0), (1, 0)], instanceQueries: [(0, 0)],
            transcriptRepr: repr, fixedCommitments: fixed, permutationCommitments: sigma)
    }

    /// A PSE `ParamsKZG` for `k` stored in the module as hex text of its raw format, checked.
    static func embeddedParams(_ wasm: [UInt8], k: Int) -> KZGParams? {
        // k as u32 LE, then g[0] = the generator (x = 1 in Montgomery form, little-endian).
        let marker = Array((HexText.encode([UInt8(k), 0, 0, 0]) + "9d0d8fc58d435dd3").utf8)
        let length = 2 * KZGParams.halo2Length(k: k, format: .rawBytes)
        guard let start = find(marker, in: wasm, from: 0), start + length <= wasm.count,
              let bytes = HexText.decode(String(decoding: wasm[start..<(start + length)], as: UTF8.self)),
              let params = try? KZGParams(halo2Bytes: bytes), (try? params.verifyStructure()) != nil
        else { return nil }
        return params
    }
}
