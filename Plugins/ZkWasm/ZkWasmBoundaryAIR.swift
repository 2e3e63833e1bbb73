import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmBoundaryAIR``.
enum BoundaryColumn {
    static let isReal = 0, isLinear = 1, space = 2, address = 3, initial = 4, final = 12, finalTime = 20
    static let width = 28
}

/// The memory boundary of one segment: one row per cell the segment touches in the stack-slot,
/// global and call-frame spaces (``ZkWasmSpace``), and one per aligned 8-byte word of linear
/// memory it touches (`isLinear`), then padding rows (`isReal = 0`).
///
/// A cell row (values `init₀…₃`, `final₀…₃`, time `t₀`) produces `(space, address, init, 0)` on
/// ``ZkWasmBus/memory`` (every segment's timestamps start at 0) and consumes the cell's final
/// tuple `(space, address, final, t₀)`. A word row (word index `w`, bytes `initⱼ`, `finalⱼ`,
/// times `tⱼ`, `j < 8`) does the same for each byte cell `(3, 8w + j, byte, 0, 0, 0, time)` (a
/// byte the segment did not access is produced and consumed at time 0 with its value). Each row
/// also sends `(tag, address, v₀…₃, 0)` with its initial values and `(tag, address, v₀…₃, 1)` with
/// its final ones on ``ZkWasmBus/boundary``, where a word's `vᵢ = b₂ᵢ + 2⁸·b₂ᵢ₊₁` and `tag =
/// space + 4·isLinear` (7 for words; a row cannot pass a word off as a cell or back, as the
/// verifier sends tags 0, 1, 2 and 7 only).
///
/// The verifier receives those from its own copy of the machine's memory (the module's initial
/// memory and globals, zeroed slots and frames; after a segment, its final values), one pair per
/// cell of the receipt's list, whose addresses it checks to be distinct and in bounds. So the
/// rows are exactly the listed cells: a cell cannot start twice (which would fork its history),
/// and an access to a cell outside the list, such as a linear-memory address beyond the memory,
/// consumes a tuple that nothing produced.
///
/// A word's initial bytes are range checked to 8 bits (the verifier states their 16-bit pairs,
/// whose split into bytes is unique only for bytes); other values need no range checks here:
/// a cell's initial limbs come from the verifier, final values are the last tuple some access
/// wrote (and range checked), or the initial one.
struct ZkWasmBoundaryAIR: AIR {
    var name: String { "zkwasm-boundary" }
    var mainWidth: Int { BoundaryColumn.width }

    /// The boundary tag of a space (see the type's description).
    static func tag(space: Int) -> Int { space == ZkWasmSpace.linear ? ZkWasmSpace.linear + 4 : space }

    /// A word's 8 bytes as four 16-bit limbs.
    static func limbs(bytes: [UInt32]) -> [UInt32] { (0..<4).map { bytes[2 * $0] | bytes[2 * $0 + 1] << 8 } }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = BoundaryColumn
        let isReal = b.main(C.isReal), isLinear = b.main(C.isLinear), space = b.main(C.space), address = b.main(C.address)
        let initial = (0..<8).map { b.main(C.initial + $0) }, final = (0..<8).map { b.main(C.final + $0) }
        let times = (0..<8).map { b.main(C.finalTime + $0) }
        b.assertBoolean(isReal)
        b.assertBoolean(isLinear)
        b.assertZero(isLinear * (1 - isReal))
        let cell = isReal - isLinear
        b.send(bus: ZkWasmBus.memory, values: [space, address] + initial[0..<4] + [0], multiplicity: cell)
        b.receive(bus: ZkWasmBus.memory, values: [space, address] + final[0..<4] + [times[0]], multiplicity: cell)
        let linear = AIRExpression(integerLiteral: Int64(ZkWasmSpace.linear))
        for j in 0..<8 {
            // The verifier states a word as limbs; bytes make the split into bytes unique.
            b.send(bus: ZkWasmBus.range8, values: [initial[j]], multiplicity: isLinear)
            let byteAddress = 8 * address + AIRExpression(integerLiteral: Int64(j))
            b.send(bus: ZkWasmBus.memory, values: [linear, byteAddress, initial[j], 0, 0, 0, 0], multiplicity: isLinear)
            b.receive(bus: ZkWasmBus.memory, values: [linear, byteAddress, final[j], 0, 0, 0, times[j]], multiplicity: isLinear)
        }
        // Cells send their limbs; words their bytes paired into limbs.
        func values(_ v: [AIRExpression]) -> [AIRExpression] { (0..<4).map { i in v[i] + isLinear * (v[2 * i] + 256 * v[2 * i + 1] - v[i]) } }
        let tag = space + 4 * isLinear
        b.send(bus: ZkWasmBus.boundary, values: [tag, address] + values(initial) + [0], multiplicity: isReal)
        b.send(bus: ZkWasmBus.boundary, values: [tag, address] + values(final) + [1], multiplicity: isReal)
    }
}
