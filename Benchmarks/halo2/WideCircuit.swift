import SproutCoreBN254
import SproutHalo2

/// The benchmark circuit, shaped like what ezkl emits for a small network: 6 advice, 1
/// instance and 3 fixed columns (a byte table, a per-row constant and the selector), one
/// degree-5 gate `q·(a₀a₁a₂a₃ − a₄ − c)`, one linear gate `q·(a₅ − a₀ − a₁)`, and 4 byte-range
/// lookups `q·aᵢ ∈ table`; every usable row is filled.
struct WideCircuit: Circuit {
    struct Config {
        let advice: [Column]
        let table: Column
        let constant: Column
        let instance: Column
        let q: Selector
    }

    let rows: Int
    let seed: UInt64

    static func configure(_ cs: inout ConstraintSystem) -> Config {
        let advice = (0..<6).map { _ in cs.adviceColumn() }
        let table = cs.fixedColumn(), constant = cs.fixedColumn(), instance = cs.instanceColumn()
        let q = cs.selector()
        cs.enableEquality(advice[4])
        cs.enableEquality(instance)
        let s = q.expression()
        cs.createGate("product", [s * (advice[0].cur() * advice[1].cur() * advice[2].cur() * advice[3].cur() - advice[4].cur() - constant.cur())])
        cs.createGate("sum", [s * (advice[5].cur() - advice[0].cur() - advice[1].cur())])
        for i in 0..<4 { cs.lookup("byte\(i)", inputs: [s * advice[i].cur()], tables: [table.cur()]) }
        return Config(advice: advice, table: table, constant: constant, instance: instance, q: q)
    }

    /// Byte `i` of row `row`'s pseudo-random witness.
    func byte(_ row: Int, _ i: Int) -> UInt64 {
        var x = seed &+ UInt64(row) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(i) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31; x = x &* 0x94D0_49BB_1331_11EB; x ^= x >> 29
        return x & 0xff
    }

    /// Row 0's `a₄`, the public output (row 0's constant is 0).
    var firstOutput: Fr { (0..<4).reduce(Fr.one) { $0 * Fr(integer: byte(0, $1)) } }

    func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        try layouter.region("rows") { r throws(Halo2Error) in
            for row in 0..<rows {
                if row < 256 { try r.assignFixed(config.table, offset: row, Fr(integer: UInt64(row))) }
                let c = Fr(integer: UInt64(row))
                try r.assignFixed(config.constant, offset: row, c)
                try r.enable(config.q, offset: row)
                let v = (0..<4).map { Fr(integer: byte(row, $0)) }
                for i in 0..<4 { try r.assignAdvice(config.advice[i], offset: row, v[i]) }
                let out = try r.assignAdvice(config.advice[4], offset: row, v[0] * v[1] * v[2] * v[3] - c)
                try r.assignAdvice(config.advice[5], offset: row, v[0] + v[1])
                if row == 0 { try layouter.constrainInstance(out, instance: config.instance, row: 0) }
            }
        }
    }
}
