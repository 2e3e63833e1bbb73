import SproutCoreField

/// A list of expressions compiled to straight-line code over two register files, one in 𝔽ₚ and
/// one in 𝔽ₚ⁴, so that the prover can evaluate every constraint at hundreds of thousands of
/// points without walking trees or allocating.
///
/// Register layout. Base registers start with the inputs (see ``Layout``): main row, main next
/// row, preprocessed row and next row, the selectors `isFirstRow, isLastRow, isTransition`, the
/// public values; then the constants; then temporaries. Extension registers start with the
/// auxiliary row and next row, the challenges and the cumulative sum; then temporaries.
/// Sub-expressions that occur several times are computed once (common-subexpression
/// elimination by structural equality). An operation whose operands are all in 𝔽ₚ runs in 𝔽ₚ;
/// mixed operations run in 𝔽ₚ⁴ with the base operand embedded (4 base multiplications for a
/// mixed product instead of 16).
///
/// Threading: immutable; share one program between threads, each with its own
/// ``ConstraintEvaluator``.
public struct ConstraintProgram: Sendable {
    /// Where the inputs live in the register files.
    public struct Layout: Sendable, Equatable {
        public var mainWidth: Int
        public var preprocessedWidth: Int
        public var numberOfPublicValues: Int
        /// Number of auxiliary columns in 𝔽ₚ⁴.
        public var auxiliaryWidth: Int
        /// Number of challenges in 𝔽ₚ⁴.
        public var numberOfChallenges: Int

        public init(mainWidth: Int, preprocessedWidth: Int, numberOfPublicValues: Int, auxiliaryWidth: Int, numberOfChallenges: Int) {
            self.mainWidth = mainWidth
            self.preprocessedWidth = preprocessedWidth
            self.numberOfPublicValues = numberOfPublicValues
            self.auxiliaryWidth = auxiliaryWidth
            self.numberOfChallenges = numberOfChallenges
        }

        public var mainCurrent: Int { 0 }
        public var mainNext: Int { mainWidth }
        public var preprocessedCurrent: Int { 2 * mainWidth }
        public var preprocessedNext: Int { 2 * mainWidth + preprocessedWidth }
        public var isFirstRow: Int { 2 * mainWidth + 2 * preprocessedWidth }
        public var isLastRow: Int { isFirstRow + 1 }
        public var isTransition: Int { isFirstRow + 2 }
        public var publicValues: Int { isFirstRow + 3 }
        /// Number of base input registers.
        public var baseInputCount: Int { publicValues + numberOfPublicValues }

        public var auxiliaryCurrent: Int { 0 }
        public var auxiliaryNext: Int { auxiliaryWidth }
        public var challenges: Int { 2 * auxiliaryWidth }
        public var cumulativeSum: Int { challenges + numberOfChallenges }
        /// Number of extension input registers.
        public var extensionInputCount: Int { cumulativeSum + 1 }

        /// The register holding `variable`, or `nil` when it is out of range for this layout.
        func register(of variable: AIRVariable) -> Int? {
            func index(_ i: Int, _ count: Int, _ base: Int) -> Int? { i >= 0 && i < count ? base + i : nil }
            switch variable {
            case let .main(c, next): return index(c, mainWidth, next ? mainNext : mainCurrent)
            case let .preprocessed(c, next): return index(c, preprocessedWidth, next ? preprocessedNext : preprocessedCurrent)
            case let .publicValue(i): return index(i, numberOfPublicValues, publicValues)
            case .isFirstRow: return isFirstRow
            case .isLastRow: return isLastRow
            case .isTransition: return isTransition
            case let .auxiliary(c, next): return index(c, auxiliaryWidth, next ? auxiliaryNext : auxiliaryCurrent)
            case let .challenge(i): return index(i, numberOfChallenges, challenges)
            case .cumulativeSum: return cumulativeSum
            }
        }
    }

    enum Opcode: UInt8, Sendable {
        case addBB, subBB, mulBB, negB
        case addEE, subEE, mulEE, negE
        case addEB, subEB, subBE, mulEB
    }

    struct Instruction: Sendable {
        var opcode: Opcode
        var destination: Int32
        var a: Int32
        var b: Int32
    }

    /// A compiled root: which register file and which register holds its value.
    public struct Root: Sendable, Equatable {
        public var isExtension: Bool
        public var register: Int
    }

    public let layout: Layout
    let instructions: [Instruction]
    /// Values of the constant registers `[layout.baseInputCount, … + constants.count)`.
    let constants: [BabyBear]
    public let baseRegisterCount: Int
    public let extensionRegisterCount: Int
    /// One root per compiled expression, in order.
    public let roots: [Root]

