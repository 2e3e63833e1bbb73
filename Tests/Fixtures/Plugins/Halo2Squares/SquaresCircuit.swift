import SproutCoreBN254
import SproutHalo2

/// A circuit from outside the engine: public `[x, x^(2^steps)]`, one squaring per row
/// (`s·(a(ωX) − a(X)²)`), the first and last cells tied to the instance column.
struct SquaresCircuit: Circuit, Sendable {
    struct Config {
        let a: Column
        let instance: Column
        let s: Selector
    }

    static let steps = 5
    var x: Fr

    var output: Fr { (0..<Self.steps).reduce(x) { v, _ in v * v } }

    static func configure(_ cs: inout ConstraintSystem) -> Config {
        let a = cs.adviceColumn(), instance = cs.instanceColumn(), s = cs.selector()
        cs.enableEquality(a)
        cs.enableEquality(instance)
        cs.createGate("square", [s.expression() * (a.next() - a.cur() * a.cur())])
        return Config(a: a, instance: instance, s: s)
    }

    func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        try layouter.region("squares") { r throws(Halo2Error) in
            var v = try r.assignAdvice(config.a, offset: 0, x)
            try layouter.constrainInstance(v, instance: config.instance, row: 0)
            for i in 0..<Self.steps {
                try r.enable(config.s, offset: i)
                v = try r.assignAdvice(config.a, offset: i + 1, v.value * v.value)
            }
            try layouter.constrainInstance(v, instance: config.instance, row: 1)
        }
    }
}
