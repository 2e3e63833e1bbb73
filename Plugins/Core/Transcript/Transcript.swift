import Dispatch
import SproutCoreField
import SproutCoreHash
import Synchronization

/// A Fiat–Shamir transcript: a duplex sponge over ``Poseidon2/babyBear16`` (rate 8, capacity 8)
/// shared in the same order by prover and verifier.
///
/// Maths: the state `s ∈ 𝔽ₚ¹⁶` starts as `(0⁸ ‖ D)` where `D = H(tag, |domain|, domain bytes)` is
/// the Poseidon2 digest of the domain label; the capacity half is never written by observations,
/// so transcripts for different domains are independent and no observation sequence can imitate
/// a domain. Observations are buffered; each full rate block (or a sample request after an
/// observation) overwrites `s[0..<k]` with the pending inputs and permutes ("overwrite mode", as
/// Plonky3's `DuplexChallenger`). Samples are read from the rate half of the latest permutation
/// output, last element first.
///
/// Threading: a value type. Copy it to fork (grinding does); prover and verifier each own one.
/// Soundness note: sampling is a random-oracle heuristic on Poseidon2 with 8·31 ≈ 248 capacity
/// bits; extension samples are four base samples (≈ 2¹²⁴ outcomes).
public struct Transcript: Sendable, Equatable {
    /// Elements absorbed or squeezed per permutation.
    public static let rate = 8
    /// Poseidon2 state width.
    public static let width = 16

    private var state: [BabyBear]
    private var inputBuffer: [BabyBear] = []
    private var outputBuffer: [BabyBear] = []

    /// A transcript bound to `domain`, a protocol label such as `"sprout.fri.v1"`.
    public init(domain: String) {
        let bytes = Array(domain.utf8)
        var encoded: [BabyBear] = [BabyBear(0x5350_5254 % BabyBear.modulus), BabyBear(UInt32(truncatingIfNeeded: bytes.count))]
        var index = 0
        while index < bytes.count {  // three bytes per element: < 2²⁴ < p, injective
            var limb: UInt32 = 0
            for k in 0..<3 where index + k < bytes.count { limb |= UInt32(bytes[index + k]) << UInt32(8 * k) }
            encoded.append(BabyBear(limb))
            index += 3
        }
        state = [BabyBear](repeating: .zero, count: Self.rate) + Poseidon2Hasher.hash(encoded).elements
        inputBuffer.reserveCapacity(Self.rate)
    }

    private mutating func duplex() {
        for (i, x) in inputBuffer.enumerated() { state[i] = x }
        inputBuffer.removeAll(keepingCapacity: true)
        Poseidon2.babyBear16.permute(&state)
        outputBuffer = Array(state[0..<Self.rate])
    }

    // MARK: Observing

    /// Absorbs one base-field element.
    public mutating func observe(_ element: BabyBear) {
        outputBuffer.removeAll(keepingCapacity: true)
        inputBuffer.append(element)
        if inputBuffer.count == Self.rate { duplex() }
    }

    /// Absorbs elements in order.
    public mutating func observe(_ elements: some Sequence<BabyBear>) {
        for e in elements { observe(e) }
    }

    /// Absorbs an extension element as its four coefficients.
    public mutating func observe(_ element: BabyBearExt4) {
        observe(element.c0); observe(element.c1); observe(element.c2); observe(element.c3)
    }

    /// Absorbs extension elements in order.
    public mutating func observe(_ elements: some Sequence<BabyBearExt4>) {
        for e in elements { observe(e) }
    }

    /// Absorbs a digest (eight elements), e.g. a Merkle root.
    public mutating func observe(_ digest: Poseidon2Digest) {
        observe(digest.elements)
    }

    /// Absorbs an unsigned integer as three limbs of at most 22 bits each (injective).
    public mutating func observe(integer value: UInt64) {
        observe(BabyBear(UInt32(truncatingIfNeeded: value & 0x3F_FFFF)))
        observe(BabyBear(UInt32(truncatingIfNeeded: (value >> 22) & 0x3F_FFFF)))
        observe(BabyBear(UInt32(truncatingIfNeeded: value >> 44)))
    }

