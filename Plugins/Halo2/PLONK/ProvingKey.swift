import SproutCoreBN254
import SproutCoreKZG

/// The prover's precomputation for one circuit and SRS: the verifying key, and the fixed and
/// permutation polynomials in Lagrange, coefficient and extended-coset form, plus the
/// extended-coset evaluations of `l₀`, `l_last` and `l_active = 1 − l_last − l_blind`.
public struct ProvingKey: Sendable {
    public let vk: VerifyingKey
    let domain: PlonkDomain
    let fixedValues: [[Fr]]
    /// The equality constraints σ encodes (``Layouter/copyLayout``).
    let copyLayout: [[Int]]
    let fixedPolys: [[Fr]]
    let fixedCosets: [[Fr]]
    let sigmaValues: [[Fr]]
    let sigmaPolys: [[Fr]]
    let sigmaCosets: [[Fr]]
    let l0: [Fr]
    let lLast: [Fr]
    let lActive: [Fr]
}
