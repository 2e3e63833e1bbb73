import SproutCoreField

/// Pippenger bucket accumulation with affine buckets and batched inversions.
///
/// Points are fed in rounds: each round collects up to `batchSize` additions `B_j ← B_j + P`
/// whose buckets are pairwise distinct (a point whose bucket is already in the round waits
/// in a queue for the next round), then computes all slopes `λ = (y₂ − y₁)/(x₂ − x₁)` with one
/// inversion via Montgomery's trick: 3 multiplications per addition for the trick plus
/// `λ`, `λ²` and one more multiplication for `x₃ = λ² − x₁ − x₂`, `y₃ = λ(x₁ − x₃) − y₁`.
/// Doubling (`P = B_j`) and cancellation (`P = −B_j`) are handled exactly.
enum BatchAffineBuckets {
    static func windowSum<C: BN254Curve>(
        points: [AffinePoint<C>], digits: [Int32], window: Int, n: Int, c: Int
    ) -> JacobianPoint<C> {
        let bucketCount = 1 << (c - 1)
        var buckets = [AffinePoint<C>](repeating: .infinity, count: bucketCount)
        var inRound = [Bool](repeating: false, count: bucketCount)
        let batchSize = max(64, min(1024, bucketCount / 4))
        // Pending additions of the current round: (bucket, point).
        var pendingBucket = [Int](repeating: 0, count: batchSize)
        var pendingPoint = [AffinePoint<C>](repeating: .infinity, count: batchSize)
        var pendingCount = 0
        var deferred: [(Int, AffinePoint<C>)] = []
        var scratch = [C.Base](repeating: .one, count: batchSize)
        var denominators = [C.Base](repeating: .one, count: batchSize)

        func flush() {
            // Denominators: x₂ − x₁ for additions, 2y₁ for doublings; 1 where trivial.
            var acc = C.Base.one
            for k in 0..<pendingCount {
                let b = buckets[pendingBucket[k]], p = pendingPoint[k]
                var den = C.Base.one
                if !b.isInfinity && !p.isInfinity {
                    if b.x != p.x { den = p.x - b.x } else if b.y == p.y && !b.y.isZero { den = b.y + b.y }
                }
                denominators[k] = den
                scratch[k] = acc
                acc = acc * den
            }
            var inv = acc.inverse
            for k in stride(from: pendingCount - 1, through: 0, by: -1) {
                let dinv = inv * scratch[k]
                inv = inv * denominators[k]
                let j = pendingBucket[k]
                let b = buckets[j], p = pendingPoint[k]
                inRound[j] = false
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

        func schedule(_ j: Int, _ p: AffinePoint<C>) {
            if inRound[j] { deferred.append((j, p)); return }
            inRound[j] = true
            pendingBucket[pendingCount] = j
            pendingPoint[pendingCount] = p
            pendingCount += 1
            if pendingCount == batchSize {
                flush()
                // Replay deferred additions into the fresh round.
                let waiting = deferred
                deferred.removeAll(keepingCapacity: true)
                for (dj, dp) in waiting { schedule(dj, dp) }
            }
        }

        let base = window * n
        for i in 0..<n {
            let d = digits[base + i]
            if d > 0 { schedule(Int(d) - 1, points[i]) } else if d < 0 { schedule(Int(-d) - 1, -points[i]) }
        }
        while pendingCount > 0 || !deferred.isEmpty {
            flush()
            let waiting = deferred
            deferred.removeAll(keepingCapacity: true)
            for (dj, dp) in waiting { schedule(dj, dp) }
        }
        return MultiScalarMultiplication.runningSum(buckets.map { JacobianPoint($0) })
    }
}
