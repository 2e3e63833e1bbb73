import SproutCoreField

/// Collects the constraints and lookups of one ``AIR`` (Plonky3-style constraint builder).
///
/// The accessors return symbolic ``AIRExpression``s; the `assert…` methods record constraints,
/// each meaning "this expression is zero on every row where it applies". Column indices are
/// part of the AIR's code, so an index out of range is a programming error (a precondition).
///
/// Threading: a value owned by one ``AIR/evaluate(_:)`` call.
public struct AIRBuilder: Sendable {
    public let mainWidth: Int
    public let preprocessedWidth: Int
    public let numberOfPublicValues: Int
    /// Constraints recorded so far, in order (the order is part of the proof system).
    public private(set) var constraints: [AIRExpression] = []
    /// Lookup terms recorded so far, in order.
    public private(set) var interactions: [AIRInteraction] = []

    public init(mainWidth: Int, preprocessedWidth: Int, numberOfPublicValues: Int) {
        self.mainWidth = mainWidth
        self.preprocessedWidth = preprocessedWidth
        self.numberOfPublicValues = numberOfPublicValues
    }

    // MARK: Reading

    /// Main column `column` at the current row.
    public func main(_ column: Int) -> AIRExpression {
        precondition(column >= 0 && column < mainWidth, "main column \(column) outside 0..<\(mainWidth)")
        return .variable(.main(column: column, nextRow: false))
    }

    /// Main column `column` at the next row (row `i + 1`, wrapping from the last row to row 0).
    public func nextMain(_ column: Int) -> AIRExpression {
        precondition(column >= 0 && column < mainWidth, "main column \(column) outside 0..<\(mainWidth)")
        return .variable(.main(column: column, nextRow: true))
    }

    /// Preprocessed column `column` at the current row.
    public func preprocessed(_ column: Int) -> AIRExpression {
        precondition(column >= 0 && column < preprocessedWidth, "preprocessed column \(column) outside 0..<\(preprocessedWidth)")
        return .variable(.preprocessed(column: column, nextRow: false))
    }

    /// Preprocessed column `column` at the next row.
    public func nextPreprocessed(_ column: Int) -> AIRExpression {
        precondition(column >= 0 && column < preprocessedWidth, "preprocessed column \(column) outside 0..<\(preprocessedWidth)")
        return .variable(.preprocessed(column: column, nextRow: true))
    }

    /// Public value `index`.
    public func publicValue(_ index: Int) -> AIRExpression {
        precondition(index >= 0 && index < numberOfPublicValues, "public value \(index) outside 0..<\(numberOfPublicValues)")
        return .variable(.publicValue(index))
    }

    /// 1 on the first row, 0 elsewhere (see ``AIRVariable``).
    public var isFirstRow: AIRExpression { .variable(.isFirstRow) }
    /// 1 on the last row, 0 elsewhere.
    public var isLastRow: AIRExpression { .variable(.isLastRow) }
    /// Non-zero on every row but the last, zero on the last.
    public var isTransition: AIRExpression { .variable(.isTransition) }

    // MARK: Constraints

    /// `expression = 0` on every row.
    public mutating func assertZero(_ expression: AIRExpression) {
        constraints.append(expression)
    }

    /// `lhs = rhs` on every row.
    public mutating func assertEqual(_ lhs: AIRExpression, _ rhs: AIRExpression) {
        assertZero(lhs - rhs)
    }

    /// `expression ∈ {0, 1}` on every row (degree `2·deg`).
    public mutating func assertBoolean(_ expression: AIRExpression) {
        assertZero(expression * (expression - 1))
    }

    /// `expression = 0` on every row except the last (a transition constraint over rows `i, i+1`).
    public mutating func assertZeroOnTransition(_ expression: AIRExpression) {
        assertZero(isTransition * expression)
    }

    /// `expression = 0` on the first row (a boundary constraint).
    public mutating func assertZeroOnFirstRow(_ expression: AIRExpression) {
        assertZero(isFirstRow * expression)
    }

    /// `expression = 0` on the last row (a boundary constraint).
    public mutating func assertZeroOnLastRow(_ expression: AIRExpression) {
        assertZero(isLastRow * expression)
    }

    // MARK: Lookups

    /// Sends `values` on `bus` with multiplicity `multiplicity` from every row (see ``AIRInteraction``).
    public mutating func send(bus: Int, values: [AIRExpression], multiplicity: AIRExpression = 1) {
        interactions.append(AIRInteraction(bus: bus, values: values, multiplicity: multiplicity, isSend: true))
    }

    /// Receives `values` on `bus` with multiplicity `multiplicity` on every row.
    public mutating func receive(bus: Int, values: [AIRExpression], multiplicity: AIRExpression = 1) {
        interactions.append(AIRInteraction(bus: bus, values: values, multiplicity: multiplicity, isSend: false))
    }
}
