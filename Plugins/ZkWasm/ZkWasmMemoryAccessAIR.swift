import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmMemoryAccessAIR``.
enum MemoryAccessColumn {
    static let active = 0, clk = 1, isStore = 2, w1 = 3, w2 = 4, w4 = 5, w8 = 6, address = 7
    static let value = 8, byte = 12, previousByte = 20, extra = 28, previousTimestamp = 29, low = 37, high = 45
    /// The CPU's page count, and `pages·65536 − (address + width)` in a 16-bit and an 8-bit limb.
    static let pages = 53, slackLow = 54, slackHigh = 55
    static let width = 56
}

/// Expands each load and store of the CPU (received on ``ZkWasmBus/memoryOperation`` as
/// `(clk, isStore, width, address, u₀…u₃, pages)`) into byte accesses of linear memory, after
/// checking the access lies within the memory's current size.
///
/// One row per load or store: width selectors `w₁, w₂, w₄, w₈` (one-hot, `Σ = active`), bytes
/// `bⱼ` and previous bytes `pbⱼ`, `j < 8`. Byte `j` is accessed iff `j < width`
/// (`enⱼ`); it consumes `(3, address + j, pbⱼ, 0, 0, 0, t′ⱼ)` and produces
/// `(3, address + j, bⱼ, 0, 0, 0, 4·clk + 4)` with `t′ⱼ < 4·clk + 4` (16 + 14-bit range check
/// of the difference, as in ``ZkWasmCPUAIR``). Loads keep the bytes (`bⱼ = pbⱼ`) and return
/// `uᵢ = b₂ᵢ + 2⁸·b₂ᵢ₊₁` (bytes past the width are 0: zero extension). Stores write the low
/// `width` bytes of the operand `u`: `uᵢ = b₂ᵢ + 2⁸·b₂ᵢ₊₁` for the limbs inside the width, and
/// `u₀ = b₀ + 2⁸·x` for one-byte stores; stored bytes and `x` are range checked to 8 bits.
///
/// Bounds: `pages·65536 − (address + width) = lo + 2¹⁶·hi` with `lo < 2¹⁶`, `hi < 2⁸`, i.e. the
/// slack lies in `[0, 2²⁴)`. This cannot wrap modulo p = 15·2²⁷ + 1: the CPU keeps `pages ≤ 16`, so
/// `pages·65536 ≤ 2²⁰`, and the effective address is below 2³⁰ + 2²⁶ (an i32 operand whose upper
/// 16-bit limb is below 2¹⁴, plus an offset below 2²⁶), so `address + width < 2³⁰ + 2²⁶ + 8`. An
/// access past the end makes the slack a negative integer above −(2³⁰ + 2²⁶ + 8), which is at
/// least p − 2³⁰ − 2²⁶ − 8 > 2²⁹ in the field: no such `lo, hi` exist, so a run that traps out of
/// bounds has no proof.
struct ZkWasmMemoryAccessAIR: AIR {
    var name: String { "zkwasm-memory-access" }
    var mainWidth: Int { MemoryAccessColumn.width }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = MemoryAccessColumn
        let reader = b
        func m(_ c: Int) -> AIRExpression { reader.main(c) }
        let active = m(C.active), isStore = m(C.isStore)
        let w1 = m(C.w1), w2 = m(C.w2), w4 = m(C.w4), w8 = m(C.w8)
        for c in [active, isStore, w1, w2, w4, w8] { b.assertBoolean(c) }
        b.assertEqual(active, w1 + w2 + w4 + w8)
        b.assertZero(isStore * (1 - active))
        let enabled: [AIRExpression] = (0..<8).map { j in j == 0 ? active : j == 1 ? w2 + w4 + w8 : j < 4 ? w4 + w8 : w8 }
        let byte = (0..<8).map { m(C.byte + $0) }, previous = (0..<8).map { m(C.previousByte + $0) }
        let u = (0..<4).map { m(C.value + $0) }
        let time = 4 * m(C.clk) + 4
        let linear = AIRExpression(integerLiteral: Int64(ZkWasmSpace.linear))
        for j in 0..<8 {
            b.assertZero((1 - enabled[j]) * byte[j])
            b.assertZero((1 - isStore) * (byte[j] - previous[j]))
            let address = m(C.address) + AIRExpression(integerLiteral: Int64(j))
            let before = m(C.previousTimestamp + j)
            b.assertZero(time - before - 1 - m(C.low + j) - 65536 * m(C.high + j))
            b.receive(bus: ZkWasmBus.memory, values: [linear, address, previous[j], 0, 0, 0, before], multiplicity: enabled[j])
            b.send(bus: ZkWasmBus.memory, values: [linear, address, byte[j], 0, 0, 0, time], multiplicity: enabled[j])
            b.send(bus: ZkWasmBus.range16, values: [m(C.low + j)], multiplicity: enabled[j])
            b.send(bus: ZkWasmBus.range14, values: [m(C.high + j)], multiplicity: enabled[j])
            b.send(bus: ZkWasmBus.range8, values: [byte[j]], multiplicity: isStore * enabled[j])
        }
        for i in 0..<4 {
            let limb = byte[2 * i] + 256 * byte[2 * i + 1]
            b.assertZero((1 - isStore) * (u[i] - limb))
            b.assertZero(isStore * enabled[2 * i + 1] * (u[i] - limb))
        }
        b.assertZero(isStore * w1 * (u[0] - byte[0] - 256 * m(C.extra)))
        b.send(bus: ZkWasmBus.range8, values: [m(C.extra)], multiplicity: isStore * w1)
        let width = w1 + 2 * w2 + 4 * w4 + 8 * w8
        b.assertZero(active * (65536 * m(C.pages) - m(C.address) - width - m(C.slackLow) - 65536 * m(C.slackHigh)))
        b.send(bus: ZkWasmBus.range16, values: [m(C.slackLow)], multiplicity: active)
        b.send(bus: ZkWasmBus.range8, values: [m(C.slackHigh)], multiplicity: active)
        b.receive(bus: ZkWasmBus.memoryOperation, values: [m(C.clk), isStore, width, m(C.address)] + u + [m(C.pages)], multiplicity: active)
    }
}
