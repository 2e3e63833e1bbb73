import SproutCoreAIR
import SproutCoreField

/// A fixed (preprocessed) table that the verifier derives from its own copy of the module, so a
/// CPU row can only use what the module says. Column 0 is `real` (1 on table rows, 0 on
/// padding) and the other columns are the tuple received on `bus`; the only main column counts
/// the lookups, and it must be 0 on padding rows so that no CPU row can use them.
protocol ZkWasmModuleTable: AIR {
    static var bus: Int { get }
    var table: RowMajorMatrix<BabyBear> { get }
}

extension ZkWasmModuleTable {
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { table.width }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }

    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero((1 - b.preprocessed(0)) * b.main(0))
        b.receive(bus: Self.bus, values: (1..<table.width).map { b.preprocessed($0) }, multiplicity: b.main(0))
    }

    /// `rows` (row-major, `width` values each) padded with zero rows to a power-of-two height of
    /// at least 2.
    static func paddedTable(_ rows: [BabyBear], width: Int) -> RowMajorMatrix<BabyBear> {
        var height = 2
        while height < rows.count / width { height <<= 1 }
        return RowMajorMatrix(width: width, values: rows + repeatElement(.zero, count: height * width - rows.count))
    }
}
