import Dispatch
import SproutCoreField
import Synchronization

/// The number-theoretic transform over ``BabyBear``: the discrete Fourier transform on the
/// multiplicative subgroup `H = ⟨ω⟩` of order `n = 2^logSize`.
///
/// Maths: ``forward(_:)`` maps coefficients `c₀…c_{n−1}` of `f(X) = Σ cⱼXʲ` to the evaluations
/// `f(ωⁱ) = Σⱼ cⱼ ω^{ij}`, `i = 0…n−1` (both in natural order); ``inverse(_:)`` is its inverse,
/// `cⱼ = n⁻¹ Σᵢ f(ωⁱ) ω^{−ij}`. `ω = BabyBear.rootOfUnity(logOrder: logSize)`.
///
/// Algorithm: radix-2 decimation in frequency, depth first so that blocks of up to 2¹⁴ elements
/// finish in cache, followed by one bit-reversal pass; twiddles come from the shared
/// ``TwiddleTable``. Sizes from 2¹⁵ on are split across the machine's cores.
///
/// Complexity: `(n/2)·log₂ n` multiplications and `n·log₂ n` additions, plus one permutation.
/// Threading: all functions are reentrant; each call uses the calling thread and, for large sizes,
/// Dispatch's worker threads, and returns when all work is done.
public enum NTT {
    /// `log₂ n` for a power of two `n ≥ 1`. Precondition: `n` is a power of two.
    @inlinable
    public static func logSize(of count: Int) -> Int {
        precondition(count > 0 && count & (count - 1) == 0, "NTT sizes are powers of two, got \(count)")
        return count.trailingZeroBitCount
    }

    /// Coefficients → evaluations on `H`, both in natural order. Precondition: `values.count`
    /// is a power of two `≤ 2²⁷`.
    public static func forward(_ values: inout [BabyBear]) {
        forwardBitReversed(&values)
        NTTKernels.bitReversePermute(&values, logSize: logSize(of: values.count))
    }

    /// Coefficients (natural order) → evaluations on `H` in bit-reversed order:
    /// `values[rev(i)] = f(ωⁱ)`. Saves the permutation when the consumer (a Merkle commitment, FRI
    /// folding) wants bit-reversed order anyway.
    public static func forwardBitReversed(_ values: inout [BabyBear]) {
        let log = logSize(of: values.count)
        let table = TwiddleTable.shared(logSize: log)
        NTTKernels.dif(&values, twiddles: table.forward)
    }

    /// Evaluations on `H` (natural order) → coefficients (natural order).
    public static func inverse(_ values: inout [BabyBear]) {
        let log = logSize(of: values.count)
        let table = TwiddleTable.shared(logSize: log)
        // DIF with ω⁻¹ gives n·cⱼ in bit-reversed order.
        NTTKernels.dif(&values, twiddles: table.inverse)
        NTTKernels.bitReversePermute(&values, logSize: log)
        NTTKernels.scale(&values, by: BabyBear(UInt32(values.count)).inverse)
    }

    /// Evaluations of `f` on `H` → coefficients of `f` (`deg f < n`). Same as ``inverse(_:)``.
    public static func interpolate(_ evaluations: [BabyBear]) -> [BabyBear] {
        var values = evaluations
        inverse(&values)
        return values
    }

    /// Evaluations of `f(X) = Σ cⱼXʲ` on the coset `shift·H'`, `|H'| = 2^logSize ≥ coefficients.count`,
    /// in natural order: entry `i` is `f(shift·ω'ⁱ)`.
    ///
    /// Maths: `f(shift·X) = Σ (cⱼ·shiftʲ) Xʲ`, so twisting the coefficients and zero-padding reduces
    /// the coset evaluation to a plain NTT of size `2^logSize`.
    public static func evaluateOnCoset(coefficients: [BabyBear], logSize: Int, shift: BabyBear = .one, bitReversedOutput: Bool = false) -> [BabyBear] {
        let n = 1 << logSize
        precondition(coefficients.count <= n, "a polynomial with \(coefficients.count) coefficients does not fit a domain of 2^\(logSize) points")
        var values = coefficients
        if shift != .one { NTTKernels.twist(&values, count: values.count, by: shift) }
        values.append(contentsOf: repeatElement(.zero, count: n - values.count))
        if bitReversedOutput {
            forwardBitReversed(&values)
        } else {
            forward(&values)
        }
        return values
    }