    /// `αᴷ⁻¹⁻ᵏ` for root `k` of `K`: the weights of the random linear combination `Σₖ αᴷ⁻¹⁻ᵏ·Cₖ`
    /// that the verifier computes by Horner's rule (`acc ← acc·α + Cₖ`). The prover weights each
    /// root directly, so a base-field root costs one 𝔽ₚ⁴ × 𝔽ₚ product instead of a Horner step's
    /// 𝔽ₚ⁴ × 𝔽ₚ⁴ one.
    public func rootPowers(challenge alpha: BabyBearExt4) -> [BabyBearExt4] {
        var powers = [BabyBearExt4](repeating: .one, count: roots.count)
        for k in stride(from: powers.count - 2, through: 0, by: -1) { powers[k] = powers[k + 1] * alpha }
        return powers
    }

    /// Compiles `expressions` for `layout`.
    /// Throws: ``AIRError/invalidAIR(table:reason:)`` when a leaf is outside the layout.
    /// Complexity: `O(Σ size²)` in the worst case (structural hashing of shared subtrees); done once.
    public init(expressions: [AIRExpression], layout: Layout, table: String) throws(AIRError) {
        var compiler = Compiler(layout: layout, table: table, expressions: expressions)
        var roots: [Root] = []
        for e in expressions {
            let (isExtension, register) = try compiler.compile(e)
            roots.append(Root(isExtension: isExtension, register: register))
        }
        self.layout = layout
        self.instructions = compiler.instructions
        self.constants = compiler.constants
        self.baseRegisterCount = compiler.nextBase
        self.extensionRegisterCount = compiler.nextExtension
        self.roots = roots
    }

    /// Number of instructions (the cost of one evaluation, in field operations).
    public var instructionCount: Int { instructions.count }

    private struct Compiler {
        let layout: Layout
        let table: String
        var instructions: [Instruction] = []
        var constants: [BabyBear] = []
        var constantRegisters: [BabyBear: Int] = [:]
        var cache: [AIRExpression: (Bool, Int)] = [:]
        var nextBase: Int
        var nextExtension: Int

        /// Constants occupy a block right after the base inputs, so they are collected first;
        /// temporaries are numbered after them.
        init(layout: Layout, table: String, expressions: [AIRExpression]) {
            self.layout = layout
            self.table = table
            var constants: [BabyBear] = []
            var seen: Set<BabyBear> = []
            func collect(_ e: AIRExpression) {
                switch e {
                case let .constant(c): if seen.insert(c).inserted { constants.append(c) }
                case .variable: break
                case let .sum(a, b), let .difference(a, b), let .product(a, b): collect(a); collect(b)
                case let .negation(a): collect(a)
                }
            }
            for e in expressions { collect(e) }
            self.constants = constants
            for (k, c) in constants.enumerated() { constantRegisters[c] = layout.baseInputCount + k }
            nextBase = layout.baseInputCount + constants.count
            nextExtension = layout.extensionInputCount
        }

        mutating func compile(_ e: AIRExpression) throws(AIRError) -> (Bool, Int) {
            if let known = cache[e] { return known }
            let result: (Bool, Int)
            switch e {
            case let .constant(c):
                result = (false, constantRegisters[c]!)  // collected in init
            case let .variable(v):
                guard let r = layout.register(of: v) else {
                    throw .invalidAIR(table: table, reason: "\(v) is outside the table's columns, public values or challenges")
                }
                result = (v.isExtension, r)
            case let .sum(a, b):
                result = try binary(a, b, base: .addBB, extended: .addEE, extBase: .addEB, baseExt: .addEB)
            case let .difference(a, b):
                result = try binary(a, b, base: .subBB, extended: .subEE, extBase: .subEB, baseExt: .subBE)
            case let .product(a, b):
                result = try binary(a, b, base: .mulBB, extended: .mulEE, extBase: .mulEB, baseExt: .mulEB)
            case let .negation(a):
                let (isExtension, r) = try compile(a)
                result = emit(isExtension ? .negE : .negB, isExtension: isExtension, r, r)
            }
            cache[e] = result
            return result
        }

        /// Mixed operations always take the extension operand as `a` and the base operand as `b`:
        /// `addEB: a + b`, `subEB: a − b`, `subBE: b − a`, `mulEB: a·b`.
        mutating func binary(_ a: AIRExpression, _ b: AIRExpression, base: Opcode, extended: Opcode, extBase: Opcode, baseExt: Opcode) throws(AIRError) -> (Bool, Int) {
            let (ea, ra) = try compile(a)
            let (eb, rb) = try compile(b)
            switch (ea, eb) {
            case (false, false): return emit(base, isExtension: false, ra, rb)
            case (true, true): return emit(extended, isExtension: true, ra, rb)
            case (true, false): return emit(extBase, isExtension: true, ra, rb)
            case (false, true): return emit(baseExt, isExtension: true, rb, ra)
            }
        }

        mutating func emit(_ opcode: Opcode, isExtension: Bool, _ a: Int, _ b: Int) -> (Bool, Int) {
            let destination: Int
            if isExtension {
                destination = nextExtension
                nextExtension += 1
            } else {
                destination = nextBase
                nextBase += 1
            }
            instructions.append(Instruction(opcode: opcode, destination: Int32(destination), a: Int32(a), b: Int32(b)))
            return (isExtension, destination)
        }
    }
}
