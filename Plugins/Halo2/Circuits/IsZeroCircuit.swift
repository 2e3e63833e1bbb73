public import SproutCoreBN254
public import SproutHalo2

/// halo2's `IsZero` gadget as a circuit: private `value`, public `[value == 0 ? 1 : 0]`.
/// Advice `x`, `inv`, `out`; gates `s·(out − 1 + x·inv)` and `s·(x·out)`: if `x ≠ 0` the second
/// forces `out = 0`, if `x = 0` the first forces `out = 1`, whatever `inv` the prover picks.
public struct IsZeroCircuit: Circuit, Sendable {
    public struct Config {
        let x: Column
        let inverse: Column
        let out: Column
        let instance: Column
        let s: Selector
    }

    public var value: Fr

    public init(value: Fr) { self.value = value }

    public var output: Fr { value.isZero ? .one : .zero }

    public static func configure(_ cs: inout ConstraintSystem) -> Config {
        let x = cs.adviceColumn(), inverse = cs.adviceColumn(), out = cs.adviceColumn()
        let instance = cs.instanceColumn()
        cs.enableEquality(out)
        cs.enableEquality(instance)
        let s = cs.selector()
        let sel = s.expression()
        cs.createGate("is_zero", [
            sel * (out.cur() - .constant(1) + x.cur() * inverse.cur()),
            sel * (x.cur() * out.cur()),
        ])
        return Config(x: x, inverse: inverse, out: out, instance: instance, s: s)
    }

    public func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        let out = try layouter.region("is_zero") { r throws(Halo2Error) in
            try r.enable(config.s, offset: 0)
            try r.assignAdvice(config.x, offset: 0, value)
            try r.assignAdvice(config.inverse, offset: 0, value.inverse)
            return try r.assignAdvice(config.out, offset: 0, output)
        }
        try layouter.constrainInstance(out, instance: config.instance, row: 0)
    }
}
