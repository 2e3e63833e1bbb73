import SproutCoreField
import Dispatch
import Synchronization

/// Multi-scalar multiplication `Σᵢ [kᵢ]Pᵢ` by Pippenger's bucket method with signed digits.
///
/// Each scalar `k < r < 2²⁵⁴` is written as `Σ_w d_w·2^(cw)` with signed digits
/// `d_w ∈ [−2^(c−1), 2^(c−1)]`, so each window needs only `2^(c−1)` buckets (`−P` is free).
/// Per window, `B_j = Σ_{d_w(kᵢ) = ±j} ±Pᵢ`, and the window sum `Σ_j j·B_j` is a running sum
/// (two additions per bucket); windows combine by Horner's rule with `c` doublings each.
///
/// Bucket accumulation uses batch-affine additions when the number of points per bucket is
/// large enough to pay for them (see ``BatchAffineBuckets``): buckets stay affine and every
/// batch of independent additions shares one inversion (Montgomery's trick), about 6
/// multiplications per addition instead of 11 for a mixed Jacobian addition.
///
/// Threading: the windows are split round-robin over `threads` workers (default: the active
/// processor count, at most 2 by default policy of the node); the call blocks until done.
/// Complexity: `≈ (255/c)·(n + 2^c)` group additions.
public enum MultiScalarMultiplication {
    /// The window width for `n` points. A window costs about `7n` multiplications for the
    /// batch-affine bucket additions plus `32·2^(c−1)` for the running sum, so the total
    /// `(255/c)·(7n + 16·2^c)` is minimal near `c ≈ log₂ n − 4`; clamped to [4, 16].
    public static func windowBits(for n: Int) -> Int {
        if n < 32 { return 4 }
        let log = Int.bitWidth - n.leadingZeroBitCount - 1
        return min(16, max(4, log - 4))
    }

    /// `Σᵢ [scalars[i]]·points[i]` in G1. Requires `points.count == scalars.count`.
    public static func msm(points: [G1Affine], scalars: [Fr], threads: Int = 2, batchAffine: Bool? = nil) -> G1 {
        generic(points: points, scalars: scalars, threads: threads, batchAffine: batchAffine)
    }

    /// `Σᵢ [scalars[i]]·points[i]` in G2. Requires `points.count == scalars.count`.
    public static func msm(points: [G2Affine], scalars: [Fr], threads: Int = 2, batchAffine: Bool? = nil) -> G2 {
        generic(points: points, scalars: scalars, threads: threads, batchAffine: batchAffine)
    }

    /// The implementation; internal and generic so that it is specialised per curve (the
    /// public entry points are concrete, which keeps field arithmetic free of witness tables).
    static func generic<C: BN254Curve>(
        points: [AffinePoint<C>], scalars: [Fr], threads: Int = 2, batchAffine: Bool? = nil
    ) -> JacobianPoint<C> {
        precondition(points.count == scalars.count, "msm: \(points.count) points but \(scalars.count) scalars")
        let n = points.count
        if n == 0 { return .infinity }
        if n < 8 {
            var acc = JacobianPoint<C>.infinity
            for i in 0..<n { acc = acc + JacobianPoint(points[i]).multiplied(by: scalars[i]) }
            return acc
        }
        let c = windowBits(for: n)
        let windows = 254 / c + 1
        let digits = signedDigits(scalars, c: c, windows: windows)
        // Batch-affine pays when buckets receive several points each.
        let useBatch = batchAffine ?? (n >= (1 << c) * 2)
        let workers = max(1, min(threads, windows))
        let sums = Mutex([JacobianPoint<C>](repeating: .infinity, count: windows))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var w = worker
            var local: [(Int, JacobianPoint<C>)] = []
            while w < windows {
                let s = useBatch
                    ? BatchAffineBuckets<C>.windowSum(points: points, digits: digits, window: w, n: n, c: c)
                    : windowSum(points: points, digits: digits, window: w, n: n, c: c)
                local.append((w, s))
                w += workers
            }
            sums.withLock { all in for (i, s) in local { all[i] = s } }
        }
        let windowSums = sums.withLock { $0 }
        var acc = JacobianPoint<C>.infinity
        for w in stride(from: windows - 1, through: 0, by: -1) {
            for _ in 0..<c { acc = acc.doubled() }
            acc = acc + windowSums[w]
        }
        return acc
    }

    /// Signed base-2^c digits, window-major: `digits[w·n + i] = d_w(kᵢ)`.
    static func signedDigits(_ scalars: [Fr], c: Int, windows: Int) -> [Int32] {
        let n = scalars.count
        var digits = [Int32](repeating: 0, count: n * windows)
        let mask = (UInt64(1) << UInt64(c)) - 1
        let half = Int64(1) << Int64(c - 1)
        for i in 0..<n {
            let l = scalars[i].canonicalLimbs
            let limbs = [l.0, l.1, l.2, l.3, 0]
            var carry: Int64 = 0
            for w in 0..<windows {
                let bit = w * c
                let limb = bit / 64, shift = bit % 64
                var v = limbs[limb] >> UInt64(shift)
                if shift + c > 64, limb + 1 < 5 { v |= limbs[limb + 1] << UInt64(64 - shift) }
                var d = Int64(v & mask) + carry
                if d > half { d -= Int64(1) << Int64(c); carry = 1 } else { carry = 0 }
                digits[w * n + i] = Int32(d)
            }
        }
        return digits
    }

    /// One window's `Σ_j j·B_j` with Jacobian buckets and mixed additions.
    static func windowSum<C: BN254Curve>(
        points: [AffinePoint<C>], digits: [Int32], window: Int, n: Int, c: Int
    ) -> JacobianPoint<C> {
        var buckets = [JacobianPoint<C>](repeating: .infinity, count: 1 << (c - 1))
        let base = window * n
        for i in 0..<n {
            let d = digits[base + i]
            if d > 0 {
                buckets[Int(d) - 1] = buckets[Int(d) - 1].adding(points[i])
            } else if d < 0 {
                buckets[Int(-d) - 1] = buckets[Int(-d) - 1].adding(-points[i])
            }
        }
        return runningSum(buckets)
    }

    /// `Σ_j (j + 1)·buckets[j]` with `2·count` additions.
    static func runningSum<C: BN254Curve>(_ buckets: [JacobianPoint<C>]) -> JacobianPoint<C> {
        var running = JacobianPoint<C>.infinity
        var total = JacobianPoint<C>.infinity
        for j in stride(from: buckets.count - 1, through: 0, by: -1) {
            running = running + buckets[j]
            total = total + running
        }
        return total
    }
}
