import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

/// Insecure development SRS shared by the tests (tau is public: fine for tests only).
let testParams = KZGParams.insecureDevelopmentSetup(k: 6, tau: Fr(integer: 0x5eed_1234))

@Suite struct SimpleCircuitTests {
    let circuit = SimpleCircuit(a: Fr(integer: 3), b: Fr(integer: 5), constant: Fr(integer: 4))

    @Test func outputIs900() {
        #expect(circuit.output == Fr(integer: 900))
    }

    @Test func mockProverAcceptsAndNamesFailures() throws {
        #expect(try MockProver.run(circuit, k: 4, instances: [[Fr(integer: 900)]]).isEmpty)
        let failures = try MockProver.run(circuit, k: 4, instances: [[Fr(integer: 901)]])
        #expect(failures.contains { if case .copy(_, _, let c, 0) = $0 { c.kind == .instance } else { false } })
        #expect(failures.description.contains("instance[0]@0"))
    }

    @Test func proveAndVerify() throws {
        let pk = try Keygen.keygen(circuit, params: testParams, k: 4)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: [[Fr(integer: 900)]])
        try Verifier.verify(vk: pk.vk, params: testParams, instances: [[Fr(integer: 900)]], proof: proof)
        #expect(throws: Halo2Error.self) {
            try Verifier.verify(vk: pk.vk, params: testParams, instances: [[Fr(integer: 901)]], proof: proof)
        }
    }
}

@Suite struct IsZeroCircuitTests {
    /// Any (x, inv, out) row: with a wrong `out` no choice of `inv` satisfies the gate.
    struct Row: Circuit {
        typealias Config = (x: Column, inverse: Column, out: Column, s: Selector)
        let x: Fr, inverse: Fr, out: Fr
        /// IsZeroCircuit's gate, without its instance column.
        static func configure(_ cs: inout ConstraintSystem) -> Config {
            let x = cs.adviceColumn(), inverse = cs.adviceColumn(), out = cs.adviceColumn(), s = cs.selector()
            cs.createGate("is_zero", [
                s.expression() * (out.cur() - .constant(1) + x.cur() * inverse.cur()),
                s.expression() * (x.cur() * out.cur()),
            ])
            return (x, inverse, out, s)
        }
        func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
            try layouter.region("row") { r throws(Halo2Error) in
                try r.enable(config.s, offset: 0)
                try r.assignAdvice(config.x, offset: 0, x)
                try r.assignAdvice(config.inverse, offset: 0, inverse)
                try r.assignAdvice(config.out, offset: 0, out)
            }
        }
    }

    @Test func wrongOutputFailsTheGate() throws {
        let five = Fr(integer: 5)
        #expect(try MockProver.run(Row(x: five, inverse: five.inverse, out: .zero), k: 4, instances: []).isEmpty)
        #expect(try MockProver.run(Row(x: .zero, inverse: .zero, out: .one), k: 4, instances: []).isEmpty)
        for inverse in [Fr.zero, .one, five.inverse] {
            #expect(try MockProver.run(Row(x: five, inverse: inverse, out: .one), k: 4, instances: []).contains { if case .gate("is_zero", _, 0) = $0 { true } else { false } })
            #expect(try !MockProver.run(Row(x: .zero, inverse: inverse, out: .zero), k: 4, instances: []).isEmpty)
        }
    }

    @Test func provesBothCases() throws {
        for value in [Fr.zero, Fr(integer: 9)] {
            let c = IsZeroCircuit(value: value)
            let pk = try Keygen.keygen(c, params: testParams, k: 4)
            let proof = try Prover.prove(c, pk: pk, params: testParams, instances: [[c.output]])
            try Verifier.verify(vk: pk.vk, params: testParams, instances: [[c.output]], proof: proof)
            #expect(throws: Halo2Error.self) { try Verifier.verify(vk: pk.vk, params: testParams, instances: [[.one - c.output]], proof: proof) }
        }
    }
}
