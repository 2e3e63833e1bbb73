import SproutCoreBN254

/// Generates a Vyper (0.4) contract that verifies ``Prover`` proofs for one verifying key on
/// Ethereum: `verify(proof: Bytes[N], instances: uint256[M]) -> bool`. It replays
/// ``EVMTranscript`` with `keccak256`, evaluates the constraints at `x` with `uint256_mulmod`/
/// `uint256_addmod`, computes inverses with the modexp precompile (0x05), the GWC combination
/// with `ecmul`/`ecadd` (0x06, 0x07) and ends with one two-pair pairing check (0x08).
///
/// Straight-line code specialized to the key: every offset, constant and query is resolved
/// here, mirroring ``Verifier`` step for step. Invalid points make a precompile fail, which
/// reverts; a failed check returns `False`. Both mean "rejected".
public enum VyperVerifier {
    /// - Parameters:
    ///   - instanceCounts: how many values each instance column takes (fixed per contract).
    public static func source(vk: VerifyingKey, g2: G2Affine, sG2: G2Affine, instanceCounts: [Int]) throws(Halo2Error) -> String {
        let cs = vk.cs
        let d = try PlonkDomain(k: vk.k, cs: cs)
        guard instanceCounts.count == cs.numInstance else { throw .wrongInstanceCount(expected: cs.numInstance, got: instanceCounts.count) }
        for (c, count) in instanceCounts.enumerated() where count > d.lastRow || count < 0 {
            throw .tooManyInstanceValues(column: c, count: count, usable: d.lastRow)
        }
        var g = VyperWriter(domain: d)
        g.emit(vk: vk, cs: cs, g2: g2, sG2: sG2, instanceCounts: instanceCounts)
        return g.text
    }
}

/// The code generator's state: output lines and fresh temporaries.
struct VyperWriter {
    let d: PlonkDomain
    var lines: [String] = []
    var temp = 0

    init(domain: PlonkDomain) { d = domain }

    var text: String { lines.joined(separator: "\n") + "\n" }

    /// A uint256 literal: Vyper reads `0x…` literals as bytes, so integers go in decimal.
    static func hex(_ f: Fr) -> String { decimal(f.bigEndianBytes) }
    static func hex(_ f: Fq) -> String { decimal(f.bigEndianBytes) }
    /// A bytes32 literal.
    static func bytes32(_ bytes: [UInt8]) -> String { "0x" + bytes.map { String(format2: $0) }.joined() }

    static func decimal(_ bigEndian: [UInt8]) -> String {
        var digits = [UInt8](repeating: 0, count: 80)
        for byte in bigEndian {
            var carry = Int(byte)
            for i in 0..<digits.count {
                let v = Int(digits[i]) * 256 + carry
                digits[i] = UInt8(v % 10)
                carry = v / 10
            }
        }
        let text = digits.reversed().drop { $0 == 0 }.map { String($0) }.joined()
        return text.isEmpty ? "0" : text
    }

    mutating func line(_ s: String) { lines.append("    " + s) }

    mutating func fresh(_ value: String) -> String {
        temp += 1
        let name = "t\(temp)"
        line("\(name): uint256 = \(value)")
        return name
    }

    func mul(_ a: String, _ b: String) -> String { "uint256_mulmod(\(a), \(b), R)" }
    func add(_ a: String, _ b: String) -> String { "uint256_addmod(\(a), \(b), R)" }
    func sub(_ a: String, _ b: String) -> String { "uint256_addmod(\(a), R - \(b), R)" }

    /// `ωʳ` as a constant.
    func omega(_ rotation: Int) -> String { Self.hex(d.rotate(.one, by: rotation)) }

    /// `expression`'s temporaries by subexpression: gates share subterms (Poseidon's `(s + c)⁵`
    /// appears in every row of its MDS mix), and straight-line code keeps each temporary in
    /// scope, so each is computed once. One `value` mapping per contract makes this sound.
    var computed: [Expression: String] = [:]

    mutating func expression(_ e: Expression, _ value: (Column, Int) -> String) -> String {
        if let name = computed[e] { return name }
        let name: String
        switch e {
        case .constant(let c): return Self.hex(c)
        case .query(let c, let r): return value(c, r)
        case .negated(let a): let x = expression(a, value); name = fresh(sub("0", x))
        case .sum(let a, let b): let x = expression(a, value), y = expression(b, value); name = fresh(add(x, y))
        case .product(let a, let b): let x = expression(a, value), y = expression(b, value); name = fresh(mul(x, y))
        }
        computed[e] = name
        return name
    }

