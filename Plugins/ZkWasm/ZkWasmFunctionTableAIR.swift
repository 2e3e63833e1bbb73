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
/// run that traps has no proof). Slots never hold host functions: the parser puts a defined
/// wrapper there instead (``WasmModuleParser``).
struct ZkWasmFunctionTableAIR: ZkWasmModuleTable {
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
        table = Self.paddedTable(values, width: Self.width)
        self.rowOf = rowOf
    }

    static var bus: Int { ZkWasmBus.function }
    var name: String { "zkwasm-function-table" }
}