    // MARK: Sampling

    /// A challenge in 𝔽ₚ.
    public mutating func sample() -> BabyBear {
        if !inputBuffer.isEmpty || outputBuffer.isEmpty { duplex() }
        return outputBuffer.removeLast()
    }

    /// A challenge in 𝔽ₚ⁴ (four base samples as coefficients).
    public mutating func sampleExtension() -> BabyBearExt4 {
        BabyBearExt4(sample(), sample(), sample(), sample())
    }

    /// `count` challenges in 𝔽ₚ⁴.
    public mutating func sampleExtensions(_ count: Int) -> [BabyBearExt4] {
        (0..<count).map { _ in sampleExtension() }
    }

    /// The low `bits` bits of a sample: an integer in `[0, 2^bits)`. Because `p = 15·2²⁷ + 1`, each
    /// value has probability within a factor `1 ± 2^(bits−27)/15` of uniform. Precondition: `bits ≤ 27`.
    public mutating func sampleBits(_ bits: Int) -> Int {
        precondition(bits >= 0 && bits <= BabyBear.twoAdicity, "at most 27 bits can be sampled from one BabyBear element")
        return Int(sample().value & ((1 << UInt32(bits)) - 1))
    }

    /// `count` query indices in `[0, 2^logDomainSize)` (may repeat).
    public mutating func sampleIndices(count: Int, logDomainSize: Int) -> [Int] {
        (0..<count).map { _ in sampleBits(logDomainSize) }
    }

    // MARK: Proof of work

    /// Whether `witness` passes `bits` bits of proof of work at this point: after observing
    /// `witness`, the next ``sampleBits(_:)`` of `bits` bits is zero. Advances the transcript
    /// exactly as the prover's ``grind(bits:)`` did, so both stay in step.
    public mutating func checkProofOfWork(bits: Int, witness: BabyBear) -> Bool {
        observe(witness)
        return sampleBits(bits) == 0
    }

    /// Finds the smallest witness `w` (in the order tried) with ``checkProofOfWork(bits:witness:)``
    /// true, advances the transcript past the check, and returns `w`.
    ///
    /// Cost: about `2^bits` permutations, split across all cores; `bits = 0` is free.
    /// Precondition: `bits ≤ 27`.
    public mutating func grind(bits: Int) -> BabyBear {
        precondition(bits >= 0 && bits <= BabyBear.twoAdicity, "grinding supports at most 27 bits")
        let start = self
        let workers = max(1, min(8, ProcessorCount.online))
        let found = Mutex<UInt32?>(nil)
        let batch: UInt32 = 4096
        var base: UInt32 = 0
        while found.withLock({ $0 }) == nil {
            let roundBase = base
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // Worker k scans [roundBase + k·batch, roundBase + (k+1)·batch).
                let lower = roundBase + UInt32(worker) * batch
                for candidate in lower..<(lower + batch) {
                    if let best = found.withLock({ $0 }), best < candidate { return }
                    var fork = start
                    if fork.checkProofOfWork(bits: bits, witness: BabyBear(candidate)) {
                        found.withLock { current in
                            if current == nil || candidate < current! { current = candidate }
                        }
                        return
                    }
                }
            }
            base += UInt32(workers) * batch  // ≤ p before 2^27·15 tries; 2^bits ≤ 2²⁷ expected: no wrap in practice
            precondition(base < BabyBear.modulus - UInt32(workers) * batch, "proof-of-work search exhausted the field")
        }
        let witness = BabyBear(found.withLock { $0 }!)
        let passed = checkProofOfWork(bits: bits, witness: witness)
        assert(passed)
        return witness
    }
}

/// Number of online processors.
enum ProcessorCount {
    static let online: Int = {
        #if canImport(Glibc) || canImport(Darwin)
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
        #else
        return 1
        #endif
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
