import SproutCoreField

/// Pippenger bucket accumulation with affine buckets and batched inversions.
///
/// Points are fed in rounds: each round collects up to `batchSize` additions `B_j ← B_j + P`
/// whose buckets are pairwise distinct, then computes all slopes `λ = (y₂ − y₁)/(x₂ − x₁)` with one
/// inversion via Montgomery's trick: 3 multiplications per addition for the trick plus
/// `λ`, `λ²` and one more multiplication for `x₃ = λ² − x₁ − x₂`, `y₃ = λ(x₁ − x₃) − y₁`.
/// Doubling (`P = B_j`) and cancellation (`P = −B_j`) are handled exactly.
///
/// A point whose bucket is already in the current round goes to that bucket's Jacobian
/// overflow accumulator instead (one mixed addition), so skewed digit distributions (the
/// top window, or structured scalars such as 0/1 selector columns) cost at most what plain
/// Jacobian buckets cost and never stall the rounds. Bucket `j` is `B_j + O_j` at the end.
struct BatchAffineBuckets<C: BN254Curve> {
    var buckets: [AffinePoint<C>]
    var inRound: [Bool]
    var pendingBucket: [Int]
    var pendingPoint: [AffinePoint<C>]
    var pendingCount = 0
    var overflow: [JacobianPoint<C>]
    var prefix: [C.Base]
    var denominators: [C.Base]
    let batchSize: Int

    init(bucketCount: Int) {
        buckets = [AffinePoint<C>](repeating: .infinity, count: bucketCount)
        inRound = [Bool](repeating: false, count: bucketCount)
        overflow = [JacobianPoint<C>](repeating: .infinity, count: bucketCount)
        batchSize = max(32, min(1024, bucketCount / 8))
        pendingBucket = [Int](repeating: 0, count: batchSize)
        pendingPoint = [AffinePoint<C>](repeating: .infinity, count: batchSize)
        prefix = [C.Base](repeating: .one, count: batchSize)
        denominators = [C.Base](repeating: .one, count: batchSize)
    }

    /// Applies all pending additions with one inversion.
    mutating func flush() {
        var acc = C.Base.one
        for k in 0..<pendingCount {
            let b = buckets[pendingBucket[k]], p = pendingPoint[k]
            var den = C.Base.one
            if !b.isInfinity && !p.isInfinity {
                if b.x != p.x { den = p.x - b.x } else if b.y == p.y && !b.y.isZero { den = b.y + b.y }
            }
            denominators[k] = den
            prefix[k] = acc
            acc = acc * den
        }
        var inv = acc.inverse
        var k = pendingCount - 1
        while k >= 0 {
            let dinv = inv * prefix[k]
            inv = inv * denominators[k]
            let j = pendingBucket[k]
            let b = buckets[j], p = pendingPoint[k]
            inRound[j] = false
            k -= 1
            if b.isInfinity { buckets[j] = p; continue }
            if p.isInfinity { continue }
            let lambda: C.Base
            if b.x != p.x {
                lambda = (p.y - b.y) * dinv
            } else if b.y == p.y && !b.y.isZero {
                let xx = b.x.squared()
                lambda = (xx + xx + xx) * dinv
            } else {
                buckets[j] = .infinity
                continue
            }
            let x3 = lambda.squared() - b.x - p.x
            buckets[j] = AffinePoint(x: x3, y: lambda * (b.x - x3) - b.y)
        }
        pendingCount = 0
    }

    /// Queues `B_j ← B_j + p`, flushing when the round is full; a conflicting addition goes
    /// to the overflow accumulator.
    mutating func add(_ j: Int, _ p: AffinePoint<C>) {
        if inRound[j] { overflow[j] = overflow[j].adding(p); return }
        inRound[j] = true
        pendingBucket[pendingCount] = j
        pendingPoint[pendingCount] = p
        pendingCount += 1
        if pendingCount == batchSize { flush() }
    }

    static func windowSum(points: [AffinePoint<C>], digits: [Int32], window: Int, n: Int, c: Int) -> JacobianPoint<C> {
        var acc = BatchAffineBuckets(bucketCount: 1 << (c - 1))
        let base = window * n
        for i in 0..<n {
            let d = digits[base + i]
            if d > 0 { acc.add(Int(d) - 1, points[i]) } else if d < 0 { acc.add(Int(-d) - 1, -points[i]) }
        }
        if acc.pendingCount > 0 { acc.flush() }
        var sums = acc.overflow
        for j in 0..<sums.count { sums[j] = sums[j].adding(acc.buckets[j]) }
        return MultiScalarMultiplication.runningSum(sums)
    }
}
