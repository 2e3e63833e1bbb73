/// The LogUp buses of the RV32IM proof.
///
/// - `memory`: tuples `(kind, address, v₀…v₃, timestamp)`, `kind` 0 = guest word (address =
///   byte address / 4), 1 = register. Offline memory checking: every access receives the cell's
///   previous `(value, timestamp)` and sends the new one with a strictly larger timestamp; the
///   boundary tables send each cell's initial state at timestamp 0 and receive its final state.
///   The sends and receives balance only if every read returns the last value written.
/// - `range16`: `v ∈ [0, 2¹⁶)`; `bytePair`: `(x, y) ∈ [0, 2⁸)²`; `logic`: `(op, x, y, x op y)`
///   for bytes (op 0 AND, 1 OR, 2 XOR), all received by ``Risc0ByteTableAIR``.
/// - `decode`: `(instLo, instHi, fields…)` received by the program's ``Risc0DecoderAIR``.
/// - `boundary`: `(kind, address, v₀…v₃, phase)`, a cell's value at the segment's start
///   (phase 0) and end (phase 1), sent by the boundary tables and received by the verifier
///   (``STARKPublicLookup``) from its own copy of the machine state: segments chain through it.
/// - `output`: `(digest word address, timestamp)` from the HALT row to ``Risc0OutputAIR``.
/// - `ecall`: `(timestamp, isSha, a0 bytes, a1 bytes, new a1 bytes)` from a SOFTWARE or SHA
///   ecall row of the CPU to ``Risc0EcallAIR``.
/// - `hostWord`: chain tokens `(timestamp, word address, input offset, isInput)` linking a
///   SOFTWARE ecall to the ``Risc0HostWordAIR`` rows that write its reply words.
/// - `input`: `(offset, byte)` of the input stream (stdin); the verifier receives every input
///   byte once (``STARKPublicLookup``), so SYS_READ must deliver exactly the committed input.
/// - `sha`: `(timestamp, out, in, block1, block2 word addresses, block count)` from a SHA ecall
///   to ``Risc0ShaAIR``; `shaRound`: `(t, K_t halves, flags)` received by ``Risc0ShaRoundAIR``.
enum Risc0Bus {
    static let memory = 1, range16 = 2, bytePair = 3, logic = 4, decode = 5, boundary = 6, output = 7
    static let ecall = 8, hostWord = 9, input = 10, sha = 11, shaRound = 12
}
