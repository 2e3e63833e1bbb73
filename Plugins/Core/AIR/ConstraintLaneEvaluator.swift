import SproutCoreField

/// ``ConstraintEvaluator`` on 16 points at once: each instruction of the program runs as
/// ``BabyBearLanes`` operations across the points, one lane per point. The prover's quotient
/// evaluation runs the program at `q·n` points, so this is where constraint evaluation spends its
/// time; results are bit-identical to the scalar evaluator.
///
/// Registers are stored as Montgomery words, 16 per base register (lane-major) and 64 per
/// extension register (coefficient `c` of lane `l` at `16c + l`). The interface takes and gives
/// scalar field elements only, so no SIMD value crosses into a module built for another vector
/// unit (the core's SIMD modules are built with `hostVectorFlags`).
///
/// Threading: a value owned by one thread; create one per worker.
public struct ConstraintLaneEvaluator: Sendable {
    public static let lanes = 16
    typealias Vector = BabyBearLanes.Vector

    public let program: ConstraintProgram
    var base: [UInt32]
    var extended: [UInt32]

    public init(program: ConstraintProgram) {
        self.program = program
        base = [UInt32](repeating: 0, count: 16 * max(program.baseRegisterCount, 1))
        extended = [UInt32](repeating: 0, count: 64 * max(program.extensionRegisterCount, 1))
        for (k, c) in program.constants.enumerated() { setBase(program.layout.baseInputCount + k, c) }
    }

    /// Base register `register` of every lane.
    public mutating func setBase(_ register: Int, _ value: BabyBear) {
        for lane in 0..<16 { base[16 * register + lane] = value.montgomery }
    }

    /// Base register `register` of lane `lane`.
    @inline(__always)
    public mutating func setBase(_ register: Int, lane: Int, _ value: BabyBear) { base[16 * register + lane] = value.montgomery }

    /// Extension register `register` of every lane.
    public mutating func setExtension(_ register: Int, _ value: BabyBearExt4) {
        for lane in 0..<16 { setExtension(register, lane: lane, value) }
    }

    /// Extension register `register` of lane `lane`.
    @inline(__always)
    public mutating func setExtension(_ register: Int, lane: Int, _ value: BabyBearExt4) {
        let o = 64 * register + lane
        extended[o] = value.c0.montgomery
        extended[o + 16] = value.c1.montgomery
        extended[o + 32] = value.c2.montgomery
        extended[o + 48] = value.c3.montgomery
    }

    /// Runs the program on the current inputs of all 16 lanes.
    /// Complexity: one SIMD field operation per base instruction (up to 19 per 𝔽ₚ⁴ product).
    public mutating func execute() {
        let instructions = program.instructions
        instructions.withUnsafeBufferPointer { code in
            base.withUnsafeMutableBytes { b in
                extended.withUnsafeMutableBytes { e in
                    // Safety: the compiler only emits register numbers below baseRegisterCount /
                    // extensionRegisterCount, for which `base` holds 16 and `extended` 64 words.
                    for instruction in code {
                        let d = Int(instruction.destination), x = Int(instruction.a), y = Int(instruction.b)
                        switch instruction.opcode {
                        case .addBB: Self.store(b, d, BabyBearLanes.add(Self.load(b, x), Self.load(b, y)))
                        case .subBB: Self.store(b, d, BabyBearLanes.subtract(Self.load(b, x), Self.load(b, y)))
                        case .mulBB: Self.store(b, d, BabyBearLanes.multiply(Self.load(b, x), Self.load(b, y)))
                        case .negB: Self.store(b, d, BabyBearLanes.subtract(Vector(), Self.load(b, x)))
                        case .addEE:
                            for c in 0..<4 { Self.store(e, 4 * d + c, BabyBearLanes.add(Self.load(e, 4 * x + c), Self.load(e, 4 * y + c))) }
                        case .subEE:
                            for c in 0..<4 { Self.store(e, 4 * d + c, BabyBearLanes.subtract(Self.load(e, 4 * x + c), Self.load(e, 4 * y + c))) }
                        case .mulEE:
                            let product = Self.multiply(
                                (Self.load(e, 4 * x), Self.load(e, 4 * x + 1), Self.load(e, 4 * x + 2), Self.load(e, 4 * x + 3)),
                                (Self.load(e, 4 * y), Self.load(e, 4 * y + 1), Self.load(e, 4 * y + 2), Self.load(e, 4 * y + 3)))
                            Self.store(e, 4 * d, product.0)
                            Self.store(e, 4 * d + 1, product.1)
                            Self.store(e, 4 * d + 2, product.2)
                            Self.store(e, 4 * d + 3, product.3)
                        case .negE:
                            for c in 0..<4 { Self.store(e, 4 * d + c, BabyBearLanes.subtract(Vector(), Self.load(e, 4 * x + c))) }
                        case .addEB:
                            let sum = BabyBearLanes.add(Self.load(e, 4 * x), Self.load(b, y))
                            for c in 1..<4 { Self.store(e, 4 * d + c, Self.load(e, 4 * x + c)) }
                            Self.store(e, 4 * d, sum)
                        case .subEB:
                            let difference = BabyBearLanes.subtract(Self.load(e, 4 * x), Self.load(b, y))
                            for c in 1..<4 { Self.store(e, 4 * d + c, Self.load(e, 4 * x + c)) }
                            Self.store(e, 4 * d, difference)
                        case .subBE:
                            // As the scalar evaluator: embed(b[y]) − e[x].
                            let difference = BabyBearLanes.subtract(Self.load(b, y), Self.load(e, 4 * x))
                            for c in 1..<4 { Self.store(e, 4 * d + c, BabyBearLanes.subtract(Vector(), Self.load(e, 4 * x + c))) }
                            Self.store(e, 4 * d, difference)
                        case .mulEB:
                            let factor = Self.load(b, y)
                            for c in 0..<4 { Self.store(e, 4 * d + c, BabyBearLanes.multiply(Self.load(e, 4 * x + c), factor)) }
                        }
                    }
                }
            }
        }
    }

