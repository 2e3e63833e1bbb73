import Dispatch
import Synchronization

/// The multiplicative subgroup `H = ⟨ω⟩ ⊂ 𝔽r*` of size `n = 2^logSize` (`logSize ≤ 28`, 𝔽r's
/// 2-adicity) with radix-2 FFTs between coefficients and evaluations on `H`.
///
/// `ω = g^(2^(28 − logSize))` where `g` is the fixed primitive 2²⁸-th root of unity
/// `7^((r−1)/2²⁸)` (halo2curves' `ROOT_OF_UNITY`), so domains of different sizes nest and agree
/// with halo2's `EvaluationDomain`.
///
/// `fft`: `a ↦ (Σⱼ aⱼ ωⁱʲ)ᵢ`; `ifft` is its inverse `(n⁻¹ Σⱼ âⱼ ω⁻ⁱʲ)ᵢ`. Iterative Cooley–Tukey
/// (bit-reversal then `log n` butterfly layers) with a cached twiddle table: `(n/2)·log n`
/// multiplications, in place, no per-element allocation.
///
/// Threading: immutable, `Sendable`; transforms mutate only the caller's array.
public struct EvaluationDomain: Sendable {
    public let logSize: Int
    public var size: Int { 1 << logSize }
    /// The generator ω of H.
    public let omega: Fr
    public let omegaInverse: Fr
    /// `n⁻¹`.
    public let sizeInverse: Fr
    /// `ωⁱ` for `i < n/2`.
    let twiddles: [Fr]
    /// `ω⁻ⁱ` for `i < n/2`.
    let inverseTwiddles: [Fr]

    /// The domain of size `2^logSize`, or `nil` when `logSize` is negative or exceeds 28.
    public init?(logSize: Int) {
        guard logSize >= 0, logSize <= FrParameters.twoAdicity else { return nil }
        self.logSize = logSize
        var w = Fr(canonicalLimbs: FrParameters.twoAdicRootOfUnity)!
        for _ in 0..<(FrParameters.twoAdicity - logSize) { w = w.squared() }
        omega = w
        omegaInverse = w.inverse
        sizeInverse = Fr(integer: UInt64(1) << UInt64(logSize)).inverse
        let half = max(1, (1 << logSize) / 2)
        twiddles = Self.powers(of: w, count: half)
        inverseTwiddles = Self.powers(of: omegaInverse, count: half)
    }

    static func powers(of x: Fr, count: Int) -> [Fr] {
        var out = [Fr](repeating: .one, count: count)
        for i in 1..<max(1, count) { out[i] = out[i - 1] * x }
        return out
    }

    /// Coefficients → evaluations `(f(ω⁰), …, f(ωⁿ⁻¹))`. Requires `values.count == size`.
    public func fft(_ values: inout [Fr]) {
        precondition(values.count == size, "fft: \(values.count) values for a domain of size \(size)")
        Self.transform(&values, twiddles: twiddles, logSize: logSize)
    }

    /// Evaluations → coefficients. Requires `values.count == size`.
    public func ifft(_ values: inout [Fr]) {
        precondition(values.count == size, "ifft: \(values.count) values for a domain of size \(size)")
        Self.transform(&values, twiddles: inverseTwiddles, logSize: logSize)
        for i in 0..<values.count { values[i] = values[i] * sizeInverse }
    }

    /// Coefficients → evaluations on the coset `g·H`: scales `aⱼ` by `gʲ`, then ``fft(_:)``.
    public func cosetFFT(_ values: inout [Fr], shift g: Fr) {
        var s = Fr.one
        for i in 0..<values.count { values[i] = values[i] * s; s = s * g }
        fft(&values)
    }

    /// Evaluations on `g·H` → coefficients.
    public func cosetIFFT(_ values: inout [Fr], shift g: Fr) {
        ifft(&values)
        let gi = g.inverse
        var s = Fr.one
        for i in 0..<values.count { values[i] = values[i] * s; s = s * gi }
    }

    /// Sizes from which the transform splits its first `log n − 1` layers over two threads.
    public static let parallelLogSize = 14

    /// In-place radix-2 decimation-in-time transform with `twiddles[i] = ωⁱ`.
    ///
    /// After the bit-reversal permutation, the first `log n − 1` layers act independently on
    /// the two halves (each is a size-`n/2` transform with root `ω²`, i.e. every second
    /// twiddle), so for `n ≥ 2^parallelLogSize` the halves run on two threads; the last layer
    /// joins them.
    static func transform(_ a: inout [Fr], twiddles: [Fr], logSize: Int) {
        let n = a.count
        if n <= 1 { return }
        // Bit-reversal permutation.
        for i in 0..<n {
            let j = Int(UInt32(truncatingIfNeeded: i).bitReversed >> UInt32(32 - logSize))
            if i < j { a.swapAt(i, j) }
        }
        if logSize >= parallelLogSize {
            let snapshot = a
            let halves = Mutex<[[Fr]]>([[], []])
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                var local = Array(snapshot[(part * n / 2)..<((part + 1) * n / 2)])
                layers(&local, twiddles: twiddles, twiddleStride: 2)
                halves.withLock { $0[part] = local }
            }
            let parts = halves.withLock { $0 }
            a = parts[0] + parts[1]
            butterflyLayer(&a, half: n / 2, step: 1, twiddles: twiddles)
        } else {
            layers(&a, twiddles: twiddles, twiddleStride: 1)
        }
    }

    /// All butterfly layers of a transform of `a.count` points whose root is
    /// `ω^twiddleStride`.
    static func layers(_ a: inout [Fr], twiddles: [Fr], twiddleStride: Int) {
        let n = a.count
        var half = 1
        while half < n {
            butterflyLayer(&a, half: half, step: (n / (2 * half)) * twiddleStride, twiddles: twiddles)
            half *= 2
        }
    }

    /// One layer: for each block of `2·half`, `(u, v) ↦ (u + ωʲv, u − ωʲv)` with
    /// `ωʲ = twiddles[j·step]`.
    @inline(__always)
    static func butterflyLayer(_ a: inout [Fr], half: Int, step: Int, twiddles: [Fr]) {
        let n = a.count
        var start = 0
        while start < n {
            // j = 0: twiddle 1.
            let u0 = a[start], v0 = a[start + half]
            a[start] = u0 + v0
            a[start + half] = u0 - v0
            var j = 1
            while j < half {
                let u = a[start + j]
                let v = a[start + j + half] * twiddles[j * step]
                a[start + j] = u + v
                a[start + j + half] = u - v
                j += 1
            }
            start += 2 * half
        }
    }
}

extension UInt32 {
    /// The bits in reverse order.
    var bitReversed: UInt32 {
        var x = self
        x = ((x >> 1) & 0x5555_5555) | ((x & 0x5555_5555) << 1)
        x = ((x >> 2) & 0x3333_3333) | ((x & 0x3333_3333) << 2)
        x = ((x >> 4) & 0x0f0f_0f0f) | ((x & 0x0f0f_0f0f) << 4)
        x = ((x >> 8) & 0x00ff_00ff) | ((x & 0x00ff_00ff) << 8)
        return (x >> 16) | (x << 16)
    }
}
