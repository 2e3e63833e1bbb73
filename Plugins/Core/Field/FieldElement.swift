/// An element of a finite field 𝔽.
///
/// Conforming types are small value types (one or a few machine words) whose operators are the
/// field operations: `+`, `-`, `*` and unary `-` are the ring operations of 𝔽, and
/// ``inverse`` is the multiplicative inverse with the convention `0⁻¹ = 0` (a "safe" inverse,
/// so that verifiers never trap on hostile input; callers that need `x ≠ 0` check ``isZero``).
///
/// Equality is equality of field elements: every conforming type keeps a canonical
/// representation, so `==` and `hash(into:)` may compare the stored words directly.
///
/// Threading: values are immutable `Sendable` values; all operations are pure.
public protocol FieldElement: Sendable, Hashable, CustomStringConvertible {
    /// The additive identity 0.
    static var zero: Self { get }
    /// The multiplicative identity 1.
    static var one: Self { get }
    /// The number of base-field (prime-field) coefficients of an element: `[𝔽 : 𝔽ₚ]`.
    static var degree: Int { get }

    /// The image of an integer `n` under ℤ → 𝔽 (reduced modulo the characteristic).
    init(integer n: UInt64)

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (value: Self) -> Self

    /// `x · x`; conforming types may override with a cheaper squaring.
    func squared() -> Self
    /// `x⁻¹` for `x ≠ 0`, and `0` for `x = 0`. Cost: one exponentiation (about 40 multiplications
    /// in 𝔽ₚ), so prefer ``Swift/Array/batchInverted()`` for many elements.
    var inverse: Self { get }
    /// Whether this is the zero element.
    var isZero: Bool { get }

    /// A uniformly random element, for tests and blinding.
    static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self
}

extension FieldElement {
    @inlinable @inline(__always)
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable @inline(__always)
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable @inline(__always)
    public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    @inlinable @inline(__always)
    public func squared() -> Self { self * self }

    @inlinable
    public var isZero: Bool { self == .zero }

    /// `2x`.
    @inlinable @inline(__always)
    public func doubled() -> Self { self + self }

    /// `xᵉ` by left-to-right square-and-multiply: at most `2·⌈log₂ e⌉` multiplications.
    /// `x⁰ = 1`, including `0⁰ = 1`.
    @inlinable
    public func power(_ exponent: UInt64) -> Self {
        if exponent == 0 { return .one }
        var result = self
        let top = 63 - exponent.leadingZeroBitCount
        var bit = top - 1
        while bit >= 0 {
            result = result.squared()
            if (exponent >> UInt64(bit)) & 1 == 1 { result = result * self }
            bit -= 1
        }
        return result
    }

    /// `x^(2^k)`: `k` squarings.
    @inlinable
    public func exponentiatedByPowerOfTwo(_ k: Int) -> Self {
        var result = self
        for _ in 0..<k { result = result.squared() }
        return result
    }

    /// A uniformly random element from the system generator (tests only: not for secrets).
    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }
}

extension Array where Element: FieldElement {
    /// The elementwise inverses `[x₀⁻¹, x₁⁻¹, …]` by Montgomery's trick, with `0⁻¹ = 0`.
    ///
    /// Maths: with prefix products `Pᵢ = ∏_{j<i, xⱼ≠0} xⱼ`, one inversion `I = P_n⁻¹` and the walk
    /// back `xᵢ⁻¹ = I·Pᵢ`, `I ← I·xᵢ` gives every inverse.
    ///
    /// Complexity: one field inversion and `3(n−1)` multiplications; one scratch allocation.
    @inlinable
    public func batchInverted() -> [Element] {
        var copy = self
        copy.batchInvert()
        return copy
    }

    /// In-place form of ``batchInverted()``.
    @inlinable
    public mutating func batchInvert() {
        let n = count
        if n == 0 { return }
        var prefix = [Element](repeating: .one, count: n)
        var running = Element.one
        for i in 0..<n {
            prefix[i] = running
            let x = self[i]
            if !x.isZero { running = running * x }
        }
        var inverseRunning = running.inverse
        var i = n - 1
        while i >= 0 {
            let x = self[i]
            if !x.isZero {
                self[i] = inverseRunning * prefix[i]
                inverseRunning = inverseRunning * x
            }
            i -= 1
        }
    }
}
