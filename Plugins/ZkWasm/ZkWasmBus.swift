/// Bus numbers of the zkwasm proof's LogUp arguments.
enum ZkWasmBus {
    /// `(pc, class, a, b, imm₀…imm₃, calleeEntry, calleeParameters, calleeLocals)`: instruction fetch.
    static let fetch = 1
    /// `(space, address, v₀…v₃, timestamp)`: offline memory checking of stack slots, globals,
    /// frames and linear memory (``ZkWasmSpace``).
    static let memory = 2
    /// `x` with `0 ≤ x < 2¹⁶`.
    static let range16 = 3
    /// `x` with `0 ≤ x < 2¹⁴`.
    static let range14 = 4
    /// `(kind, index, v₀…v₃)`: kind 1 = public input, 2 = output. The CPU sends them; the
    /// verifier receives the segment's slice of the receipt's inputs and outputs
    /// (``SproutCoreSTARK/STARKPublicLookup``).
    static let io = 5
    /// `x` with `0 ≤ x < 2⁸`.
    static let range8 = 6
    /// `(clk, isStore, width, address, u₀…u₃, pages)`: a load or store with the memory's current
    /// size, bounds checked and expanded into byte accesses by ``ZkWasmMemoryAccessAIR``.
    static let memoryOperation = 7
    /// `(kind, x₀…x₃, y₀…y₃, z₀…z₃)`: an arithmetic-logic operation `z = x ∘ y` of the CPU
    /// (``ZkWasmOperation/aluKind``, or the fetched ``ZkWasmArithmeticKind/code``), proved by
    /// ``ZkWasmBitwiseAIR``, ``ZkWasmMultiplyAIR`` or ``ZkWasmArithmeticAIR``.
    static let alu = 8
    /// `(x, y, x AND y)` for bytes `x, y`: the fixed table of ``ZkWasmRangeAIR``.
    static let byteAnd = 9
    /// `(x, y)` for bytes `x, y`: the fixed table of ``ZkWasmRangeAIR``.
    static let bytePair = 10
    /// `(k, b₀…b₇)` with `k < 64` and `bⱼ` the bytes of 2ᵏ: the fixed table of ``ZkWasmRangeAIR``.
    static let power = 11
    /// `(pc, j, target, drop, arity)`: entry `j` of the `br_table` at `pc`, the fixed table of
    /// ``ZkWasmBranchTableAIR``.
    static let branch = 12
    /// `(index, type, entry, parameters, locals)`: a slot of the function table, the fixed table
    /// of ``ZkWasmFunctionTableAIR``.
    static let function = 13
    /// `(x, popcount(x))` for `x < 2¹⁶`: the fixed table of ``ZkWasmRangeAIR``.
    static let popcount = 14
    /// `(direction, x, count, zero)` for `x < 2¹⁶`: direction 0 gives the leading zero count of
    /// `x` as a 16-bit value, 1 the trailing one (16 for `x = 0` either way), `zero = [x = 0]`:
    /// the fixed table of ``ZkWasmRangeAIR``.
    static let zeroCount = 15
    /// `(tag, address, v₀…v₃, phase)`: a cell (or linear-memory word) the segment touches, at
    /// its start (phase 0) and end (phase 1), sent by ``ZkWasmBoundaryAIR`` and received by the
    /// verifier from its own copy of the machine's memory: how segments chain.
    static let boundary = 16
}

/// Memory address spaces.
enum ZkWasmSpace {
    static let stack = 0
    static let global = 1
    static let frame = 2
    /// Linear memory, one byte per address: `(3, address, byte, 0, 0, 0, time)`.
    static let linear = 3
}