    /// Writes `scales[l] · Σₖ powers[k]·Cₖ` of lane `l` to `output[l]` for the 16 lanes, with
    /// `powers` from ``ConstraintEvaluator/rootPowers(challenge:)``: the same random linear
    /// combination as ``ConstraintEvaluator/combinedRoots(powers:)``, scaled per point (the
    /// prover's `1/Z_H(x)`).
    public func combinedRoots(powers: [BabyBearExt4], scales: [BabyBear], into output: UnsafeMutablePointer<BabyBearExt4>) {
        var sum = (Vector(), Vector(), Vector(), Vector())
        base.withUnsafeBytes { b in
            extended.withUnsafeBytes { e in
                for (k, root) in program.roots.enumerated() {
                    let p = powers[k]
                    let weight = (
                        Vector(repeating: p.c0.montgomery), Vector(repeating: p.c1.montgomery), Vector(repeating: p.c2.montgomery),
                        Vector(repeating: p.c3.montgomery)
                    )
                    let term: (Vector, Vector, Vector, Vector)
                    if root.isExtension {
                        let r = 4 * root.register
                        term = Self.multiply(weight, (Self.load(e, r), Self.load(e, r + 1), Self.load(e, r + 2), Self.load(e, r + 3)))
                    } else {
                        let value = Self.load(b, root.register)
                        term = (
                            BabyBearLanes.multiply(weight.0, value), BabyBearLanes.multiply(weight.1, value),
                            BabyBearLanes.multiply(weight.2, value), BabyBearLanes.multiply(weight.3, value)
                        )
                    }
                    sum = (BabyBearLanes.add(sum.0, term.0), BabyBearLanes.add(sum.1, term.1), BabyBearLanes.add(sum.2, term.2), BabyBearLanes.add(sum.3, term.3))
                }
            }
        }
        var scale = Vector()
        for lane in 0..<16 { scale[lane] = scales[lane].montgomery }
        let scaled = (
            BabyBearLanes.multiply(sum.0, scale), BabyBearLanes.multiply(sum.1, scale), BabyBearLanes.multiply(sum.2, scale),
            BabyBearLanes.multiply(sum.3, scale)
        )
        for lane in 0..<16 {
            output[lane] = BabyBearExt4(
                BabyBear(montgomery: scaled.0[lane]), BabyBear(montgomery: scaled.1[lane]), BabyBear(montgomery: scaled.2[lane]),
                BabyBear(montgomery: scaled.3[lane]))
        }
    }

    @inline(__always)
    static func load(_ registers: UnsafeRawBufferPointer, _ index: Int) -> Vector {
        registers.baseAddress!.loadUnaligned(fromByteOffset: 64 * index, as: Vector.self)
    }

    @inline(__always)
    static func load(_ registers: UnsafeMutableRawBufferPointer, _ index: Int) -> Vector {
        registers.baseAddress!.loadUnaligned(fromByteOffset: 64 * index, as: Vector.self)
    }

    @inline(__always)
    static func store(_ registers: UnsafeMutableRawBufferPointer, _ index: Int, _ value: Vector) {
        registers.baseAddress!.storeBytes(of: value, toByteOffset: 64 * index, as: Vector.self)
    }

    /// 𝔽ₚ⁴ product per lane, `X⁴ = w` (``BabyBearExt4/nonResidue``), coefficient by coefficient as
    /// the scalar `*`.
    @inline(__always)
    static func multiply(_ a: (Vector, Vector, Vector, Vector), _ b: (Vector, Vector, Vector, Vector)) -> (Vector, Vector, Vector, Vector) {
        let mul = BabyBearLanes.multiply, add = BabyBearLanes.add
        let w = Vector(repeating: BabyBearExt4.nonResidue.montgomery)
        let high0 = add(add(mul(a.1, b.3), mul(a.2, b.2)), mul(a.3, b.1))
        let high1 = add(mul(a.2, b.3), mul(a.3, b.2))
        let high2 = mul(a.3, b.3)
        return (
            add(mul(a.0, b.0), mul(w, high0)),
            add(add(mul(a.0, b.1), mul(a.1, b.0)), mul(w, high1)),
            add(add(add(mul(a.0, b.2), mul(a.1, b.1)), mul(a.2, b.0)), mul(w, high2)),
            add(add(add(mul(a.0, b.3), mul(a.1, b.2)), mul(a.2, b.1)), mul(a.3, b.0))
        )
    }
}
