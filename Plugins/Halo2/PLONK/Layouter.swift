import SproutCoreBN254

/// A cell that has been assigned: where it is and what it holds, so it can be copied.
public struct AssignedCell: Sendable, Hashable {
    public let column: Column
    public let row: Int
    public let value: Fr
}

/// Collects a circuit's assignment: regions are laid out one after another from row 0 (like
/// halo2's `SimpleFloorPlanner` without column-disjoint packing), within the usable rows.
///
/// Threading: a single synthesis owns it; not shared.
public final class Layouter {
    let cs: ConstraintSystem
    /// Rows `0..<usableRows` may be assigned; the rest are the last-row marker and blinding.
    public let usableRows: Int
    var fixed: [[Fr]]
    var advice: [[Fr]]
    /// Equality constraints between (column, row) cells.
    var copies: [(AssignedCell, AssignedCell)] = []

    /// The equality constraints without values: what key generation fixes.
    var copyLayout: [[Int]] {
        copies.map { [Int($0.column.kind.rawValue), $0.column.index, $0.row, Int($1.column.kind.rawValue), $1.column.index, $1.row] }
    }
    /// The first free row for the next region.
    public private(set) var nextRow = 0

    init(cs: ConstraintSystem, n: Int) {
        self.cs = cs
        usableRows = n - cs.blindingFactors - 1
        fixed = Array(repeating: Array(repeating: .zero, count: n), count: cs.numFixed)
        advice = Array(repeating: Array(repeating: .zero, count: n), count: cs.numAdvice)
    }

    /// Runs `body` on a region starting at the first free row; the region's height is the
    /// largest offset it assigns plus one.
    public func region<R>(_ name: String, _ body: (Region) throws(Halo2Error) -> R) throws(Halo2Error) -> R {
        let region = Region(layouter: self, name: name, start: nextRow)
        let result = try body(region)
        nextRow += region.height
        return result
    }

    /// Constrains `cell` to equal row `row` of instance column `instance`.
    public func constrainInstance(_ cell: AssignedCell, instance: Column, row: Int) throws(Halo2Error) {
        guard instance.kind == .instance, instance.index < cs.numInstance else { throw .unknownColumn(instance) }
        try checkRow(instance, row)
        try constrainEqual(cell, AssignedCell(column: instance, row: row, value: .zero))
    }

    func constrainEqual(_ a: AssignedCell, _ b: AssignedCell) throws(Halo2Error) {
        for c in [a.column, b.column] where !cs.permutationColumns.contains(c) { throw .columnNotInPermutation(c) }
        copies.append((a, b))
    }

    func checkRow(_ column: Column, _ row: Int) throws(Halo2Error) {
        guard row >= 0, row < usableRows else { throw .rowOutOfRange(column: column, row: row, usable: usableRows) }
    }

    func assign(_ column: Column, _ row: Int, _ value: Fr) throws(Halo2Error) -> AssignedCell {
        try checkRow(column, row)
        switch column.kind {
        case .advice:
            guard column.index < cs.numAdvice else { throw .unknownColumn(column) }
            advice[column.index][row] = value
        case .fixed:
            guard column.index < cs.numFixed else { throw .unknownColumn(column) }
            fixed[column.index][row] = value
        case .instance:
            throw .synthesis("instance cells are not assigned; use constrainInstance")
        }
        return AssignedCell(column: column, row: row, value: value)
    }

    /// A region: assignments at offsets relative to its first row.
    public final class Region {
        unowned let layouter: Layouter
        public let name: String
        public let start: Int
        var height = 0

        init(layouter: Layouter, name: String, start: Int) {
            self.layouter = layouter; self.name = name; self.start = start
        }

        @discardableResult
        public func assignAdvice(_ column: Column, offset: Int, _ value: Fr) throws(Halo2Error) -> AssignedCell {
            guard column.kind == .advice else { throw .synthesis("\(name): \(column) is not advice") }
            height = max(height, offset + 1)
            return try layouter.assign(column, start + offset, value)
        }

        @discardableResult
        public func assignFixed(_ column: Column, offset: Int, _ value: Fr) throws(Halo2Error) -> AssignedCell {
            guard column.kind == .fixed else { throw .synthesis("\(name): \(column) is not fixed") }
            height = max(height, offset + 1)
            return try layouter.assign(column, start + offset, value)
        }

        public func enable(_ selector: Selector, offset: Int) throws(Halo2Error) {
            height = max(height, offset + 1)
            _ = try layouter.assign(selector.column, start + offset, .one)
        }

        /// Assigns `cell`'s value to `column` at `offset` and constrains the two equal.
        @discardableResult
        public func copyAdvice(_ cell: AssignedCell, to column: Column, offset: Int) throws(Halo2Error) -> AssignedCell {
            let copy = try assignAdvice(column, offset: offset, cell.value)
            try layouter.constrainEqual(cell, copy)
            return copy
        }

        public func constrainEqual(_ a: AssignedCell, _ b: AssignedCell) throws(Halo2Error) {
            try layouter.constrainEqual(a, b)
        }
    }
}
