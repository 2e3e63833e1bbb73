import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import Testing

// The circuit and the check/prove/verify steps of docs/halo2-circuits.md, quoted there
// verbatim (Tests/E2E/test_docs.py checks the quotes) and run by the test below.

struct Squares: Circuit {
    typealias Config = (a: Column, s: Selector, out: Column)
    let start: Fr
    let steps: Int

    static func configure(_ cs: inout ConstraintSystem) -> Config {
        let a = cs.adviceColumn(), s = cs.selector(), out = cs.instanceColumn()
        cs.enableEquality(a); cs.enableEquality(out)
        // s · (a(ωX) − a(X)²) = 0 on every row
        cs.createGate("square", [s.expression() * (a.next() - a.cur() * a.cur())])
        return (a, s, out)
    }

    func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        let last = try layouter.region("squares") { r throws(Halo2Error) in
            var v = try r.assignAdvice(config.a, offset: 0, start)
            for i in 0..<steps {
                try r.enable(config.s, offset: i)
                v = try r.assignAdvice(config.a, offset: i + 1, v.value * v.value)
            }
            return v
        }
        try layouter.constrainInstance(last, instance: config.out, row: 0)
    }
}

@Suite struct DocExampleTests {
    /// 3^(2^3) = 6561.
    static func checkProveAndVerify(circuit: Squares, output: Fr) throws -> [ConstraintFailure] {
        let failures = try MockProver.run(circuit, k: 4, instances: [[output]])
        // [] or e.g. [gate 'square' polynomial 0 is not satisfied at row 1]
        guard failures.isEmpty else { return failures }
        let params = KZGParams.insecureDevelopmentSetup(k: 4, tau: Fr(integer: 0x5eed))   // tests only
        // real SRS: try KZGParams(powersOfTauBytes: ptauFile, k: 4) or KZGParams(halo2Bytes: pseParamsFile)
        let pk = try Keygen.keygen(circuit, params: params, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: params, instances: [[output]])
        try Verifier.verify(vk: pk.vk, params: params, instances: [[output]], proof: proof)
        let vkBytes = pk.vk.bytes                 // deterministic; VerifyingKey(bytes:) parses it
        #expect(try VerifyingKey(bytes: vkBytes) == pk.vk)
        #expect(throws: Halo2Error.self) {
            try Verifier.verify(vk: pk.vk, params: params, instances: [[output + Fr(integer: 1)]], proof: proof)
        }
        return failures
    }

    @Test func halo2GuideCircuitChecksProvesAndVerifies() throws {
        let circuit = Squares(start: Fr(integer: 3), steps: 3)
        #expect(try Self.checkProveAndVerify(circuit: circuit, output: Fr(integer: 6561)).isEmpty)
        let failures = try Self.checkProveAndVerify(circuit: circuit, output: Fr(integer: 6562))
        #expect(failures.description.contains("instance"))
    }
}
