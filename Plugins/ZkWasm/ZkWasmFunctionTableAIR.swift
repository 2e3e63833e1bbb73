import SproutCoreAIR
import SproutCoreField

/// The module's function table (after its element segments) as a fixed (preprocessed) table,
/// for `call_indirect`.
///
/// Row `(real, index, type, entry, parameters, locals)` for every table slot holding a function
/// the module defines: its canonical type index, entry pc and parameter and declared-local
/// counts; padding rows have `real = 0` and multiplicity 0. The CPU sends
/// `(index, expected type, entry, parameters, locals)` on ``ZkWasmBus/function``, so an indirect
/// call can only reach the function in that slot, and only when its type is the one the
/// instruction expects (a mismatch, a null slot or an index past the table traps instead, and a
/// run that traps has no proof). Slots holding host functions have no row: calling one
/// indirectly is not provable.
struct ZkWasmFunctionTableAIR: AIR {
    let table: RowMajorMatrix<BabyBear>
    /// The row of each table slot that has one.
    let rowOf: [Int: Int]

    static let width = 6

    init(module: WasmModule) {
        var slots = [UInt32?](repeating: nil, count: Int(module.tableMinimum ?? 0))
        for segment in module.elements {
            for (offset, function) in segment.functions.enumerated() where Int(segment.offset) + offset < slots.count {
                slots[Int(segment.offset) + offset] = function
            }
        }
        var values: [BabyBear] = []
        var rowOf: [Int: Int] = [:]
        for (index, slot) in slots.enumerated() {
            guard let slot, Int(slot) < module.functions.count else { continue }
            let function = module.functions[Int(slot)]
            guard function.host == nil else { continue }
            rowOf[index] = values.count / Self.width
            values += [
                .one, BabyBear(UInt32(index)), BabyBear(function.canonicalType), BabyBear(UInt32(function.entry)),
                BabyBear(UInt32(function.parameterCount)), BabyBear(UInt32(function.localCount)),
            ]
        }
        var height = 2
        while height < values.count / Self.width { height <<= 1 }
        values.append(contentsOf: repeatElement(.zero, count: height * Self.width - values.count))
        table = RowMajorMatrix(width: Self.width, values: values)
        self.rowOf = rowOf
    }

    var name: String { "zkwasm-function-table" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { Self.width }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero((1 - b.preprocessed(0)) * b.main(0))
        b.receive(bus: ZkWasmBus.function, values: (1..<Self.width).map { b.preprocessed($0) }, multiplicity: b.main(0))
    }
}
