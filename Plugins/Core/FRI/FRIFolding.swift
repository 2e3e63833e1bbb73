import SproutCoreField
import SproutCoreNTT

/// The folding steps shared by prover and verifier.
///
/// Maths: write `f(X) = f_e(X²) + X·f_o(X²)`. From `f(x)` and `f(−x)`:
/// `f_e(x²) = (f(x) + f(−x))/2`, `f_o(x²) = (f(x) − f(−x))/(2x)`, and the folded polynomial is
/// `f'(Y) = f_e(Y) + β·f_o(Y)`, of half the degree. For a word far from low degree, the folded
/// word stays far except with small probability over `β`.
enum FRIFolding {
    /// `f'(x²)` from `e0 = f(x)`, `e1 = f(−x)`, `β` and `1/(2x)`.
    @inline(__always)
    static func fold(_ e0: BabyBearExt4, _ e1: BabyBearExt4, beta: BabyBearExt4, halfInverseX: BabyBear) -> BabyBearExt4 {
        (e0 + e1) * halfInverse + beta * ((e0 - e1) * halfInverseX)
    }

    static let halfInverse = BabyBear.two.inverse

    /// Folds one arity-`k` leaf: `values` are the `k` evaluations at positions `k·leaf ..< k·leaf + k`
    /// of a bit-reversed layer of `2^logSize` points on `shift·H`, i.e. on the coset `x·μ_k`.
    ///
    /// Why repeated 2-folding with `β, β², β⁴, …` rather than interpolating over the coset: writing
    /// `f(X) = Σ_{j<k} X^j·f_j(X^k)`, both give `Σ_j β^j·f_j(x^k)` (the interpolant of `f` on
    /// `x·μ_k` is `Σ_j X^j·f_j(x^k)`, evaluated at `β`), so they are the same protocol; the repeated
    /// fold reuses the one checked arity-2 formula, needs no size-`k` interpolation (`k − 1` folds
    /// and inversions instead of an `O(k log k)` transform), and is exactly what the prover computes
    /// layer-wide, so prover and verifier cannot drift apart.
    static func foldLeaf(_ values: [BabyBearExt4], leaf: Int, logSize: Int, shift: BabyBear, beta: BabyBearExt4) -> BabyBearExt4 {
        var current = values
        var logSize = logSize, shift = shift, beta = beta
        while current.count > 1 {
            let half = current.count / 2
            // After the previous folds this leaf is positions `half·leaf ..< half·leaf + 2·half`.
            current = (0..<half).map { j in
                let x = pairPoint(half * leaf + j, logSize: logSize, shift: shift)
                return fold(current[2 * j], current[2 * j + 1], beta: beta, halfInverseX: x.doubled().inverse)
            }
            logSize -= 1
            shift = shift.squared()
            beta = beta.squared()
        }
        return current[0]
    }

    /// The point `x` of pair `i` in a layer of `2^logSize` points on `shift·H` in bit-reversed
    /// order: `x = shift·ω^{rev(i)}`, `rev` over `logSize − 1` bits, `ω` of order `2^logSize`.
    static func pairPoint(_ i: Int, logSize: Int, shift: BabyBear) -> BabyBear {
        let omega = BabyBear.rootOfUnity(logOrder: logSize)
        return shift * omega.power(UInt64(NTT.bitReverse(i, bits: logSize - 1)))
    }
}
