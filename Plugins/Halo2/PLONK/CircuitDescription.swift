import SproutCoreBN254

/// Everything key generation takes from a circuit, as data: `k`, the constraint system, the
/// fixed columns (selectors included) and the equality constraints, plus the name of the
/// witness generator that fills the advice and instance values. A project's code can carry
/// it instead of naming a built-in circuit; ``Keygen/keygen(_:params:)`` derives the same keys
/// from it as from the circuit it describes.
///
/// Encoding (version 1, canonical: decoding then encoding gives back the same bytes):
/// `"SH2C"`, version u8, generator (u32 length + UTF-8), k u8, the constraint system
/// (``ConstraintSystem/serialize(into:)``), then per fixed column the count of its non-zero
/// cells and each as (u32 row, 32-byte scalar) with rows ascending, then the count of
/// equality constraints and each as two cells (u8 column kind, u32 column index, u32 row).
/// Integers are big-endian.
public struct CircuitDescription: Sendable, Equatable {
    public static let magic: [UInt8] = Array("SH2C".utf8)
    public static let version: UInt8 = 1
    /// Largest `k` accepted from bytes; with ``maxFixedCells`` and ``maxExtendedCells`` it bounds what
    /// decoding and key generation allocate.
    static let maxK = 20
    static let maxFixedCells = 1 << 24
    /// Most fixed and σ values on the quotient domain (`2ᵏ` times the next power of two
    /// ≥ degree − 1) key generation may be asked to hold for bytes (2 GiB).
    static let maxExtendedCells = 1 << 26

    /// Which witness generator fills the advice; the engine that loads the description
    /// interprets it.
    public let generator: String
    public let k: Int
    public let cs: ConstraintSystem
    /// `fixed[column][row]` on all `2ᵏ` rows.
    let fixed: [[Fr]]
    /// The equality constraints in ``Layouter/copyLayout`` form (their order shapes σ).
    let copies: [[Int]]

    /// The description of `circuit` on `2ᵏ` rows (its witness values are ignored).
    public init<C: Circuit>(_ circuit: C, k: Int, generator: String) throws(Halo2Error) {
        let (cs, layouter) = try Keygen.synthesize(circuit, k: k)
        self.init(generator: generator, k: k, cs: cs, fixed: layouter.fixed, copies: layouter.copyLayout)
    }

    init(generator: String, k: Int, cs: ConstraintSystem, fixed: [[Fr]], copies: [[Int]]) {
        self.generator = generator; self.k = k; self.cs = cs; self.fixed = fixed; self.copies = copies
    }

    public var bytes: [UInt8] {
        var w = ByteWriter()
        w.bytes = Self.magic
        w.u8(Self.version)
        w.string(generator)
        w.u8(UInt8(k))
        cs.serialize(into: &w)
        for column in fixed {
            let cells = column.indices.filter { column[$0] != .zero }
            w.count(cells.count)
            for row in cells { w.count(row); w.scalar(column[row]) }
        }
        w.count(copies.count)
        for c in copies {
            for cell in [c[0...2], c[3...5]] { w.u8(UInt8(cell.first!)); w.count(cell[cell.startIndex + 1]); w.count(cell.last!) }
        }
        return w.bytes
    }

    /// Parses ``bytes``. Truncation, trailing bytes, a non-canonical or out-of-range cell, or an
    /// equality constraint on a column outside the permutation throws ``Halo2Error/malformed(_:)``.
    public init(bytes: [UInt8]) throws(Halo2Error) {
        var r = ByteReader(bytes)
        guard Array(try r.take(4, "magic")) == Self.magic else { throw .malformed("not a circuit description (magic)") }
        let version = try r.u8("version")
        guard version == Self.version else { throw .malformed("circuit description version \(version), expected \(Self.version)") }
        let generator = try r.string("generator")
        let k = Int(try r.u8("k"))
        guard k >= 1, k <= Self.maxK else { throw .malformed("k = \(k) is outside 1...\(Self.maxK)") }
        let cs = try ConstraintSystem.deserialize(from: &r)
        let n = 1 << k
        guard cs.numFixed * n <= Self.maxFixedCells else { throw .malformed("\(cs.numFixed) fixed columns of \(n) rows exceed \(Self.maxFixedCells) cells") }
        var e = 0
        while (1 << e) < cs.degree - 1 { e += 1 }
        guard k + e <= 26, (cs.numFixed + cs.permutationColumns.count) << (k + e) <= Self.maxExtendedCells else {
            throw .malformed("degree \(cs.degree) at k = \(k) with \(cs.numFixed) fixed and \(cs.permutationColumns.count) permutation columns needs more than \(Self.maxExtendedCells) extended-domain cells")
        }
        let usable = n - cs.blindingFactors - 1
        guard usable >= 1 else { throw .unsupportedK(k) }
        var fixed: [[Fr]] = []
        for c in 0..<cs.numFixed {
            var column = [Fr](repeating: .zero, count: n)
            var previous = -1
            for _ in 0..<(try r.count("fixed cells", limit: usable)) {
                let row = try r.count("fixed row", limit: usable - 1)
                guard row > previous else { throw .malformed("fixed[\(c)] rows are not ascending at row \(row)") }
                let value = try r.scalar("fixed[\(c)][\(row)]")
                guard value != .zero else { throw .malformed("fixed[\(c)][\(row)] is a listed zero") }
                column[row] = value
                previous = row
            }
            fixed.append(column)
        }
        var copies: [[Int]] = []
        for _ in 0..<(try r.count("equality constraints", limit: bytes.count / 18)) {
            var copy: [Int] = []
            for _ in 0..<2 {
                let column = try ConstraintSystem.column(from: &r, cs: cs)
                guard cs.permutationColumns.contains(column) else { throw .columnNotInPermutation(column) }
                copy += [Int(column.kind.rawValue), column.index, try r.count("copied row", limit: usable - 1)]
            }
            copies.append(copy)
        }
        guard r.isAtEnd else { throw .malformed("\(bytes.count - r.offset) trailing bytes after the circuit description") }
        self.init(generator: generator, k: k, cs: cs, fixed: fixed, copies: copies)
    }

    /// What differs between this description and `circuit` synthesized at ``k``, or `nil` when
    /// they agree: the constraint system, then the fixed cells, then the equality constraints.
    public func mismatch<C: Circuit>(with circuit: C) throws(Halo2Error) -> String? {
        let (theirs, layouter) = try Keygen.synthesize(circuit, k: k)
        if let m = cs.mismatch(with: theirs) { return m }
        for c in fixed.indices {
            if let row = fixed[c].indices.first(where: { fixed[c][$0] != layouter.fixed[c][$0] }) {
                return "fixed[\(c)] row \(row) differs"
            }
        }
        let other = layouter.copyLayout
        guard copies.count == other.count else { return "\(copies.count) equality constraints, the circuit has \(other.count)" }
        if let i = copies.indices.first(where: { copies[$0] != other[$0] }) { return "equality constraint \(i) differs" }
        return nil
    }
}
