import SproutCoreField

/// Scratch registers for evaluating a ``ConstraintProgram`` at one point after another.
///
/// Use: write the inputs into ``base`` and ``extended`` at the offsets of the program's
/// ``ConstraintProgram/Layout`` (the constants are preloaded), call ``execute()``, read the roots.
/// Threading: a value owned by one thread; create one per worker.
public struct ConstraintEvaluator: Sendable {
    public let program: ConstraintProgram
    /// Base-field registers (inputs first).
    public var base: [BabyBear]
    /// Extension-field registers (inputs first).
    public var extended: [BabyBearExt4]

    public init(program: ConstraintProgram) {
        self.program = program
        base = [BabyBear](repeating: .zero, count: max(program.baseRegisterCount, 1))
        extended = [BabyBearExt4](repeating: .zero, count: max(program.extensionRegisterCount, 1))
        for (k, c) in program.constants.enumerated() { base[program.layout.baseInputCount + k] = c }
    }

    /// Runs the program on the current inputs.
    /// Complexity: one field operation per instruction; no allocation.
    @inline(__always)
    public mutating func execute() {
        let instructions = program.instructions
        instructions.withUnsafeBufferPointer { code in
            base.withUnsafeMutableBufferPointer { b in
                extended.withUnsafeMutableBufferPointer { e in
                    // Safety: the compiler only emits register numbers below baseRegisterCount /
                    // extensionRegisterCount (the sizes of `b` and `e`), with base operands in `b`
                    // and extension operands in `e` as each opcode states.
                    for instruction in code {
                        let d = Int(instruction.destination), x = Int(instruction.a), y = Int(instruction.b)
                        switch instruction.opcode {
                        case .addBB: b[d] = b[x] + b[y]
                        case .subBB: b[d] = b[x] - b[y]
                        case .mulBB: b[d] = b[x] * b[y]
                        case .negB: b[d] = -b[x]
                        case .addEE: e[d] = e[x] + e[y]
                        case .subEE: e[d] = e[x] - e[y]
                        case .mulEE: e[d] = e[x] * e[y]
                        case .negE: e[d] = -e[x]
                        case .addEB: e[d] = e[x] + b[y]
                        case .subEB: e[d] = e[x] - b[y]
                        case .subBE: e[d] = BabyBearExt4(b[y]) - e[x]
                        case .mulEB: e[d] = e[x] * b[y]
                        }
                    }
                }
            }
        }
    }

    /// Root `k`'s value, embedded in 𝔽ₚ⁴.
    @inline(__always)
    public func value(ofRoot k: Int) -> BabyBearExt4 {
        let root = program.roots[k]
        return root.isExtension ? extended[root.register] : BabyBearExt4(base[root.register])
    }

    /// Root `k`'s value when it is a base-field root.
    @inline(__always)
    public func baseValue(ofRoot k: Int) -> BabyBear {
        let root = program.roots[k]
        precondition(!root.isExtension, "root \(k) lies in the extension field")
        return base[root.register]
    }
}
