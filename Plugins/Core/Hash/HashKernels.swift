import SproutCoreField

/// Hot loops of SHA-256, Keccak-f[1600] and Poseidon2 on raw buffers. The public types check
/// sizes; the loops here index without bounds checks.
@usableFromInline
enum HashKernels {
    // MARK: SHA-256

    @inline(__always)
    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    /// Compression over the message schedule `w[0..<16]` (already loaded); extends it to 64 words.
    static func sha256Rounds(_ state: UnsafeMutablePointer<UInt32>, schedule w: UnsafeMutablePointer<UInt32>, constants k: UnsafePointer<UInt32>) {
        // Safety: `state` addresses 8 words, `w` 64 words, `k` 64 words (callers allocate them).
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1  // SHA-256 adds mod 2³² by definition
        }
        var a = state[0], b = state[1], c = state[2], d = state[3]
        var e = state[4], f = state[5], g = state[6], h = state[7]
        for t in 0..<64 {
            let sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ sigma1 &+ choose &+ k[t] &+ w[t]  // mod 2³² by definition
            let sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = sigma0 &+ majority  // mod 2³² by definition
            h = g; g = f; f = e
            e = d &+ t1  // mod 2³² by definition
            d = c; c = b; b = a
            a = t1 &+ t2  // mod 2³² by definition
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d  // mod 2³² by definition
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h  // mod 2³² by definition
    }

