/// The kind of a column: fixed (set at key generation), advice (the prover's witness) or
/// instance (public inputs, known to the verifier).
public enum ColumnKind: UInt8, Sendable, Hashable {
    case fixed = 0, advice = 1, instance = 2
}

/// A column of the circuit's table: its kind and its index among the columns of that kind.
/// Selectors are fixed columns (see ``Selector``).
public struct Column: Sendable, Hashable, CustomStringConvertible {
    public let kind: ColumnKind
    public let index: Int

    public init(kind: ColumnKind, index: Int) {
        self.kind = kind; self.index = index
    }

    /// The column's value at `rotation` relative to the row a constraint is evaluated at.
    public func query(_ rotation: Int = 0) -> Expression {
        .query(self, rotation: rotation)
    }

    /// `.cur()` reads like halo2's `Rotation::cur()`.
    public func cur() -> Expression { query(0) }
    public func next() -> Expression { query(1) }
    public func prev() -> Expression { query(-1) }

    public var description: String {
        switch kind {
        case .fixed: "fixed[\(index)]"
        case .advice: "advice[\(index)]"
        case .instance: "instance[\(index)]"
        }
    }
}

/// A selector: a 0/1 fixed column that turns gates on for chosen rows. It is a fixed column
/// (no selector combining), so its degree is 1 in every gate it appears in.
public struct Selector: Sendable, Hashable {
    public let column: Column

    /// The selector's value at the current row, to multiply into a gate.
    public func expression() -> Expression { column.query(0) }
}