    mutating func emit(vk: VerifyingKey, cs: ConstraintSystem, g2: G2Affine, sG2: G2Affine, instanceCounts: [Int]) {
        let plan = QueryPlan(cs)
        let n = d.n, u = d.lastRow
        let totalInstances = instanceCounts.reduce(0, +)
        // Proof layout (bytes), in transcript order.
        var offset = 0
        func points(_ count: Int) -> [Int] { defer { offset += 64 * count }; return (0..<count).map { offset + 64 * $0 } }
        let advice = points(cs.numAdvice)
        let permuted = points(2 * cs.lookups.count)
        let permutationZ = points(plan.permutationChunks.count)
        let lookupZ = points(cs.lookups.count)
        let pieces = points(d.quotientPieces)
        let evalStart = offset

        enum Commitment { case proof(Int), fixed(G1Affine), h }
        var queries: [(commitment: Commitment, rotation: Int)] = []
        for q in plan.advice { queries.append((.proof(advice[q.column]), q.rotation)) }
        for q in plan.fixed { queries.append((.fixed(vk.fixedCommitments[q.column]), q.rotation)) }
        for c in vk.permutationCommitments { queries.append((.fixed(c), 0)) }
        for (i, z) in permutationZ.enumerated() {
            queries.append((.proof(z), 0)); queries.append((.proof(z), 1))
            if i < permutationZ.count - 1 { queries.append((.proof(z), u)) }
        }
        for (i, z) in lookupZ.enumerated() {
            queries.append((.proof(z), 0)); queries.append((.proof(z), 1))
            queries.append((.proof(permuted[2 * i]), 0)); queries.append((.proof(permuted[2 * i]), -1))
            queries.append((.proof(permuted[2 * i + 1]), 0))
        }
        let evalCount = queries.count
        queries.append((.h, 0))
        var rotations: [Int] = []
        for q in queries where !rotations.contains(q.rotation) { rotations.append(q.rotation) }
        offset = evalStart + 32 * evalCount
        let witnesses = points(rotations.count)
        let proofLength = offset

        lines += [
            "# Generated by Sprout's SproutHalo2.VyperVerifier for one verifying key; do not edit.",
            "# vk digest \(Self.bytes32(vk.digest.bigEndianBytes)), k = \(vk.k), \(proofLength)-byte proofs.",
            "# pragma version ~=0.4.0",
            "",
            "R: constant(uint256) = \(Self.hex(Fr.zero - .one)) + 1",
            "Q: constant(uint256) = \(Self.hex(Fq.zero - .one)) + 1",
            "",
            "@internal",
            "@view",
            "def _pow(b: uint256, e: uint256) -> uint256:",
            "    out: Bytes[32] = raw_call(0x0000000000000000000000000000000000000005, concat(convert(32, bytes32), convert(32, bytes32), convert(32, bytes32), convert(b, bytes32), convert(e, bytes32), convert(R, bytes32)), max_outsize=32, is_static_call=True)",
            "    return extract32(out, 0, output_type=uint256)",
            "",
            "@internal",
            "@view",
            "def _inv(a: uint256) -> uint256:",
            "    assert a != 0",
            "    return self._pow(a, R - 2)",
            "",
            "@internal",
            "@pure",
            "def _scalar(proof: Bytes[\(proofLength)], at: uint256) -> uint256:",
            "    s: uint256 = extract32(proof, at, output_type=uint256)",
            "    assert s < R",
            "    return s",
            "",
            "@internal",
            "@pure",
            "def _point(proof: Bytes[\(proofLength)], at: uint256) -> uint256[2]:",
            "    return [extract32(proof, at, output_type=uint256), extract32(proof, at + 32, output_type=uint256)]",
            "",
            "@internal",
            "@pure",
            "def _challenge(h: bytes32) -> uint256:",
            "    return convert(h, uint256) % R",
            "",
            "@external",
            "@view",
            totalInstances > 0
                ? "def verify(proof: Bytes[\(proofLength)], instances: uint256[\(totalInstances)]) -> bool:"
                : "def verify(proof: Bytes[\(proofLength)]) -> bool:",
            "    assert len(proof) == \(proofLength)",
        ]
        // Transcript: each challenge hashes the previous hash and the bytes absorbed since.
        var instanceBytes: [String] = []
        for i in 0..<totalInstances {
            line("assert instances[\(i)] < R")
            instanceBytes.append("convert(instances[\(i)], bytes32)")
        }
        var firstParts = [Self.bytes32(vk.digest.bigEndianBytes)] + instanceBytes
        if !advice.isEmpty { firstParts.append("slice(proof, 0, \(64 * advice.count))") }
        let firstLength = 32 * (1 + totalInstances) + 64 * advice.count
        if firstLength == 32 { firstParts.append("b\"\\x01\"") }
        line("h: bytes32 = keccak256(concat(\(firstParts.joined(separator: ", ")), b\"\"))")
        line("theta: uint256 = self._challenge(h)")
        func next(_ name: String, from start: Int, count: Int) -> String {
            let data = count == 0 ? "b\"\\x01\"" : "slice(proof, \(start), \(count))"
            return "h = keccak256(concat(h, \(data)))\n    \(name): uint256 = self._challenge(h)"
        }
        line(next("beta", from: permuted.first ?? 0, count: 64 * permuted.count))
        line(next("gamma", from: 0, count: 0))
        line(next("y", from: permutationZ.first ?? lookupZ.first ?? 0, count: 64 * (permutationZ.count + lookupZ.count)))
        line(next("x", from: pieces.first ?? 0, count: 64 * pieces.count))
        line(next("v", from: evalStart, count: 32 * evalCount))
        line(next("u", from: witnesses.first ?? 0, count: 64 * witnesses.count))

        for i in 0..<evalCount { line("e\(i): uint256 = self._scalar(proof, \(evalStart + 32 * i))") }
        line("xn: uint256 = self._pow(x, \(n))")
        line("assert xn != 1")
        line("vanishing: uint256 = uint256_addmod(xn, R - 1, R)")
        line("common: uint256 = \(mul("vanishing", Self.hex(d.domain.sizeInverse)))")
        // Lᵢ(z) = ωⁱ·(xⁿ − 1)/(n(z − ωⁱ)).
        func lagrange(_ point: String, _ row: Int) -> String {
            let w = Self.hex(d.power(d.domain.omega, row))
            return mul(mul(w, "common"), "self._inv(\(sub(point, w)))")
        }
        // Evaluation variable of each (kind, column, rotation) query.
        var instanceEval: [Column: [Int: String]] = [:]
        var base = 0
        for (c, count) in instanceCounts.enumerated() {
            for q in plan.instance where q.column == c {
                let point = fresh(mul("x", omega(q.rotation)))
                var sum = "0"
                for i in 0..<count { sum = fresh(add(sum, mul("instances[\(base + i)]", lagrange(point, i)))) }
                instanceEval[Column(kind: .instance, index: c), default: [:]][q.rotation] = sum
            }
            base += count
        }
        let value: (Column, Int) -> String = { c, r in
            let i = plan.index[c]![r]!
            switch c.kind {
            case .advice: return "e\(i)"
            case .fixed: return "e\(plan.advice.count + i)"
            case .instance: return instanceEval[c]![r]!
            }
        }
        let l0 = fresh(lagrange("x", 0)), lLast = fresh(lagrange("x", u))
        var blind = "0"
        for i in (u + 1)..<n { blind = fresh(add(blind, lagrange("x", i))) }
        let lActive = fresh(sub(sub("1", lLast), blind))
        line("acc: uint256 = 0")
        func accumulate(_ term: String) { line("acc = \(add(mul("acc", "y"), term))") }
        for gate in cs.gates { for p in gate.polynomials { let t = expression(p, value); accumulate(t) } }

        let sigmaBase = plan.advice.count + plan.fixed.count
        var cursor = sigmaBase + vk.permutationCommitments.count
        var zEvals: [(z: String, next: String, last: String?)] = []
        for i in 0..<permutationZ.count {
            let z = "e\(cursor)", nx = "e\(cursor + 1)"
            let last: String? = i < permutationZ.count - 1 ? "e\(cursor + 2)" : nil
            cursor += last == nil ? 2 : 3
            zEvals.append((z, nx, last))
        }
        if let first = zEvals.first, let last = zEvals.last {
            accumulate(mul(l0, sub("1", first.z)))
            accumulate(mul(lLast, sub(mul(last.z, last.z), last.z)))
            for i in 1..<zEvals.count { accumulate(mul(l0, sub(zEvals[i].z, zEvals[i - 1].last!))) }
            for (chunkIndex, chunk) in plan.permutationChunks.enumerated() {
                var left = zEvals[chunkIndex].next, right = zEvals[chunkIndex].z
                for j in chunk {
                    let v = value(cs.permutationColumns[j], 0)
                    left = fresh(mul(left, add(add(v, mul("beta", "e\(sigmaBase + j)")), "gamma")))
                    let betaDelta = mul("beta", Self.hex(d.power(PlonkDomain.delta, j)))
                    right = fresh(mul(right, add(add(v, mul(betaDelta, "x")), "gamma")))
                }
                accumulate(mul(lActive, sub(left, right)))
            }
        }
        for lookup in cs.lookups {
            let z = "e\(cursor)", nx = "e\(cursor + 1)", a = "e\(cursor + 2)", aPrev = "e\(cursor + 3)", s = "e\(cursor + 4)"
            cursor += 5
            var input = "0", table = "0"
            for e in lookup.inputs { let t = expression(e, value); input = fresh(add(mul(input, "theta"), t)) }
            for e in lookup.tables { let t = expression(e, value); table = fresh(add(mul(table, "theta"), t)) }
            accumulate(mul(l0, sub("1", z)))
            accumulate(mul(lLast, sub(mul(z, z), z)))
            let lhs = fresh(mul(mul(nx, add(a, "beta")), add(s, "gamma")))
            let rhs = fresh(mul(mul(z, add(input, "beta")), add(table, "gamma")))
            accumulate(mul(lActive, sub(lhs, rhs)))
            accumulate(mul(l0, sub(a, s)))
            accumulate(mul(lActive, mul(sub(a, s), sub(a, aPrev))))
        }
        line("hEval: uint256 = \(mul("acc", "self._inv(vanishing)"))")
        // H = Σ xⁿⁱ·Hᵢ.
        line("hC: uint256[2] = [0, 0]")
        line("scale: uint256 = 1")
        for p in pieces {
            line("hC = ecadd(hC, ecmul(self._point(proof, \(p)), scale))")
            line("scale = \(mul("scale", "xn"))")
        }
        // GWC: left = Σⱼ uʲ(Σₜ vᵗCⱼ,ₜ + zⱼWⱼ) − [Σ uʲvᵗyⱼ,ₜ]G₁, right = Σⱼ uʲWⱼ.
        line("left: uint256[2] = [0, 0]")
        line("right: uint256[2] = [0, 0]")
        line("valueSum: uint256 = 0")
        line("uPower: uint256 = 1")
        line("vPower: uint256 = 1")
        line("z: uint256 = 0")
        line("w: uint256[2] = [0, 0]")
        for (j, rotation) in rotations.enumerated() {
            line("vPower = 1")
            for (i, q) in queries.enumerated() where q.rotation == rotation {
                let c: String = switch q.commitment {
                case .proof(let at): "self._point(proof, \(at))"
                case .fixed(let p): p.isInfinity ? "[0, 0]" : "[\(Self.hex(p.x)), \(Self.hex(p.y))]"
                case .h: "hC"
                }
                let eval = i < evalCount ? "e\(i)" : "hEval"
                line("left = ecadd(left, ecmul(\(c), \(mul("uPower", "vPower"))))")
                line("valueSum = \(add("valueSum", mul(mul("uPower", "vPower"), eval)))")
                line("vPower = \(mul("vPower", "v"))")
            }
            line("z = \(mul("x", omega(rotation)))")
            line("w = self._point(proof, \(witnesses[j]))")
            line("left = ecadd(left, ecmul(w, \(mul("uPower", "z"))))")
            line("right = ecadd(right, ecmul(w, uPower))")
            line("uPower = \(mul("uPower", "u"))")
        }
        line("left = ecadd(left, ecmul([1, 2], R - valueSum))")
        line("negY: uint256 = 0")
        line("if right[1] != 0:")
        line("    negY = Q - right[1]")
        func g2Words(_ p: G2Affine) -> String {
            [p.x.c1, p.x.c0, p.y.c1, p.y.c0].map { Self.bytes32($0.bigEndianBytes) }.joined(separator: ", ")
        }
        line("pairing: Bytes[32] = raw_call(0x0000000000000000000000000000000000000008, concat(convert(left[0], bytes32), convert(left[1], bytes32), \(g2Words(g2)), convert(right[0], bytes32), convert(negY, bytes32), \(g2Words(sG2))), max_outsize=32, is_static_call=True)")
        line("return extract32(pairing, 0, output_type=uint256) == 1")
    }
}

extension String {
    /// Two lowercase hex digits of a byte.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
