import SproutCoreBN254

/// Versioned binary encoding of a constraint system (part of the verifying key): counts,
/// selectors, gates with their expression trees, permutation columns and lookups.
/// Expressions are prefix trees: tag 0 constant (32-byte scalar), 1 query (kind, u32 index,
/// i32 rotation), 2 negation, 3 sum, 4 product.
extension ConstraintSystem {
    /// Deepest expression accepted from bytes (keeps decoding recursion bounded).
    static let maxExpressionDepth = 64
    static let maxColumns = 1 << 12

    func serialize(into w: inout ByteWriter) {
        w.count(numFixed); w.count(numAdvice); w.count(numInstance)
        w.count(selectors.count)
        for s in selectors { w.count(s.column.index) }
        w.count(gates.count)
        for g in gates {
            w.string(g.name)
            w.count(g.polynomials.count)
            for p in g.polynomials { Self.serialize(p, into: &w) }
        }
        w.count(permutationColumns.count)
        for c in permutationColumns { w.u8(c.kind.rawValue); w.count(c.index) }
        w.count(lookups.count)
        for l in lookups {
            w.string(l.name)
            w.count(l.inputs.count)
            for e in l.inputs + l.tables { Self.serialize(e, into: &w) }
        }
    }

    static func serialize(_ e: Expression, into w: inout ByteWriter) {
        switch e {
        case .constant(let c): w.u8(0); w.scalar(c)
        case .query(let c, let r): w.u8(1); w.u8(c.kind.rawValue); w.count(c.index); w.u32(UInt32(bitPattern: Int32(r)))
        case .negated(let a): w.u8(2); serialize(a, into: &w)
        case .sum(let a, let b): w.u8(3); serialize(a, into: &w); serialize(b, into: &w)
        case .product(let a, let b): w.u8(4); serialize(a, into: &w); serialize(b, into: &w)
        }
    }

    static func deserialize(from r: inout ByteReader) throws(Halo2Error) -> ConstraintSystem {
        var cs = ConstraintSystem()
        cs.numFixed = try r.count("fixed columns", limit: maxColumns)
        cs.numAdvice = try r.count("advice columns", limit: maxColumns)
        cs.numInstance = try r.count("instance columns", limit: maxColumns)
        for _ in 0..<(try r.count("selectors", limit: cs.numFixed)) {
            let c = Column(kind: .fixed, index: try r.count("selector column", limit: cs.numFixed - 1))
            cs.selectors.append(Selector(column: c))
        }
        for _ in 0..<(try r.count("gates", limit: 1 << 12)) {
            let name = try r.string("gate name")
            let count = try r.count("gate polynomials", limit: 1 << 12)
            guard count > 0 else { throw .malformed("gate \(name) has no polynomials") }
            var polys: [Expression] = []
            for _ in 0..<count { polys.append(try expression(from: &r, cs: cs, depth: 0)) }
            cs.gates.append(Gate(name: name, polynomials: polys))
        }
        for _ in 0..<(try r.count("permutation columns", limit: maxColumns)) {
            let c = try column(from: &r, cs: cs)
            guard !cs.permutationColumns.contains(c) else { throw .malformed("\(c) repeated in the permutation") }
            cs.permutationColumns.append(c)
        }
        for _ in 0..<(try r.count("lookups", limit: 1 << 10)) {
            let name = try r.string("lookup name")
            let count = try r.count("lookup width", limit: 1 << 8)
            guard count > 0 else { throw .malformed("lookup \(name) is empty") }
            var exprs: [Expression] = []
            for _ in 0..<(2 * count) { exprs.append(try expression(from: &r, cs: cs, depth: 0)) }
            cs.lookups.append(LookupArgument(name: name, inputs: Array(exprs[..<count]), tables: Array(exprs[count...])))
        }
        return cs
    }

    static func column(from r: inout ByteReader, cs: ConstraintSystem) throws(Halo2Error) -> Column {
        guard let kind = ColumnKind(rawValue: try r.u8("column kind")) else { throw .malformed("unknown column kind") }
        let limit = switch kind {
        case .fixed: cs.numFixed
        case .advice: cs.numAdvice
        case .instance: cs.numInstance
        }
        let index = try r.count("column index", limit: limit)
        guard index < limit else { throw .malformed("column index \(index) out of \(limit)") }
        return Column(kind: kind, index: index)
    }

    static func expression(from r: inout ByteReader, cs: ConstraintSystem, depth: Int) throws(Halo2Error) -> Expression {
        guard depth < maxExpressionDepth else { throw .malformed("expression nested deeper than \(maxExpressionDepth)") }
        switch try r.u8("expression tag") {
        case 0: return .constant(try r.scalar("constant"))
        case 1:
            let c = try column(from: &r, cs: cs)
            let rotation = Int(Int32(bitPattern: try r.u32("rotation")))
            guard abs(rotation) <= 1 << 16 else { throw .malformed("rotation \(rotation) too large") }
            return .query(c, rotation: rotation)
        case 2: return .negated(try expression(from: &r, cs: cs, depth: depth + 1))
        case 3: return .sum(try expression(from: &r, cs: cs, depth: depth + 1), try expression(from: &r, cs: cs, depth: depth + 1))
        case 4: return .product(try expression(from: &r, cs: cs, depth: depth + 1), try expression(from: &r, cs: cs, depth: depth + 1))
        case let t: throw .malformed("unknown expression tag \(t)")
        }
    }
}
