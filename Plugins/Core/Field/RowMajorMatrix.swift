/// A dense `height × width` matrix of field elements stored row after row in one array.
///
/// Traces and low-degree extensions are committed row by row (a Merkle leaf is a row), so rows
/// are contiguous. Threading: a value type with copy-on-write storage.
public struct RowMajorMatrix<F: FieldElement>: Sendable, Equatable {
    /// Number of columns (≥ 1).
    public let width: Int
    /// The entries, `values[r·width + c]` is row `r`, column `c`.
    public var values: [F]

    /// A matrix from its flat row-major values. Precondition: `width ≥ 1` and `values.count`
    /// is a multiple of `width`.
    @inlinable
    public init(width: Int, values: [F]) {
        precondition(width >= 1 && values.count % width == 0, "\(values.count) values do not form rows of width \(width)")
        self.width = width
        self.values = values
    }

    /// A matrix from its columns (all of one length). Complexity: one pass over the entries.
    public init(columns: [[F]]) {
        precondition(!columns.isEmpty, "a matrix needs at least one column")
        let height = columns[0].count
        precondition(columns.allSatisfy { $0.count == height }, "columns differ in length")
        var values = [F]()
        values.reserveCapacity(height * columns.count)
        for r in 0..<height {
            for column in columns { values.append(column[r]) }
        }
        self.init(width: columns.count, values: values)
    }

    /// Number of rows.
    @inlinable
    public var height: Int { values.count / width }

    /// Row `r` as a slice of ``values``. Precondition: `0 ≤ r < height`.
    @inlinable
    public func row(_ r: Int) -> ArraySlice<F> {
        values[(r * width)..<((r + 1) * width)]
    }

    /// Entry at row `r`, column `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> F {
        get { values[r * width + c] }
        set { values[r * width + c] = newValue }
    }

    /// Column `c` copied out. Precondition: `0 ≤ c < width`.
    ///
    /// Inlinable so that it is specialised for the caller's field: the generic version spent
    /// seconds in generic-metadata lookups when a prover copied out the columns of a large trace.
    @inlinable
    public func column(_ c: Int) -> [F] {
        precondition(c >= 0 && c < width, "column \(c) outside 0..<\(width)")
        let height = self.height, width = self.width
        return values.withUnsafeBufferPointer { source in
            [F](unsafeUninitializedCapacity: height) { column, initialized in
                // Safety: r·width + c < height·width = source.count, and r < height = column.count.
                for r in 0..<height { (column.baseAddress! + r).initialize(to: source[r * width + c]) }
                initialized = height
            }
        }
    }
}
