import SproutCoreAIR
import SproutCoreField
import SproutCoreHash

/// What a verifier needs besides the proof and the public values: the parameters, the compiled
/// tables, and the commitments to their preprocessed traces.
/// Threading: immutable.
public struct STARKVerifyingKey: Sendable {
    public let config: STARKConfig
    public let systems: [ConstraintSystem]
    /// Per table: the Merkle root of the preprocessed trace's extension, or `nil` without one.
    public let preprocessedRoots: [Poseidon2Digest?]
    /// Per table, the Poseidon2 digest of `(length ‖ canonicalEncoding)` of its constraint
    /// system, bound into the transcript so that challenges depend on the exact AIR.
    public let systemDigests: [Poseidon2Digest]
}

/// The verifying key plus the prover's copies of the committed preprocessed traces.
/// Threading: immutable.
public struct STARKProvingKey: Sendable {
    public let verifyingKey: STARKVerifyingKey
    let preprocessed: [CommittedTrace?]

    /// Compiles the tables and commits their preprocessed traces, once per AIR set.
    ///
    /// Throws: ``STARKError/air(_:)`` for an inconsistent AIR, ``STARKError/invalidConfiguration(_:)``
    /// for parameters out of range or a preprocessed trace too tall for the blowup.
    /// Complexity: one extension and Merkle commitment per preprocessed trace.
    public init(airs: [any AIR], config: STARKConfig = .standard) throws(STARKError) {
        guard config.fri.isValid else { throw .invalidConfiguration("FRI parameters out of range: \(config.fri)") }
        guard !airs.isEmpty, airs.count <= STARKProof.maxTables else { throw .invalidConfiguration("between 1 and \(STARKProof.maxTables) tables are supported, got \(airs.count)") }
        var systems: [ConstraintSystem] = []
        var preprocessed: [CommittedTrace?] = []
        for air in airs {
            let system: ConstraintSystem
            do { system = try ConstraintSystem(air: air) } catch { throw .air(error) }
            if system.maxDegree > 1 << 16 { throw .invalidConfiguration("table \(system.name) has constraint degree \(system.maxDegree) (at most 65536)") }
            systems.append(system)
            if let trace = system.preprocessedTrace {
                guard trace.height.trailingZeroBitCount + config.logBlowup <= BabyBear.twoAdicity else {
                    throw .invalidConfiguration("preprocessed trace of \(system.name) is too tall for the blowup")
                }
                preprocessed.append(CommittedTrace(evaluations: (0..<trace.width).map { trace.column($0) }, logBlowup: config.logBlowup))
            } else {
                preprocessed.append(nil)
            }
        }
        self.preprocessed = preprocessed
        self.verifyingKey = STARKVerifyingKey(
            config: config, systems: systems, preprocessedRoots: preprocessed.map { $0?.tree.root },
            systemDigests: systems.map { system in
                let encoding = system.canonicalEncoding
                return Poseidon2Hasher.hash([BabyBear(UInt32(truncatingIfNeeded: encoding.count) % BabyBear.modulus)] + encoding)
            })
    }
}

extension STARKVerifyingKey {
    /// Quotient chunks of table `t`: `q = 2^⌈log₂ max(d − 1, 1)⌉` for its degree `d`.
    func quotientChunks(_ t: Int) -> Int { max(systems[t].maxDegree - 1, 1).nextPowerOfTwoValue }

    /// Conjectured security bits for proofs whose tallest table has `2^logMaxHeight` rows,
    /// including the tables' constraint degrees (see ``STARKConfig/conjecturedSecurityBits(logMaxHeight:maxConstraintDegree:includingGrinding:)``).
    public func conjecturedSecurityBits(logMaxHeight: Int, includingGrinding: Bool = true) -> Int {
        config.conjecturedSecurityBits(logMaxHeight: logMaxHeight, maxConstraintDegree: systems.map(\.maxDegree).max() ?? 2, includingGrinding: includingGrinding)
    }

    /// Whether any table has lookups (then the LogUp phase runs).
    var hasLookups: Bool { systems.contains { !$0.interactions.isEmpty } }
}

extension Int {
    /// The smallest power of two `≥ self` (1 for `self ≤ 1`).
    var nextPowerOfTwoValue: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
