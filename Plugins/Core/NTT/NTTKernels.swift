import Dispatch
import SproutCoreField

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hot loops of the NTT on raw buffers: decimation-in-frequency butterflies, bit reversal,
/// pointwise scaling, and the two-core split.
///
/// Every function here takes buffers whose bounds the caller (``NTT``) has checked; the
/// loops index without bounds checks.
@usableFromInline
enum NTTKernels {
    /// Blocks at or below this many elements (64 KiB) are transformed stage after stage while
    /// they stay in the L1/L2 cache; larger blocks do one stage and recurse on their halves.
    @usableFromInline static let cacheBlockSize = 1 << 14
    /// Transforms from this size on are split across cores.
    @usableFromInline static let parallelThreshold = 1 << 15

    /// Number of cores to split work over (the online processors, at least 1).
    @usableFromInline static let coreCount: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
    }()

    /// A buffer pointer handed to worker threads that write disjoint index ranges of it.
    ///
    /// `@unchecked Sendable`: the precondition in each parallel caller splits `0..<count` into
    /// disjoint ranges, one per worker, and the owning call waits for all workers to finish.
    @usableFromInline
    struct SharedBuffer: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutablePointer<BabyBear>
        @usableFromInline let count: Int
        @inlinable init(_ buffer: UnsafeMutableBufferPointer<BabyBear>) {
            // Safety: a non-empty buffer always has a base address; callers never pass an empty one.
            precondition(buffer.count > 0)
            base = buffer.baseAddress!
            count = buffer.count
        }
    }

    /// One DIF stage on the block `data[0..<2h]` restricted to butterflies `j ∈ range`:
    /// `(a, b) ↦ (a + b, (a − b)·ω_{2h}^j)`.
    @inlinable @inline(__always)
    static func difStage(_ data: UnsafeMutablePointer<BabyBear>, half h: Int, twiddles: UnsafePointer<BabyBear>, range: Range<Int>) {
        // Safety: callers guarantee `range ⊆ 0..<h`, `data` addresses `2h` elements and
        // `twiddles` addresses at least `2h` elements.
        let upper = data + h
        let w = twiddles + h
        var j = range.lowerBound
        // Sixteen butterflies per step (SIMD, same results as the scalar loop below).
        while j + BabyBearLanes.Vector.scalarCount <= range.upperBound {
            let a = BabyBearLanes.load(data + j), b = BabyBearLanes.load(upper + j)
            BabyBearLanes.store(BabyBearLanes.add(a, b), to: data + j)
            BabyBearLanes.store(BabyBearLanes.multiply(BabyBearLanes.subtract(a, b), BabyBearLanes.load(w + j)), to: upper + j)
            j += BabyBearLanes.Vector.scalarCount
        }
        while j < range.upperBound {
            let a = data[j]
            let b = upper[j]
            data[j] = a + b
            upper[j] = (a - b) * w[j]
            j += 1
        }
    }

    /// All DIF stages for a block of `n = 2^k` elements, depth first: natural-order input,
    /// bit-reversed output of `Σ_j x_j ω_n^{ij}`.
    @inlinable
    static func difBlock(_ data: UnsafeMutablePointer<BabyBear>, count n: Int, twiddles: UnsafePointer<BabyBear>) {
        // Safety: `data` addresses `n` elements; `twiddles` addresses at least `n` elements.
        if n <= 1 { return }
        if n > cacheBlockSize {
            let h = n >> 1
            difStage(data, half: h, twiddles: twiddles, range: 0..<h)
            difBlock(data, count: h, twiddles: twiddles)
            difBlock(data + h, count: h, twiddles: twiddles)
            return
        }
        var h = n >> 1
        while h >= 4 {
            var start = 0
            while start < n {
                difStage(data + start, half: h, twiddles: twiddles, range: 0..<h)
                start += h << 1
            }
            h >>= 1
        }
        // Last two stages fused per group of four: twiddles ω₄⁰ = 1, ω₄¹ and ω₂⁰ = 1.
        if n >= 4 {
            let w41 = twiddles[3]
            var start = 0
            while start < n {
                let p = data + start
                let x0 = p[0], x1 = p[1], x2 = p[2], x3 = p[3]
                let y0 = x0 + x2, y2 = x0 - x2
                let y1 = x1 + x3, y3 = (x1 - x3) * w41
                p[0] = y0 + y1
                p[1] = y0 - y1
                p[2] = y2 + y3
                p[3] = y2 - y3
                start += 4
            }
        } else {
            let x0 = data[0], x1 = data[1]
            data[0] = x0 + x1
            data[1] = x0 - x1
        }
    }

    /// DIF on the whole buffer, splitting the work across cores when it is large: the top stages
    /// are split by butterfly index, then the independent sub-blocks go one per core.
    @usableFromInline
    static func dif(_ buffer: UnsafeMutableBufferPointer<BabyBear>, twiddles: UnsafeBufferPointer<BabyBear>) {
        let n = buffer.count
        precondition(n & (n - 1) == 0 && twiddles.count >= n, "NTT kernel needs a power-of-two size within the twiddle table")
        if n <= 1 { return }
        // Safety: n ≥ 2 so both buffers are non-empty and have base addresses.
        let twiddleBase = twiddles.baseAddress!
        var parts = 1
        while parts < coreCount && parts < 64 { parts <<= 1 }
        if n < parallelThreshold || parts == 1 {
            difBlock(buffer.baseAddress!, count: n, twiddles: twiddleBase)
            return
        }
        let shared = SharedBuffer(buffer)
        let sharedTwiddles = SharedTwiddles(base: twiddleBase)
        // Top log2(parts) levels: every block is split into `parts` disjoint j-ranges.
        var blockSize = n
        while blockSize > n / parts {
            let h = blockSize >> 1
            let blocks = n / blockSize
            let chunk = h / parts  // h ≥ n/parts ≥ parallelThreshold/64 > parts: chunk ≥ 1
            let size = blockSize
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for block in 0..<blocks {
                    // Safety: block·blockSize + 2h ≤ n; j-ranges of distinct parts are disjoint.
                    difStage(shared.base + block * size, half: h, twiddles: sharedTwiddles.base, range: (part * chunk)..<((part + 1) * chunk))
                }
            }
            blockSize = h
        }
        // Remaining levels: `parts` independent blocks, one per worker.
        let finalSize = blockSize
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            // Safety: the blocks [part·blockSize, (part+1)·blockSize) are disjoint and inside the buffer.
            difBlock(shared.base + part * finalSize, count: finalSize, twiddles: sharedTwiddles.base)
        }
    }

    @usableFromInline
    struct SharedTwiddles: @unchecked Sendable {
        // Read-only table, immutable for the whole call (owned by a TwiddleTable).
        @usableFromInline let base: UnsafePointer<BabyBear>
        @inlinable init(base: UnsafePointer<BabyBear>) { self.base = base }
    }

    /// Permutes `buffer` (size `2^logSize`) so that index `i` moves to `reverse(i, logSize)`.
    @usableFromInline
    static func bitReversePermute(_ buffer: UnsafeMutableBufferPointer<BabyBear>, logSize: Int) {
        let n = buffer.count
        if n <= 2 { return }
        let shift = UInt(UInt.bitWidth - logSize)
        // Safety: n > 2 so the base address exists; i, j < n.
        let p = buffer.baseAddress!
        for i in 0..<n {
            let j = Int(bitPattern: UInt(bitPattern: i).bitReversed() >> shift)
            if i < j {
                let t = p[i]
                p[i] = p[j]
                p[j] = t
            }
        }
    }

    /// `buffer[i] ← buffer[i]·factor`.
    @usableFromInline
    static func scale(_ buffer: UnsafeMutableBufferPointer<BabyBear>, by factor: BabyBear) {
        for i in buffer.indices { buffer[i] = buffer[i] * factor }
    }

    /// `buffer[i] ← buffer[i]·shift^i` (twisting coefficients onto the coset `shift·H`).
    @usableFromInline
    static func twist(_ buffer: UnsafeMutableBufferPointer<BabyBear>, by shift: BabyBear) {
        var power = BabyBear.one
        for i in buffer.indices {
            buffer[i] = buffer[i] * power
            power = power * shift
        }
    }
}

