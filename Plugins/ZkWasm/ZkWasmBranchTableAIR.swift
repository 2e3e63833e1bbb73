import SproutCoreAIR
import SproutCoreField

/// The `br_table` entries of the committed module image as a fixed (preprocessed) table.
///
/// Row `(real, pc, j, target, drop, arity)` for every `br_table` instruction at `pc` and every
/// entry `j = 0…b` of its label list (`b` = the default), with the branch target's pc, the
/// number of slots it drops and its arity; padding rows have `real = 0`, and their
/// multiplicity is constrained to 0 so no CPU row can use them. The only main column counts
/// the lookups; the CPU sends `(pc, j, target, drop, arity)` on ``ZkWasmBus/branch``. As the
/// verifier derives the table from its own module, a `br_table` can only jump where the
/// module says.
struct ZkWasmBranchTableAIR: ZkWasmModuleTable {
    let table: RowMajorMatrix<BabyBear>
    /// The row of entry 0 of the `br_table` at each pc.
    let firstRow: [Int: Int]

    static let width = 6

    init(module: WasmModule) {
        var values: [BabyBear] = []
        var firstRow: [Int: Int] = [:]
        var rows = 0
        for (pc, instruction) in module.code.enumerated() where instruction.opcode == .brTable {
            firstRow[pc] = rows
            for j in 0...Int(instruction.b) {
                let target = module.branchTargets[Int(instruction.a) + j]
                values += [.one, BabyBear(UInt32(pc)), BabyBear(UInt32(j)), BabyBear(target.pc), BabyBear(target.drop), BabyBear(target.arity)]
                rows += 1
            }
        }
        table = Self.paddedTable(values, width: Self.width)
        self.firstRow = firstRow
    }

    static var bus: Int { ZkWasmBus.branch }
    var name: String { "zkwasm-branch-table" }
}
