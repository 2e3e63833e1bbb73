/// The shape of a PLONKish circuit: how many columns of each kind, its custom gates, which
/// columns take part in the equality (permutation) argument, and its lookups. Built by a
/// circuit's `configure`; serialized into the verifying key (``serialize(into:)``).
public struct ConstraintSystem: Sendable, Hashable {
    public internal(set) var numFixed = 0
    public internal(set) var numAdvice = 0
    public internal(set) var numInstance = 0
    public internal(set) var selectors: [Selector] = []
    public internal(set) var gates: [Gate] = []
    /// Columns in the permutation argument, in the order their σ polynomials are committed.
    public internal(set) var permutationColumns: [Column] = []
    public internal(set) var lookups: [LookupArgument] = []

    public init() {}

    public mutating func adviceColumn() -> Column {
        defer { numAdvice += 1 }
        return Column(kind: .advice, index: numAdvice)
    }

    public mutating func fixedColumn() -> Column {
        defer { numFixed += 1 }
        return Column(kind: .fixed, index: numFixed)
    }

    public mutating func instanceColumn() -> Column {
        defer { numInstance += 1 }
        return Column(kind: .instance, index: numInstance)
    }

    public mutating func selector() -> Selector {
        let s = Selector(column: fixedColumn())
        selectors.append(s)
        return s
    }

    /// Lets cells of `column` be constrained equal to other cells (``Assignment/constrainEqual(_:_:)``).
    public mutating func enableEquality(_ column: Column) {
        if !permutationColumns.contains(column) { permutationColumns.append(column) }
    }

    public mutating func createGate(_ name: String, _ polynomials: [Expression]) {
        precondition(!polynomials.isEmpty, "gate \(name) has no polynomials")
        gates.append(Gate(name: name, polynomials: polynomials))
    }

    /// A lookup of the tuple `inputs` into the tuple `tables` (equal lengths).
    public mutating func lookup(_ name: String, inputs: [Expression], tables: [Expression]) {
        precondition(!inputs.isEmpty && inputs.count == tables.count, "lookup \(name): \(inputs.count) inputs, \(tables.count) tables")
        lookups.append(LookupArgument(name: name, inputs: inputs, tables: tables))
    }

    /// The maximum degree of any constraint the prover must satisfy (at least 3, for the
    /// permutation argument).
    public var degree: Int {
        var d = 3
        for g in gates { for p in g.polynomials { d = max(d, p.degree) } }
        for l in lookups { d = max(d, l.requiredDegree) }
        return d
    }

    /// Every (column, rotation) the gates and lookups read.
    var queriedCells: [Column: [Int]] {
        var q: [Column: [Int]] = [:]
        for g in gates { for p in g.polynomials { p.queries(into: &q) } }
        for l in lookups { for e in l.inputs + l.tables { e.queries(into: &q) } }
        for c in permutationColumns where !(q[c]?.contains(0) ?? false) { q[c, default: []].append(0) }
        return q
    }

    /// Rows at the end of the table filled with random advice values so that openings reveal
    /// nothing about the witness: halo2's `max(3, max queries per advice column) + 2`.
    public var blindingFactors: Int {
        let cells = queriedCells
        var most = 1
        for (column, rotations) in cells where column.kind == .advice { most = max(most, rotations.count) }
        return max(3, most) + 2
    }

    /// Permutation columns per grand-product polynomial, so the permutation constraint's degree
    /// stays within ``degree``.
    var permutationChunkSize: Int { degree - 2 }
}
