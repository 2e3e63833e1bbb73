public import SproutCoreBN254
public import SproutHalo2

/// Knowledge of a Poseidon preimage: private `(a, b)`, public `[Poseidon(a, b)]`, with circomlib's
/// width-3 parameters (``PoseidonParameters/width3``).
///
/// One row per round: advice `s0, s1, s2` hold the state before the round and fixed `c0, c1, c2`
/// its round constants. A full round's gate is `s_i(ωX) = Σ_j M_ij·(s_j + c_j)⁵`, a partial
/// round's raises only `s0 + c0` to the fifth power. Row 0 holds `(0, a, b)` (the capacity
/// element is constrained to 0), and the row after the last round holds the output in `s0`,
/// which is copied to the instance. 65 rounds take 66 rows, so k = 7.
public struct PoseidonCircuit: Circuit, Sendable {
    public struct Config {
        let state: [Column]
        let constants: [Column]
        let full: Selector
        let partial: Selector
        let start: Selector
        let instance: Column
    }

    public var a: Fr
    public var b: Fr

    public init(a: Fr, b: Fr) { self.a = a; self.b = b }

    public static var parameters: PoseidonParameters { .width3 }

    public var output: Fr { Self.parameters.hash([a, b]) }

    public static func configure(_ cs: inout ConstraintSystem) -> Config {
        let p = parameters
        let state = (0..<p.width).map { _ in cs.adviceColumn() }
        let constants = (0..<p.width).map { _ in cs.fixedColumn() }
        let instance = cs.instanceColumn()
        cs.enableEquality(state[0])
        cs.enableEquality(instance)
        let full = cs.selector(), partial = cs.selector(), start = cs.selector()
        func fifth(_ i: Int) -> Expression {
            let u = state[i].cur() + constants[i].cur()
            let u2 = u * u
            return u2 * u2 * u
        }
        let powered = (0..<p.width).map(fifth)
        let linear = (0..<p.width).map { state[$0].cur() + constants[$0].cur() }
        func mix(_ row: [Fr], _ inputs: [Expression]) -> Expression {
            (1..<inputs.count).reduce(inputs[0] * row[0]) { $0 + inputs[$1] * row[$1] }
        }
        cs.createGate("poseidon full round", (0..<p.width).map { i in
            full.expression() * (state[i].next() - mix(p.mds[i], powered))
        })
        cs.createGate("poseidon partial round", (0..<p.width).map { i in
            partial.expression() * (state[i].next() - mix(p.mds[i], [powered[0]] + linear[1...]))
        })
        cs.createGate("poseidon capacity is zero", [start.expression() * state[0].cur()])
        return Config(state: state, constants: constants, full: full, partial: partial, start: start, instance: instance)
    }

    public func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        let p = Self.parameters
        let rounds = p.fullRounds + p.partialRounds
        let output = try layouter.region("poseidon") { r throws(Halo2Error) -> AssignedCell in
            var state: [Fr] = [.zero, a, b]
            try r.enable(config.start, offset: 0)
            for row in 0..<rounds {
                for i in 0..<p.width {
                    _ = try r.assignAdvice(config.state[i], offset: row, state[i])
                    _ = try r.assignFixed(config.constants[i], offset: row, p.roundConstants[row][i])
                }
                try r.enable(p.isFullRound(row) ? config.full : config.partial, offset: row)
                state = p.round(row, state)
            }
            for i in 1..<p.width { _ = try r.assignAdvice(config.state[i], offset: rounds, state[i]) }
            return try r.assignAdvice(config.state[0], offset: rounds, state[0])
        }
        try layouter.constrainInstance(output, instance: config.instance, row: 0)
    }
}
