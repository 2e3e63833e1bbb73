import SproutCoreBN254
import SproutCoreKZG
import SproutHalo2
import SproutHalo2Circuits
import Testing

@Suite struct LookupCircuitTests {
    let values: [Fr] = [3, 15, 0, 7, 7, 9].map { Fr(integer: $0) }

    @Test func proveAndVerifyRange() throws {
        let circuit = RangeCircuit(values: values, capacity: 8)
        let instances = [[circuit.sum]]
        #expect(try MockProver.run(circuit, k: 5, instances: instances).isEmpty)
        let pk = try Keygen.keygen(circuit, params: testParams, k: 5)
        let proof = try Prover.prove(circuit, pk: pk, params: testParams, instances: instances)
        try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: proof)
        #expect(throws: Halo2Error.self) {
            try Verifier.verify(vk: pk.vk, params: testParams, instances: [[circuit.sum + .one]], proof: proof)
        }
        for i in stride(from: 0, to: proof.count, by: 7) {
            var bad = proof
            bad[i] ^= 0x80
            #expect(throws: Halo2Error.self, "byte \(i)") { try Verifier.verify(vk: pk.vk, params: testParams, instances: instances, proof: bad) }
        }
    }

    @Test func witnessDependentLayoutIsRefused() throws {
        let pk = try Keygen.keygen(RangeCircuit(values: [], capacity: 8), params: testParams, k: 5)
        let smaller = RangeCircuit(values: [Fr(integer: 1)], capacity: 4)
        #expect(throws: Halo2Error.self) { try Prover.prove(smaller, pk: pk, params: testParams, instances: [[smaller.sum]]) }
    }

    @Test func outOfRangeValueNamesTheLookupAndRow() throws {
        let circuit = RangeCircuit(values: [Fr(integer: 3), Fr(integer: 16)], capacity: 8)
        let failures = try MockProver.run(circuit, k: 5, instances: [[circuit.sum]])
        // Row 16 + 1: the table region takes rows 0..<16, the values region starts at 16.
        #expect(failures == [.lookup(lookup: "range", row: 17)])
        let pk = try Keygen.keygen(circuit, params: testParams, k: 5)
        #expect(throws: Halo2Error.self) { try Prover.prove(circuit, pk: pk, params: testParams, instances: [[circuit.sum]]) }
    }

    @Test func wrongPublicSumNamesTheEquality() throws {
        // The circuit's sum is 1; claiming 2 breaks the equality with the instance cell.
        struct Liar: Circuit {
            typealias Config = RangeCircuit.Config
            static func configure(_ cs: inout ConstraintSystem) -> Config { RangeCircuit.configure(&cs) }
            func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
                try RangeCircuit(values: [Fr(integer: 1)], capacity: 8).synthesize(config: config, layouter: layouter)
            }
        }
        #expect(try MockProver.run(Liar(), k: 5, instances: [[Fr(integer: 1)]]).isEmpty)
        let failures = try MockProver.run(Liar(), k: 5, instances: [[Fr(integer: 2)]])
        #expect(failures.map(\.description) == ["equality advice[1]@24 = instance[0]@0 does not hold"])
    }

    @Test func brokenGateNamesTheGateAndRow() throws {
        // One advice column, `square: s·(a(ωX) − a(X)²)`, with a wrong square on its second use.
        struct Squares: Circuit {
            typealias Config = (Column, Selector)
            let wrong: Bool
            static func configure(_ cs: inout ConstraintSystem) -> Config {
                let a = cs.adviceColumn(), s = cs.selector()
                cs.createGate("square", [s.expression() * (a.next() - a.cur() * a.cur())])
                return (a, s)
            }
            func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
                try layouter.region("squares") { r throws(Halo2Error) in
                    var v = Fr(integer: 3)
                    try r.assignAdvice(config.0, offset: 0, v)
                    for i in 0..<3 {
                        try r.enable(config.1, offset: i)
                        v = v * v + (wrong && i == 1 ? .one : .zero)
                        try r.assignAdvice(config.0, offset: i + 1, v)
                    }
                }
            }
        }
        #expect(try MockProver.run(Squares(wrong: false), k: 4, instances: []).isEmpty)
        let failures = try MockProver.run(Squares(wrong: true), k: 4, instances: [])
        #expect(failures == [.gate(gate: "square", index: 0, row: 1)])
        #expect(failures[0].description == "gate 'square' polynomial 0 is not satisfied at row 1")
        let pk = try Keygen.keygen(Squares(wrong: false), params: testParams, k: 4)
        let proof = try Prover.prove(Squares(wrong: false), pk: pk, params: testParams, instances: [])
        try Verifier.verify(vk: pk.vk, params: testParams, instances: [], proof: proof)
        #expect(throws: Halo2Error.unsatisfied(failures)) { try Prover.prove(Squares(wrong: true), pk: pk, params: testParams, instances: []) }
    }
}
