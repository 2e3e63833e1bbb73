public import SproutCoreBN254
public import SproutHalo2

/// halo2's "simple example" (PSE `halo2_proofs/examples/simple-example.rs`), the circuit of
/// sprout's project 10001: private `a`, `b`, a fixed `constant`, public `c = constant·a²·b²`
/// (900 for a = 3, b = 5, constant 4). Two advice columns, one instance column, one fixed
/// column for constants, and a multiplication gate `s·(lhs·rhs − out)` with `out` on the next row.
public struct SimpleCircuit: Circuit, Sendable {
    public struct Config {
        let advice: [Column]
        let instance: Column
        let constant: Column
        let mul: Selector
    }

    public var a: Fr
    public var b: Fr
    public var constant: Fr

    public init(a: Fr, b: Fr, constant: Fr) {
        self.a = a; self.b = b; self.constant = constant
    }

    /// The public output `constant·a²·b²`.
    public var output: Fr { constant * a.squared() * b.squared() }

    public static func configure(_ cs: inout ConstraintSystem) -> Config {
        let advice = [cs.adviceColumn(), cs.adviceColumn()]
        let instance = cs.instanceColumn()
        let constant = cs.fixedColumn()
        for c in advice + [instance, constant] { cs.enableEquality(c) }
        let mul = cs.selector()
        cs.createGate("mul", [mul.expression() * (advice[0].cur() * advice[1].cur() - advice[0].next())])
        return Config(advice: advice, instance: instance, constant: constant, mul: mul)
    }

    public func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        let a = try layouter.region("load a") { r throws(Halo2Error) in try r.assignAdvice(config.advice[0], offset: 0, self.a) }
        let b = try layouter.region("load b") { r throws(Halo2Error) in try r.assignAdvice(config.advice[0], offset: 0, self.b) }
        let k = try layouter.region("load constant") { r throws(Halo2Error) in
            let fixed = try r.assignFixed(config.constant, offset: 0, constant)
            let cell = try r.assignAdvice(config.advice[0], offset: 0, constant)
            try r.constrainEqual(fixed, cell)
            return cell
        }
        func mul(_ x: AssignedCell, _ y: AssignedCell) throws(Halo2Error) -> AssignedCell {
            try layouter.region("mul") { r throws(Halo2Error) in
                try r.enable(config.mul, offset: 0)
                try r.copyAdvice(x, to: config.advice[0], offset: 0)
                try r.copyAdvice(y, to: config.advice[1], offset: 0)
                return try r.assignAdvice(config.advice[0], offset: 1, x.value * y.value)
            }
        }
        let ab = try mul(a, b)
        let absq = try mul(ab, ab)
        let c = try mul(k, absq)
        try layouter.constrainInstance(c, instance: config.instance, row: 0)
    }
}
