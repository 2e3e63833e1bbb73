public import SproutCoreBN254
public import SproutHalo2

/// halo2's Fibonacci example: public `(a, b, f)` where `f` is the `steps`-th term of the
/// sequence starting `a, b`. Three advice columns per row `(x, y, x + y)`, gate
/// `s·(x + y − z)`, each row's `y` and `z` copied into the next row's `x` and `y`.
public struct FibonacciCircuit: Circuit, Sendable {
    public struct Config {
        let columns: [Column]
        let instance: Column
        let add: Selector
    }

    public var a: Fr
    public var b: Fr
    /// Number of additions (rows of the region).
    public var steps: Int

    public init(a: Fr, b: Fr, steps: Int) {
        self.a = a; self.b = b; self.steps = steps
    }

    /// The last term, `steps` additions after `(a, b)`.
    public var output: Fr {
        var (x, y) = (a, b)
        for _ in 0..<steps { (x, y) = (y, x + y) }
        return y
    }

    public static func configure(_ cs: inout ConstraintSystem) -> Config {
        let columns = [cs.adviceColumn(), cs.adviceColumn(), cs.adviceColumn()]
        let instance = cs.instanceColumn()
        for c in columns + [instance] { cs.enableEquality(c) }
        let add = cs.selector()
        cs.createGate("add", [add.expression() * (columns[0].cur() + columns[1].cur() - columns[2].cur())])
        return Config(columns: columns, instance: instance, add: add)
    }

    public func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        guard steps >= 1 else { throw .synthesis("fibonacci needs at least one step") }
        let c = config.columns
        try layouter.region("fibonacci") { r throws(Halo2Error) in
            var x = try r.assignAdvice(c[0], offset: 0, a)
            var y = try r.assignAdvice(c[1], offset: 0, b)
            try layouter.constrainInstance(x, instance: config.instance, row: 0)
            try layouter.constrainInstance(y, instance: config.instance, row: 1)
            for row in 0..<steps {
                try r.enable(config.add, offset: row)
                let z = try r.assignAdvice(c[2], offset: row, x.value + y.value)
                if row + 1 < steps {
                    x = try r.copyAdvice(y, to: c[0], offset: row + 1)
                    y = try r.copyAdvice(z, to: c[1], offset: row + 1)
                } else {
                    try layouter.constrainInstance(z, instance: config.instance, row: 2)
                }
            }
        }
    }
}
