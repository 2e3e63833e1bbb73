import SproutCoreField

/// A leaf of an ``AIRExpression``: a value that the constraint system reads at a point `x` of the
/// trace domain `H = ⟨ω⟩`, `|H| = n`.
///
/// Base-field leaves (𝔽ₚ): trace columns at the current row `x` or the next row `ω·x`, public
/// values, and the selectors. Extension-field leaves (𝔽ₚ⁴) are assigned by the STARK's LogUp
/// argument and are not available to user AIRs: auxiliary (running-sum) columns, the lookup
/// challenges sampled after the main trace is committed, and the table's claimed cumulative sum.
///
/// Selectors, as polynomials over `H`:
/// - `isFirstRow = L₀(X) = (Xⁿ − 1) / (n·(X − 1))`, 1 on row 0 and 0 on the other rows;
/// - `isLastRow = L_{n−1}(X) = (Xⁿ − 1) / (n·(ω·X − 1))`, 1 on row `n − 1` only;
/// - `isTransition = X − ω⁻¹`, zero on the last row only (so a transition constraint does not
///   wrap from the last row to the first).
/// Each counts as degree 1 in ``AIRExpression/degree``: multiplying a constraint by a selector
/// adds at most `n − 1` to its degree, exactly like a trace column.
public enum AIRVariable: Hashable, Sendable {
    /// Main trace column, current row (`nextRow == false`) or next row.
    case main(column: Int, nextRow: Bool)
    /// Preprocessed (fixed) column, current or next row.
    case preprocessed(column: Int, nextRow: Bool)
    /// Public value `i` of the table.
    case publicValue(Int)
    case isFirstRow
    case isLastRow
    case isTransition
    /// Auxiliary (LogUp) column in 𝔽ₚ⁴, current or next row.
    case auxiliary(column: Int, nextRow: Bool)
    /// LogUp challenge `i` in 𝔽ₚ⁴ (``LogUp/alphaIndex``, ``LogUp/gammaIndex``).
    case challenge(Int)
    /// The table's claimed LogUp sum in 𝔽ₚ⁴.
    case cumulativeSum

    /// Whether the leaf takes values in 𝔽ₚ⁴ rather than 𝔽ₚ.
    public var isExtension: Bool {
        switch self {
        case .auxiliary, .challenge, .cumulativeSum: true
        default: false
        }
    }

    /// Degree in units of the trace degree `n − 1`: 1 for columns and selectors, 0 for constants.
    public var degree: Int {
        switch self {
        case .main, .preprocessed, .auxiliary, .isFirstRow, .isLastRow, .isTransition: 1
        case .publicValue, .challenge, .cumulativeSum: 0
        }
    }
}

/// A polynomial expression over trace columns, selectors, public values and constants: the
/// language in which an ``AIR`` states its constraints.
///
/// A constraint `C` asserts `C(x) = 0` for every row `x ∈ H`. Its ``degree`` `d` bounds the
/// degree of the composed polynomial by `d·(n − 1)`, which fixes the quotient's size:
/// `C(X)/(Xⁿ − 1)` has degree below `(d − 1)·n`.
///
/// Build expressions with the operators: `b.main(0) * b.main(1) - b.nextMain(0) + 3`.
/// Constants fold at construction. Threading: an immutable value.
public indirect enum AIRExpression: Hashable, Sendable, ExpressibleByIntegerLiteral {
    case constant(BabyBear)
    case variable(AIRVariable)
    case sum(AIRExpression, AIRExpression)
    case difference(AIRExpression, AIRExpression)
    case product(AIRExpression, AIRExpression)
    case negation(AIRExpression)

    /// The constant `n mod p` (negative literals map to `p − |n|`).
    public init(integerLiteral value: Int64) { self = .constant(BabyBear(signed: value)) }

    /// The constant `value`.
    public init(_ value: BabyBear) { self = .constant(value) }

    /// Degree in the trace variables (see ``AIRVariable/degree``); constants have degree 0.
    public var degree: Int {
        switch self {
        case .constant: 0
        case let .variable(v): v.degree
        case let .sum(a, b), let .difference(a, b): max(a.degree, b.degree)
        case let .product(a, b): a.degree + b.degree
        case let .negation(a): a.degree
        }
    }

    /// Whether any leaf satisfies `predicate`.
    public func contains(where predicate: (AIRVariable) -> Bool) -> Bool {
        switch self {
        case .constant: false
        case let .variable(v): predicate(v)
        case let .sum(a, b), let .difference(a, b), let .product(a, b):
            a.contains(where: predicate) || b.contains(where: predicate)
        case let .negation(a): a.contains(where: predicate)
        }
    }

    /// Whether the expression takes values in 𝔽ₚ⁴ (it reads an extension leaf).
    public var isExtension: Bool { contains { $0.isExtension } }

    /// The value at one point, every leaf given in 𝔽ₚ⁴ (the verifier's out-of-domain check).
    /// Complexity: one operation per node (shared subtrees are evaluated again).
    public func evaluate(_ leaf: (AIRVariable) -> BabyBearExt4) -> BabyBearExt4 {
        switch self {
        case let .constant(c): BabyBearExt4(c)
        case let .variable(v): leaf(v)
        case let .sum(a, b): a.evaluate(leaf) + b.evaluate(leaf)
        case let .difference(a, b): a.evaluate(leaf) - b.evaluate(leaf)
        case let .product(a, b): a.evaluate(leaf) * b.evaluate(leaf)
        case let .negation(a): -a.evaluate(leaf)
        }
    }

    public static func + (lhs: AIRExpression, rhs: AIRExpression) -> AIRExpression {
        if case let .constant(a) = lhs, case let .constant(b) = rhs { return .constant(a + b) }
        if case let .constant(a) = lhs, a.isZero { return rhs }
        if case let .constant(b) = rhs, b.isZero { return lhs }
        return .sum(lhs, rhs)
    }

    public static func - (lhs: AIRExpression, rhs: AIRExpression) -> AIRExpression {
        if case let .constant(a) = lhs, case let .constant(b) = rhs { return .constant(a - b) }
        if case let .constant(b) = rhs, b.isZero { return lhs }
        return .difference(lhs, rhs)
    }

    public static func * (lhs: AIRExpression, rhs: AIRExpression) -> AIRExpression {
        if case let .constant(a) = lhs, case let .constant(b) = rhs { return .constant(a * b) }
        if case let .constant(a) = lhs, a == .one { return rhs }
        if case let .constant(b) = rhs, b == .one { return lhs }
        return .product(lhs, rhs)
    }

    public static prefix func - (value: AIRExpression) -> AIRExpression {
        if case let .constant(a) = value { return .constant(-a) }
        return .negation(value)
    }

    public static func += (lhs: inout AIRExpression, rhs: AIRExpression) { lhs = lhs + rhs }
    public static func -= (lhs: inout AIRExpression, rhs: AIRExpression) { lhs = lhs - rhs }
    public static func *= (lhs: inout AIRExpression, rhs: AIRExpression) { lhs = lhs * rhs }

    /// `selfᵉ` by repeated multiplication (degree `e·degree`).
    public func power(_ exponent: Int) -> AIRExpression {
        precondition(exponent >= 0, "negative exponent")
        var result: AIRExpression = 1
        for _ in 0..<exponent { result = result * self }
        return result
    }
}
