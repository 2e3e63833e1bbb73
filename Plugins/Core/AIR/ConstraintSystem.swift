import SproutCoreField

/// An ``AIR`` compiled for proving: its constraints followed by the LogUp constraints that its
/// lookups imply (see ``LogUp``), their maximum degree, and the straight-line programs that
/// evaluate them.
///
/// Constraint order (binding for prover and verifier): the AIR's own constraints in emission
/// order, then ``LogUp/constraints(for:)``.
/// Threading: immutable, `Sendable`.
public struct ConstraintSystem: Sendable {
    public let name: String
    public let mainWidth: Int
    public let preprocessedWidth: Int
    public let numberOfPublicValues: Int
    /// The table's lookup terms, in emission order.
    public let interactions: [AIRInteraction]
    /// All constraints: the AIR's, then the LogUp ones.
    public let constraints: [AIRExpression]
    /// How many of ``constraints`` the AIR itself emitted.
    public let airConstraintCount: Int
    /// The largest constraint degree (≥ 1).
    public let maxDegree: Int
    /// Evaluates ``constraints`` (one root each).
    public let program: ConstraintProgram
    /// Evaluates, per interaction, its values then its signed multiplicity (base-field roots).
    public let interactionProgram: ConstraintProgram
    /// The preprocessed trace, if any.
    public let preprocessedTrace: RowMajorMatrix<BabyBear>?

    /// Lookup terms per LogUp helper column (``AIR/lookupBatchSize``).
    public let lookupBatchSize: Int
    /// Number of auxiliary columns in 𝔽ₚ⁴: one per group of ``lookupBatchSize`` interactions plus
    /// the running sum, or 0.
    public var auxiliaryWidth: Int { interactions.isEmpty ? 0 : (interactions.count + lookupBatchSize - 1) / lookupBatchSize + 1 }

    /// Compiles `air`.
    /// Throws: ``AIRError/invalidAIR(table:reason:)`` for widths out of range, constraints that
    /// read extension values, or a preprocessed trace of the wrong shape.
    public init(air: any AIR) throws(AIRError) {
        let name = air.name
        guard air.mainWidth >= 1, air.mainWidth <= 1 << 16 else { throw .invalidAIR(table: name, reason: "main width \(air.mainWidth) outside 1…65536") }
        guard air.preprocessedWidth >= 0, air.preprocessedWidth <= 1 << 16 else { throw .invalidAIR(table: name, reason: "preprocessed width \(air.preprocessedWidth) outside 0…65536") }
        guard air.numberOfPublicValues >= 0, air.numberOfPublicValues <= 1 << 16 else { throw .invalidAIR(table: name, reason: "public value count out of range") }
        var builder = AIRBuilder(mainWidth: air.mainWidth, preprocessedWidth: air.preprocessedWidth, numberOfPublicValues: air.numberOfPublicValues)
        air.evaluate(&builder)
        for (k, c) in builder.constraints.enumerated() where c.isExtension {
            throw .invalidAIR(table: name, reason: "constraint \(k) reads LogUp-only extension values")
        }
        for (k, interaction) in builder.interactions.enumerated() {
            if interaction.bus < 0 || interaction.bus >= Int(BabyBear.modulus) { throw .invalidAIR(table: name, reason: "interaction \(k) has bus \(interaction.bus) outside 0..<p") }
            if (interaction.values + [interaction.multiplicity]).contains(where: \.isExtension) {
                throw .invalidAIR(table: name, reason: "interaction \(k) reads LogUp-only extension values")
            }
        }
        let preprocessed = air.preprocessedTrace()
        if air.preprocessedWidth > 0 {
            guard let trace = preprocessed else { throw .invalidAIR(table: name, reason: "preprocessed width \(air.preprocessedWidth) but no preprocessed trace") }
            guard trace.width == air.preprocessedWidth else { throw .traceShape(table: name, field: "preprocessed width", expected: air.preprocessedWidth, got: trace.width) }
            let h = trace.height
            guard h >= 2, h & (h - 1) == 0 else { throw .invalidAIR(table: name, reason: "preprocessed height \(h) is not a power of two ≥ 2") }
        } else if preprocessed != nil {
            throw .invalidAIR(table: name, reason: "a preprocessed trace is given but preprocessedWidth is 0")
        }

        let interactions = builder.interactions
        let batch = air.lookupBatchSize
        guard batch >= 1, batch <= 16 else { throw .invalidAIR(table: name, reason: "lookup batch size \(batch) outside 1…16") }
        let constraints = builder.constraints + LogUp.constraints(for: interactions, batchSize: batch)
        let auxiliaryWidth = interactions.isEmpty ? 0 : (interactions.count + batch - 1) / batch + 1
        let layout = ConstraintProgram.Layout(
            mainWidth: air.mainWidth, preprocessedWidth: air.preprocessedWidth, numberOfPublicValues: air.numberOfPublicValues,
            auxiliaryWidth: auxiliaryWidth, numberOfChallenges: LogUp.numberOfChallenges)
        self.name = name
        self.mainWidth = air.mainWidth
        self.preprocessedWidth = air.preprocessedWidth
        self.numberOfPublicValues = air.numberOfPublicValues
        self.interactions = interactions
        self.lookupBatchSize = batch
        self.constraints = constraints
        self.airConstraintCount = builder.constraints.count
        self.maxDegree = max(1, constraints.map(\.degree).max() ?? 1)
        self.program = try ConstraintProgram(expressions: constraints, layout: layout, table: name)
        self.interactionProgram = try ConstraintProgram(
            expressions: interactions.flatMap { $0.values + [$0.signedMultiplicity] }, layout: layout, table: name)
        self.preprocessedTrace = preprocessed
    }