extension UInt {
    /// The bits of `self` in reverse order.
    @inlinable
    func bitReversed() -> UInt {
        var x = UInt64(self)
        x = ((x >> 1) & 0x5555_5555_5555_5555) | ((x & 0x5555_5555_5555_5555) << 1)
        x = ((x >> 2) & 0x3333_3333_3333_3333) | ((x & 0x3333_3333_3333_3333) << 2)
        x = ((x >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((x & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        x = ((x >> 8) & 0x00FF_00FF_00FF_00FF) | ((x & 0x00FF_00FF_00FF_00FF) << 8)
        x = ((x >> 16) & 0x0000_FFFF_0000_FFFF) | ((x & 0x0000_FFFF_0000_FFFF) << 16)
        x = (x >> 32) | (x << 32)
        return UInt(x)
    }
}

extension NTTKernels {
    /// In-place DIF over `values` (count a power of two, at most `twiddles.count`).
    @usableFromInline
    static func dif(_ values: inout [BabyBear], twiddles: [BabyBear]) {
        twiddles.withUnsafeBufferPointer { table in
            // Safety: both buffers live for the duration of the closure; `dif` checks sizes.
            values.withUnsafeMutableBufferPointer { dif($0, twiddles: table) }
        }
    }

    /// In-place bit-reversal permutation of `values` (count `2^logSize`).
    @usableFromInline
    static func bitReversePermute(_ values: inout [BabyBear], logSize: Int) {
        precondition(values.count == 1 << logSize)
        // Safety: the buffer lives for the closure; indices stay below count = 2^logSize.
        values.withUnsafeMutableBufferPointer { bitReversePermute($0, logSize: logSize) }
    }

    /// `values[i] ← values[i]·factor`.
    @usableFromInline
    static func scale(_ values: inout [BabyBear], by factor: BabyBear) {
        // Safety: the buffer lives for the closure; `scale` uses only its own indices.
        values.withUnsafeMutableBufferPointer { scale($0, by: factor) }
    }

    /// `values[i] ← values[i]·shift^i` for `i < count`, leaving the rest unchanged.
    @usableFromInline
    static func twist(_ values: inout [BabyBear], count: Int, by shift: BabyBear) {
        precondition(count <= values.count)
        // Safety: the rebased slice `0..<count` lies inside the buffer, which lives for the closure.
        values.withUnsafeMutableBufferPointer { twist(UnsafeMutableBufferPointer(rebasing: $0[0..<count]), by: shift) }
    }
}