    /// Coset low-degree extension: from the evaluations of `f` (`deg f < n`) on `H`, `|H| = n`,
    /// computes the evaluations of `f` on the coset `shift·H'` with `|H'| = n·2^logBlowup`.
    ///
    /// The default shift is the field generator 31, which lies outside every two-adic subgroup,
    /// so `shift·H'` is disjoint from `H'` (and from `H`), as quotient computations need.
    ///
    /// Complexity: one inverse NTT of size `n` and one forward NTT of size `n·2^logBlowup`.
    public static func cosetLDE(evaluations: [BabyBear], logBlowup: Int, shift: BabyBear = BabyBear.generator, bitReversedOutput: Bool = false) -> [BabyBear] {
        let log = logSize(of: evaluations.count)
        precondition(logBlowup >= 0 && log + logBlowup <= BabyBear.twoAdicity, "LDE size 2^\(log + logBlowup) exceeds the two-adicity 27")
        var coefficients = evaluations
        inverse(&coefficients)
        return evaluateOnCoset(coefficients: coefficients, logSize: log + logBlowup, shift: shift, bitReversedOutput: bitReversedOutput)
    }

    /// ``cosetLDE(evaluations:logBlowup:shift:bitReversedOutput:)`` for many columns, the columns
    /// spread over the cores (each column's transform then runs on one core).
    public static func cosetLDE(columns: [[BabyBear]], logBlowup: Int, shift: BabyBear = BabyBear.generator, bitReversedOutput: Bool = false) -> [[BabyBear]] {
        if columns.count <= 1 {
            return columns.map { cosetLDE(evaluations: $0, logBlowup: logBlowup, shift: shift, bitReversedOutput: bitReversedOutput) }
        }
        let results = ResultSlots<[BabyBear]>(count: columns.count)
        DispatchQueue.concurrentPerform(iterations: columns.count) { index in
            results.store(cosetLDE(evaluations: columns[index], logBlowup: logBlowup, shift: shift, bitReversedOutput: bitReversedOutput), at: index)
        }
        return results.collect()
    }

    /// `f(x) = Σ cⱼxʲ` by Horner's rule, for a point in any extension `E` of 𝔽ₚ given an embedding.
    /// Complexity: `n` multiplications in `E`.
    @inlinable
    public static func evaluate(coefficients: [BabyBear], at point: BabyBear) -> BabyBear {
        var accumulator = BabyBear.zero
        for c in coefficients.reversed() { accumulator = accumulator * point + c }
        return accumulator
    }

    /// `f(x) = Σ cⱼxʲ` at an extension-field point, by Horner's rule (`n` extension multiplications).
    @inlinable
    public static func evaluate(coefficients: [BabyBear], at point: BabyBearExt4) -> BabyBearExt4 {
        var accumulator = BabyBearExt4.zero
        for c in coefficients.reversed() { accumulator = accumulator * point + c }
        return accumulator
    }

    /// `f(x)` for a polynomial with extension-field coefficients.
    @inlinable
    public static func evaluate<F: FieldElement>(coefficients: [F], at point: F) -> F {
        var accumulator = F.zero
        for c in coefficients.reversed() { accumulator = accumulator * point + c }
        return accumulator
    }

    /// The index `i` with its low `bits` bits reversed.
    @inlinable
    public static func bitReverse(_ index: Int, bits: Int) -> Int {
        if bits == 0 { return 0 }
        return Int(bitPattern: UInt(bitPattern: index).bitReversed() >> UInt(UInt.bitWidth - bits))
    }

    /// Permutes `values` (count `2^k`) into bit-reversed order; an involution.
    public static func bitReversePermute(_ values: inout [BabyBear]) {
        NTTKernels.bitReversePermute(&values, logSize: logSize(of: values.count))
    }
}

/// Per-index result slots filled by concurrent workers, each writing only its own index.
/// A mutex guards the slots, so the class is `Sendable` without exceptions.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ value: Value, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    func collect() -> [Value] {
        slots.withLock { $0.map { $0! } }
    }
}