    /// `state ← compress(state, words)`; `state.count == 8`, `words.count == 16` (checked by callers).
    static func sha256Compress(_ state: inout [UInt32], words: [UInt32]) {
        precondition(state.count == 8 && words.count >= 16)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            // Safety: `w` holds 64 words; the first 16 are initialised here, the rest in `sha256Rounds`.
            for i in 0..<16 { w[i] = words[i] }
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                state.withUnsafeMutableBufferPointer { s in
                    sha256Rounds(s.baseAddress!, schedule: w.baseAddress!, constants: k.baseAddress!)
                }
            }
        }
    }

    /// `state ← compress(state, bytes[offset..<offset+64])`, bytes read as big-endian words.
    static func sha256Compress(_ state: inout [UInt32], bytes: [UInt8], offset: Int) {
        precondition(state.count == 8 && offset >= 0 && offset + 64 <= bytes.count)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            // Safety: offset + 64 ≤ bytes.count (checked above), `w` holds 64 words.
            bytes.withUnsafeBufferPointer { source in
                let p = source.baseAddress! + offset
                for i in 0..<16 {
                    let b0 = UInt32(p[4 * i]) << 24, b1 = UInt32(p[4 * i + 1]) << 16
                    let b2 = UInt32(p[4 * i + 2]) << 8, b3 = UInt32(p[4 * i + 3])
                    w[i] = b0 | b1 | b2 | b3
                }
            }
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                state.withUnsafeMutableBufferPointer { s in
                    sha256Rounds(s.baseAddress!, schedule: w.baseAddress!, constants: k.baseAddress!)
                }
            }
        }
    }

    // MARK: Keccak-f[1600]

    static let keccakRoundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// ρ rotation offsets indexed by `x + 5y`.
    static let keccakRotations: [UInt64] = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]

    @inline(__always)
    static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { n == 0 ? x : (x << n) | (x >> (64 &- n)) }

    /// Keccak-f[1600] on `lanes` (25 lanes, `lanes[x + 5y]`).
    static func keccakF1600(_ lanes: inout [UInt64]) {
        precondition(lanes.count == 25)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 30) { scratch in
            // Safety: `scratch` holds 25 words for B and 5 for C; `a` addresses 25 lanes.
            let b = scratch.baseAddress!
            let c = b + 25
            keccakRoundConstants.withUnsafeBufferPointer { rc in
                keccakRotations.withUnsafeBufferPointer { rot in
                    lanes.withUnsafeMutableBufferPointer { lanesBuffer in
                        let a = lanesBuffer.baseAddress!
                        for round in 0..<24 {
                            for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
                            for x in 0..<5 {
                                let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                                for y in stride(from: 0, to: 25, by: 5) { a[x + y] ^= d }
                            }
                            for x in 0..<5 {
                                for y in 0..<5 {
                                    b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], rot[x + 5 * y])
                                }
                            }
                            for y in stride(from: 0, to: 25, by: 5) {
                                for x in 0..<5 { a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]) }
                            }
                            a[0] ^= rc[round]
                        }
                    }
                }
            }
        }
    }

    /// XORs the 136-byte block `bytes[offset..<offset+136]` into the rate lanes (little-endian),
    /// then applies Keccak-f[1600].
    static func keccakAbsorb(_ lanes: inout [UInt64], bytes: [UInt8], offset: Int) {
        precondition(lanes.count == 25 && offset >= 0 && offset + 136 <= bytes.count)
        bytes.withUnsafeBufferPointer { source in
            // Safety: offset + 136 ≤ bytes.count (checked above); 17 lanes × 8 bytes = 136.
            let p = source.baseAddress! + offset
            for lane in 0..<17 {
                var word: UInt64 = 0
                for byte in 0..<8 { word |= UInt64(p[8 * lane + byte]) << UInt64(8 * byte) }
                lanes[lane] ^= word
            }
        }
        keccakF1600(&lanes)
    }

    // MARK: Poseidon2

    /// x⁷ with four multiplications.
    @inlinable @inline(__always)
    static func sbox(_ x: BabyBear) -> BabyBear {
        let x2 = x * x
        let x3 = x2 * x
        let x4 = x2 * x2
        return x3 * x4
    }

    /// `s ← M_E·s` with `M_E = circ(2M₄, M₄, …)`: `M₄` on each chunk of four, then each
    /// element gains the sum of its column position over all chunks.
    @inlinable @inline(__always)
    static func externalLinearLayer(_ s: UnsafeMutablePointer<BabyBear>, width: Int) {
        // Safety: `s` addresses `width` elements, width a multiple of 4.
        var chunk = 0
        while chunk < width {
            let x0 = s[chunk], x1 = s[chunk + 1], x2 = s[chunk + 2], x3 = s[chunk + 3]
            let t01 = x0 + x1
            let t23 = x2 + x3
            let t0123 = t01 + t23
            let t01123 = t0123 + x1
            let t01233 = t0123 + x3
            s[chunk + 3] = t01233 + x0.doubled()   // 3x₀ + x₁ + x₂ + 2x₃
            s[chunk + 1] = t01123 + x2.doubled()   // x₀ + 2x₁ + 3x₂ + x₃
            s[chunk] = t01123 + t01                // 2x₀ + 3x₁ + x₂ + x₃
            s[chunk + 2] = t01233 + t23            // x₀ + x₁ + 2x₂ + 3x₃
            chunk += 4
        }
        var sum0 = s[0], sum1 = s[1], sum2 = s[2], sum3 = s[3]
        chunk = 4
        while chunk < width {
            sum0 = sum0 + s[chunk]; sum1 = sum1 + s[chunk + 1]
            sum2 = sum2 + s[chunk + 2]; sum3 = sum3 + s[chunk + 3]
            chunk += 4
        }
        chunk = 0
        while chunk < width {
            s[chunk] = s[chunk] + sum0; s[chunk + 1] = s[chunk + 1] + sum1
            s[chunk + 2] = s[chunk + 2] + sum2; s[chunk + 3] = s[chunk + 3] + sum3
            chunk += 4
        }
    }

    /// The whole permutation for a fixed width (the callers pass a literal so loops specialise).
    @inlinable @inline(__always)
    static func poseidon2(_ s: UnsafeMutablePointer<BabyBear>, width: Int, initial: UnsafePointer<BabyBear>, terminal: UnsafePointer<BabyBear>, internal rc: UnsafePointer<BabyBear>, rounds: Int, diagonal: UnsafePointer<BabyBear>) {
        // Safety: `s`, `diagonal` address `width` elements; `initial`, `terminal` 4·width; `rc` `rounds`.
        externalLinearLayer(s, width: width)
        for round in 0..<4 {
            let c = initial + round * width
            for i in 0..<width { s[i] = sbox(s[i] + c[i]) }
            externalLinearLayer(s, width: width)
        }
        for round in 0..<rounds {
            s[0] = sbox(s[0] + rc[round])
            // Σ of the Montgomery words: < width·p < 2³⁵, fits UInt64.
            var wide: UInt64 = 0
            for i in 0..<width { wide &+= UInt64(s[i].montgomery) }  // ≤ 24·p < 2³⁶: no wrap
            // (Σ mᵢ)·(2³² mod p) < 2³⁶·2²⁸ = 2⁶⁴ would be too wide, so fold once mod p first:
            // Σ mᵢ ≡ hi·2³² + lo, with hi < 16 and 2³² ≡ R mod p.
            let sum = BabyBear(montgomery: BabyBear.montgomeryReduceWide(
                (wide & 0xFFFF_FFFF) &* UInt64(BabyBear.one.montgomery)  // < 2³²·2²⁸ = 2⁶⁰
                &+ (wide >> 32) &* UInt64(montgomeryRSquaredModP)))  // < 2⁴·2³¹ = 2³⁵; total < 2⁶¹ < 2·p·2³²
            for i in 0..<width { s[i] = s[i] * diagonal[i] + sum }
        }
        for round in 0..<4 {
            let c = terminal + round * width
            for i in 0..<width { s[i] = sbox(s[i] + c[i]) }
            externalLinearLayer(s, width: width)
        }
    }

    /// `2⁶⁴ mod p` as a word: multiplying the high half `h` of a sum `h·2³² + l` by this and
    /// Montgomery-reducing yields `h·2³² (mod p)` in Montgomery terms.
    @usableFromInline static let montgomeryRSquaredModP: UInt32 = 1_172_168_163

    @usableFromInline
    static func poseidon2Permute(_ state: inout [BabyBear], _ permutation: Poseidon2) {
        permutation.initialConstants.withUnsafeBufferPointer { initial in
            permutation.terminalConstants.withUnsafeBufferPointer { terminal in
                permutation.internalConstants.withUnsafeBufferPointer { rc in
                    permutation.internalDiagonal.withUnsafeBufferPointer { diagonal in
                        state.withUnsafeMutableBufferPointer { s in
                            // Safety: Poseidon2.init checked the constant counts against `width`,
                            // and `permute` checked `state.count == width`; all buffers outlive the call.
                            if permutation.width == 16 {
                                poseidon2(s.baseAddress!, width: 16, initial: initial.baseAddress!, terminal: terminal.baseAddress!, internal: rc.baseAddress!, rounds: rc.count, diagonal: diagonal.baseAddress!)
                            } else {
                                poseidon2(s.baseAddress!, width: 24, initial: initial.baseAddress!, terminal: terminal.baseAddress!, internal: rc.baseAddress!, rounds: rc.count, diagonal: diagonal.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
