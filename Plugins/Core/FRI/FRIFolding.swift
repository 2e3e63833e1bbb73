import SproutCoreField
import SproutCoreNTT

/// The arity-2 folding step shared by prover and verifier.
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

    /// The point `x` of pair `i` in a layer of `2^logSize` points on `shift·H` in bit-reversed
    /// order: `x = shift·ω^{rev(i)}`, `rev` over `logSize − 1` bits, `ω` of order `2^logSize`.
    static func pairPoint(_ i: Int, logSize: Int, shift: BabyBear) -> BabyBear {
        let omega = BabyBear.rootOfUnity(logOrder: logSize)
        return shift * omega.power(UInt64(NTT.bitReverse(i, bits: logSize - 1)))
    }
}