    /// Fills the base inputs of `evaluator` with row `row` of a trace of `height` rows (the next
    /// row wraps), the exact selector values at `x = ωʳᵒʷ`, and the public values.
    /// `omegaPowers[i] = ωⁱ` and `omegaInverse = ω⁻¹` for the trace generator `ω`.
    func loadTraceRow(into evaluator: inout ConstraintEvaluator, row: Int, main: RowMajorMatrix<BabyBear>, preprocessed: RowMajorMatrix<BabyBear>?, publicValues: [BabyBear], x: BabyBear, omegaInverse: BabyBear) {
        let layout = program.layout
        let height = main.height
        let next = row + 1 == height ? 0 : row + 1
        for c in 0..<mainWidth {
            evaluator.base[layout.mainCurrent + c] = main[row, c]
            evaluator.base[layout.mainNext + c] = main[next, c]
        }
        if let preprocessed {
            for c in 0..<preprocessedWidth {
                evaluator.base[layout.preprocessedCurrent + c] = preprocessed[row, c]
                evaluator.base[layout.preprocessedNext + c] = preprocessed[next, c]
            }
        }
        evaluator.base[layout.isFirstRow] = row == 0 ? .one : .zero
        evaluator.base[layout.isLastRow] = row == height - 1 ? .one : .zero
        evaluator.base[layout.isTransition] = x - omegaInverse
        for (i, v) in publicValues.enumerated() { evaluator.base[layout.publicValues + i] = v }
    }

    /// Checks the shapes of a main trace and its public values against the AIR.
    /// Throws: ``AIRError/traceShape(table:field:expected:got:)``.
    public func validate(main: RowMajorMatrix<BabyBear>, publicValues: [BabyBear]) throws(AIRError) {
        if main.width != mainWidth { throw .traceShape(table: name, field: "main width", expected: mainWidth, got: main.width) }
        let h = main.height
        if h < 2 || h & (h - 1) != 0 || h > 1 << 26 { throw .traceShape(table: name, field: "height (a power of two in 2…2^26)", expected: max(2, h.nextPowerOfTwo), got: h) }
        if let preprocessedTrace, preprocessedTrace.height != h {
            throw .traceShape(table: name, field: "height (fixed by the preprocessed trace)", expected: preprocessedTrace.height, got: h)
        }
        if publicValues.count != numberOfPublicValues { throw .traceShape(table: name, field: "public value count", expected: numberOfPublicValues, got: publicValues.count) }
    }
}

extension Int {
    /// The smallest power of two `≥ self` (1 for `self ≤ 1`).
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}

extension ConstraintSystem {
    /// An injective encoding of the constraint system as field elements (widths, public value
    /// count, every constraint and interaction in prefix form), for binding the AIR into a
    /// Fiat–Shamir transcript: two systems with equal encodings state the same constraints.
    public var canonicalEncoding: [BabyBear] {
        var out: [BabyBear] = [BabyBear(UInt32(mainWidth)), BabyBear(UInt32(preprocessedWidth)), BabyBear(UInt32(numberOfPublicValues)),
                               BabyBear(UInt32(airConstraintCount)), BabyBear(UInt32(interactions.count))]
        for c in constraints.prefix(airConstraintCount) { c.encode(into: &out) }
        for i in interactions {
            out.append(BabyBear(UInt32(i.bus)))
            out.append(i.isSend ? .one : .zero)
            out.append(BabyBear(UInt32(i.values.count)))
            for v in i.values { v.encode(into: &out) }
            i.multiplicity.encode(into: &out)
        }
        // Appended only when batching, so the encodings of unbatched systems are unchanged.
        if lookupBatchSize > 1 { out.append(BabyBear(UInt32(lookupBatchSize))) }
        return out
    }
}

extension AIRExpression {
    /// Appends the prefix (Polish) encoding: a tag per node, then its payload or children.
    /// Tags: 0 constant, 1 main, 2 preprocessed, 3 public value, 4–6 selectors, 7 auxiliary,
    /// 8 challenge, 9 cumulative sum, 10 sum, 11 difference, 12 product, 13 negation.
    public func encode(into out: inout [BabyBear]) {
        func column(_ tag: UInt32, _ c: Int, _ next: Bool) {
            out.append(BabyBear(tag)); out.append(BabyBear(UInt32(truncatingIfNeeded: c))); out.append(next ? .one : .zero)
        }
        switch self {
        case let .constant(c): out.append(0); out.append(c)
        case let .variable(v):
            switch v {
            case let .main(c, next): column(1, c, next)
            case let .preprocessed(c, next): column(2, c, next)
            case let .publicValue(i): out.append(3); out.append(BabyBear(UInt32(truncatingIfNeeded: i)))
            case .isFirstRow: out.append(4)
            case .isLastRow: out.append(5)
            case .isTransition: out.append(6)
            case let .auxiliary(c, next): column(7, c, next)
            case let .challenge(i): out.append(8); out.append(BabyBear(UInt32(truncatingIfNeeded: i)))
            case .cumulativeSum: out.append(9)
            }
        case let .sum(a, b): out.append(10); a.encode(into: &out); b.encode(into: &out)
        case let .difference(a, b): out.append(11); a.encode(into: &out); b.encode(into: &out)
        case let .product(a, b): out.append(12); a.encode(into: &out); b.encode(into: &out)
        case let .negation(a): out.append(13); a.encode(into: &out)
        }
    }
}
