import SproutCoreField

/// The Poseidon2 permutation over ``BabyBear`` (Grassi, Khovratovich, Schofnegger,
/// "Poseidon2: A Faster Version of the Poseidon Hash Function", eprint 2023/323), widths 16 and 24.
///
/// Maths, for a state `s ∈ 𝔽ₚᵗ`:
/// 1. `s ← M_E·s` (external linear layer);
/// 2. four external rounds: `sᵢ ← (sᵢ + cᵢ)⁷` for all `i`, then `s ← M_E·s`;
/// 3. `R_P` internal rounds: `s₀ ← (s₀ + c)⁷`, then `s ← M_I·s` with `M_I = 𝟙𝟙ᵀ + Diag(V)`
///    (so `sᵢ ← Σⱼ sⱼ + Vᵢ·sᵢ`);
/// 4. four external rounds as in 2.
///
/// `M_E = circ(2M₄, M₄, …, M₄)` built from the 4×4 MDS matrix
/// `M₄ = [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]]`. `R_P = 13` (t = 16) or `21` (t = 24).
/// The constants are Plonky3's default BabyBear set (see `Poseidon2+BabyBearConstants.swift`),
/// and the outputs match Plonky3's published test vectors.
///
/// Threading: immutable `Sendable` value; ``permute(_:)`` is pure apart from its `inout` state.
/// Complexity: about 4·(8t + R_P) multiplications for the S-boxes plus `R_P·t` for `M_I`.
public struct Poseidon2: Sendable {
    /// The state width `t`.
    public let width: Int
    /// Number of internal (partial) rounds `R_P`.
    public var internalRounds: Int { internalConstants.count }

    @usableFromInline let initialConstants: [BabyBear]
    @usableFromInline let terminalConstants: [BabyBear]
    @usableFromInline let internalConstants: [BabyBear]
    @usableFromInline let internalDiagonal: [BabyBear]
    /// The same constants broadcast for ``PackedPoseidon2`` (batched permutations).
    let packed: PackedPoseidon2.Constants

    /// A Poseidon2 instance from explicit constants: `initial` and `terminal` hold four rounds of
    /// `width` constants each (round-major), `internal` one constant per internal round, and
    /// `diagonal` the vector V of `M_I`. Preconditions: width ∈ {16, 24} and matching counts.
    public init(width: Int, initial: [BabyBear], terminal: [BabyBear], internal internalValues: [BabyBear], diagonal: [BabyBear]) {
        precondition(width == 16 || width == 24, "Poseidon2 over BabyBear is implemented for widths 16 and 24")
        precondition(initial.count == 4 * width && terminal.count == 4 * width && diagonal.count == width, "Poseidon2 constants do not match width \(width)")
        self.width = width
        self.initialConstants = initial
        self.terminalConstants = terminal
        self.internalConstants = internalValues
        self.internalDiagonal = diagonal
        self.packed = PackedPoseidon2.Constants(width: width, initial: initial, terminal: terminal, internal: internalValues, diagonal: diagonal)
    }

    /// Width 16 with Plonky3's default BabyBear constants (13 internal rounds).
    public static let babyBear16 = Poseidon2(
        width: 16,
        initial: babyBear16InitialConstants.map { BabyBear($0) },
        terminal: babyBear16TerminalConstants.map { BabyBear($0) },
        internal: babyBear16InternalConstants.map { BabyBear($0) },
        diagonal: babyBear16InternalDiagonal)

    /// Width 24 with Plonky3's default BabyBear constants (21 internal rounds).
    public static let babyBear24 = Poseidon2(
        width: 24,
        initial: babyBear24InitialConstants.map { BabyBear($0) },
        terminal: babyBear24TerminalConstants.map { BabyBear($0) },
        internal: babyBear24InternalConstants.map { BabyBear($0) },
        diagonal: babyBear24InternalDiagonal)

    /// Applies the permutation in place. Precondition: `state.count == width`.
    @inlinable
    public func permute(_ state: inout [BabyBear]) {
        precondition(state.count == width, "Poseidon2-\(width) needs \(width) elements, got \(state.count)")
        HashKernels.poseidon2Permute(&state, self)
    }

    /// Permutes `states.count / width` states stored one after another, several at a time with
    /// SIMD (``PackedPoseidon2``); each result equals ``permute(_:)`` of that state.
    /// Precondition: `states.count` is a multiple of `width`.
    public func permute(states: inout [BabyBear]) {
        precondition(states.count % width == 0, "\(states.count) elements are not whole Poseidon2-\(width) states")
        let count = states.count / width
        states.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Safety: `buffer` holds `count·width` elements (checked above).
            PackedPoseidon2.permute(states: base, count: count, packed)
        }
    }

    /// The permuted copy of `state`.
    @inlinable
    public func permuted(_ state: [BabyBear]) -> [BabyBear] {
        var copy = state
        permute(&copy)
        return copy
    }
}
