public import SproutCoreBN254

/// A Poseidon permutation over BN254's scalar field with x⁵ S-boxes: the parameter sets of
/// circomlib's `poseidon.circom` and go-iden3-crypto (`R_F = 8`, `R_P` = 56, 57, 56, 60 for
/// widths 2…5), whose constants are those of the Poseidon reference script, regenerated here
/// with its Grain LFSR rather than copied. ``width3`` is pinned by the published vector
/// `Poseidon([1, 2]) = 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a`
/// (circomlibjs and go-iden3-crypto tests).
public struct PoseidonParameters: Sendable {
    public let width: Int
    public let fullRounds: Int
    public let partialRounds: Int
    /// `roundConstants[round][i]`, added before each round's S-boxes.
    public let roundConstants: [[Fr]]
    /// The Cauchy MDS matrix `M[i][j] = 1 / (x_i + y_j)`.
    public let mds: [[Fr]]

    /// circomlib's parameters for state width `width` (2…5).
    public init(width: Int) {
        let partial = [2: 56, 3: 57, 4: 56, 5: 60][width]
        precondition(partial != nil, "circomlib Poseidon widths here are 2...5")
        self.init(width: width, fullRounds: 8, partialRounds: partial!)
    }

    init(width t: Int, fullRounds: Int, partialRounds: Int) {
        self.width = t; self.fullRounds = fullRounds; self.partialRounds = partialRounds
        var grain = GrainLFSR(stateWidth: t, fullRounds: fullRounds, partialRounds: partialRounds)
        roundConstants = (0..<(fullRounds + partialRounds)).map { _ in (0..<t).map { _ in grain.roundConstant() } }
        // The script draws 2t distinct points until no x_i + y_j is zero (it never repeats here).
        while true {
            let points = (0..<(2 * t)).map { _ in grain.reducedElement() }
            let xs = Array(points[..<t]), ys = Array(points[t...])
            guard Set(points.map { $0.bigEndianBytes }).count == 2 * t,
                  !xs.contains(where: { x in ys.contains { (x + $0).isZero } }) else { continue }
            mds = xs.map { x in ys.map { (x + $0).inverse } }
            return
        }
    }

    /// circomlib's `Poseidon(2)`: width 3, two inputs.
    public static let width3 = PoseidonParameters(width: 3)

    /// Whether `round` applies the S-box to every state element (the first and last R_F/2).
    public func isFullRound(_ round: Int) -> Bool {
        round < fullRounds / 2 || round >= fullRounds / 2 + partialRounds
    }

    /// The state after `round`: add constants, S-boxes (all, or the first only), then MDS.
    public func round(_ round: Int, _ state: [Fr]) -> [Fr] {
        var s = zip(state, roundConstants[round]).map { $0 + $1 }
        for i in 0..<(isFullRound(round) ? width : 1) { s[i] = Self.sbox(s[i]) }
        return mds.map { row in zip(row, s).reduce(Fr.zero) { $0 + $1.0 * $1.1 } }
    }

    public func permute(_ state: [Fr]) -> [Fr] {
        precondition(state.count == width)
        var s = state
        for r in 0..<(fullRounds + partialRounds) { s = round(r, s) }
        return s
    }

    /// circomlib's `Poseidon(n)` with `n = width − 1` inputs: `permute([0] + inputs)[0]`.
    public func hash(_ inputs: [Fr]) -> Fr {
        precondition(inputs.count == width - 1)
        return permute([.zero] + inputs)[0]
    }

    static func sbox(_ x: Fr) -> Fr {
        let x2 = x * x
        return x2 * x2 * x
    }
}
