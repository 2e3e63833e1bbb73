extension BabyBear {
    /// The two-adicity of 𝔽ₚ*: `2²⁷ ∥ p − 1`.
    public static let twoAdicity = 27

    /// `ω₂₇ = 31¹⁵ = 440564289 = 0x1a427a41`, a primitive `2²⁷`-th root of unity.
    ///
    /// Source: `generator^((p−1)/2²⁷)` for the generator 31; the same value is Plonky3's
    /// `BabyBear::TWO_ADIC_GENERATOR` (`baby-bear/src/baby_bear.rs`). RISC Zero's `ROU_FWD`
    /// table uses a different primitive root (137 for `2²⁷`); the two differ only in which
    /// primitive root is called "the" root, not in the subgroups.
    public static let twoAdicRoot = BabyBear(440_564_289)

    /// Primitive `2ᵏ`-th roots `ωₖ = ω₂₇^(2^(27−k))` for `k = 0…27`, so `ωₖ₊₁² = ωₖ`.
    public static let twoAdicRoots: [BabyBear] = {
        var roots = [BabyBear](repeating: .one, count: twoAdicity + 1)
        var root = twoAdicRoot
        var k = twoAdicity
        while k >= 0 {
            roots[k] = root
            root = root.squared()
            k -= 1
        }
        return roots
    }()

    /// A primitive `2^logOrder`-th root of unity (the generator of the order-`2^logOrder`
    /// subgroup `H` used by the NTT). Precondition: `0 ≤ logOrder ≤ 27`.
    @inlinable
    public static func rootOfUnity(logOrder: Int) -> BabyBear {
        precondition(logOrder >= 0 && logOrder <= twoAdicity, "BabyBear has no 2^\(logOrder)-th root of unity (two-adicity 27)")
        return twoAdicRoots[logOrder]
    }

    /// Whether `x` is a square in 𝔽ₚ (Euler's criterion `x^((p−1)/2) = 1`); 0 counts as a square.
    public var isSquare: Bool {
        isZero || power(UInt64(BabyBear.modulus - 1) / 2) == .one
    }

    /// A square root `r` with `r² = x`, or `nil` when `x` is not a square.
    ///
    /// Tonelli–Shanks with `p − 1 = 2²⁷·q`, `q = 15`, and the non-residue 31 (a generator), whose
    /// `q`-th power is ``twoAdicRoot``. Which of `±r` is returned is deterministic but unspecified.
    /// Complexity: `O(27²)` multiplications in the worst case.
    public func squareRoot() -> BabyBear? {
        if isZero { return .zero }
        guard isSquare else { return nil }
        let q: UInt64 = 15
        var m = BabyBear.twoAdicity
        var c = BabyBear.twoAdicRoot           // z^q for the non-residue z = 31
        var t = power(q)                       // x^q
        var r = power((q + 1) / 2)             // x^((q+1)/2)
        // Invariant: r² = x·t, t has order dividing 2^(m−1), c has order 2^m.
        while t != .one {
            var i = 0
            var t2 = t
            while t2 != .one {
                t2 = t2.squared()
                i += 1
            }
            let b = c.exponentiatedByPowerOfTwo(m - i - 1)
            m = i
            c = b.squared()
            t = t * c
            r = r * b
        }
        return r
    }
}
