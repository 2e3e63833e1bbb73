import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmBoundaryAIR``.
enum BoundaryColumn {
    static let isReal = 0, space = 1, address = 2, initial = 3, final = 7, finalTime = 11
    static let width = 12
}

/// The memory boundary of one segment: one row per cell the segment touches, in any of the four
/// spaces (``ZkWasmSpace``: stack slots, globals, call frames, linear-memory bytes), then padding
/// rows (`isReal = 0`).
///
/// A real row produces `(space, address, init₀…₃, 0)` on ``ZkWasmBus/memory`` (every segment's
/// timestamps start at 0) and consumes the cell's final tuple `(space, address, final₀…₃,
/// finalTime)`, and it sends `(space, address, init₀…₃, 0)` and `(space, address, final₀…₃, 1)`
/// on ``ZkWasmBus/boundary``. The verifier receives those from its own copy of the machine's
/// memory (the module's initial memory and globals, zeroed slots and frames; after a segment, its
/// final values), one pair per cell of the receipt's list, whose addresses it checks to be
/// distinct and in bounds. So the rows are exactly the listed cells: a cell cannot start twice
/// (which would fork its history), and an access to a cell outside the list, such as a
/// linear-memory address beyond the memory, consumes a tuple that nothing produced.
///
/// Values need no range checks here: initial ones come from the verifier, final ones are the
/// last tuple some access wrote (and range checked).
struct ZkWasmBoundaryAIR: AIR {
    var name: String { "zkwasm-boundary" }
    var mainWidth: Int { BoundaryColumn.width }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = BoundaryColumn
        let isReal = b.main(C.isReal), space = b.main(C.space), address = b.main(C.address)
        let initial = (0..<4).map { b.main(C.initial + $0) }, final = (0..<4).map { b.main(C.final + $0) }
        b.assertBoolean(isReal)
        b.send(bus: ZkWasmBus.memory, values: [space, address] + initial + [0], multiplicity: isReal)
        b.receive(bus: ZkWasmBus.memory, values: [space, address] + final + [b.main(C.finalTime)], multiplicity: isReal)
        b.send(bus: ZkWasmBus.boundary, values: [space, address] + initial + [0], multiplicity: isReal)
        b.send(bus: ZkWasmBus.boundary, values: [space, address] + final + [1], multiplicity: isReal)
    }
}
