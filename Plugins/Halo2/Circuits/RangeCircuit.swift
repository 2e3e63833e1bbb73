public import SproutCoreBN254
public import SproutHalo2

/// A lookup-based range check: each of up to `capacity` private values is proven to lie in
/// `[0, 2^bits)` by a lookup into a fixed table of `0..<2^bits`, and the public output is their
/// sum (checked by an accumulator gate `s·(acc_next − acc − value)`). Unused slots hold 0, so
/// the selector layout depends only on `capacity`, not on the witness.
public struct RangeCircuit: Circuit, Sendable {
    public struct Config {
        let value: Column
        let accumulator: Column
        let table: Column
        let instance: Column
        let check: Selector
        let bits: Int
    }

    public static let bits = 4
    public var values: [Fr]
    public var capacity: Int

    public init(values: [Fr], capacity: Int) {
        self.values = values; self.capacity = capacity
    }

    public var sum: Fr { values.reduce(.zero, +) }

    public static func configure(_ cs: inout ConstraintSystem) -> Config {
        let value = cs.adviceColumn(), accumulator = cs.adviceColumn()
        let table = cs.fixedColumn(), instance = cs.instanceColumn()
        cs.enableEquality(accumulator)
        cs.enableEquality(instance)
        let check = cs.selector()
        let s = check.expression()
        cs.createGate("accumulate", [s * (accumulator.next() - accumulator.cur() - value.cur())])
        // Off rows look up s·v = 0, which the table contains.
        cs.lookup("range", inputs: [s * value.cur()], tables: [table.cur()])
        return Config(value: value, accumulator: accumulator, table: table, instance: instance, check: check, bits: bits)
    }

    public func synthesize(config: Config, layouter: Layouter) throws(Halo2Error) {
        try layouter.region("table") { r throws(Halo2Error) in
            for i in 0..<(1 << config.bits) { try r.assignFixed(config.table, offset: i, Fr(integer: UInt64(i))) }
        }
        guard values.count <= capacity else { throw .synthesis("\(values.count) values for a range circuit of capacity \(capacity)") }
        let slots = values + [Fr](repeating: .zero, count: capacity - values.count)
        let total = try layouter.region("values") { r throws(Halo2Error) in
            var acc = try r.assignAdvice(config.accumulator, offset: 0, .zero)
            for (i, v) in slots.enumerated() {
                try r.enable(config.check, offset: i)
                try r.assignAdvice(config.value, offset: i, v)
                acc = try r.assignAdvice(config.accumulator, offset: i + 1, acc.value + v)
            }
            return acc
        }
        try layouter.constrainInstance(total, instance: config.instance, row: 0)
    }
}
