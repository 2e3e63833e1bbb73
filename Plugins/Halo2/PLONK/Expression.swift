import SproutCoreBN254

/// A multivariate polynomial in the circuit's cells, with relative row offsets (rotations):
/// the language of custom gates and lookup arguments. A gate holds on a row when each of its
/// expressions evaluates to zero there.
public indirect enum Expression: Sendable, Hashable {
    case constant(Fr)
    case query(Column, rotation: Int)
    case negated(Expression)
    case sum(Expression, Expression)
    case product(Expression, Expression)

    /// The polynomial degree in the column polynomials (a query has degree 1).
    public var degree: Int {
        switch self {
        case .constant: 0
        case .query: 1
        case .negated(let a): a.degree
        case .sum(let a, let b): max(a.degree, b.degree)
        case .product(let a, let b): a.degree + b.degree
        }
    }

    /// Evaluates with `query` resolving each (column, rotation) pair.
    public func evaluate(_ query: (Column, Int) -> Fr) -> Fr {
        switch self {
        case .constant(let c): c
        case .query(let column, let rotation): query(column, rotation)
        case .negated(let a): -a.evaluate(query)
        case .sum(let a, let b): a.evaluate(query) + b.evaluate(query)
        case .product(let a, let b): a.evaluate(query) * b.evaluate(query)
        }
    }

    /// Every (column, rotation) pair the expression reads, in first-use order.
    public func queries(into out: inout [Column: [Int]]) {
        switch self {
        case .constant: break
        case .query(let column, let rotation):
            if !(out[column]?.contains(rotation) ?? false) { out[column, default: []].append(rotation) }
        case .negated(let a): a.queries(into: &out)
        case .sum(let a, let b), .product(let a, let b):
            a.queries(into: &out); b.queries(into: &out)
        }
    }

    public static func constant(_ n: UInt64) -> Expression { .constant(Fr(integer: n)) }

    public static func + (a: Expression, b: Expression) -> Expression { .sum(a, b) }
    public static func - (a: Expression, b: Expression) -> Expression { .sum(a, .negated(b)) }
    public static func * (a: Expression, b: Expression) -> Expression { .product(a, b) }
    public static prefix func - (a: Expression) -> Expression { .negated(a) }
    public static func * (a: Expression, c: Fr) -> Expression { .product(a, .constant(c)) }
}
