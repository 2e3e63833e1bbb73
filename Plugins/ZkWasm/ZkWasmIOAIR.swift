import SproutCoreAIR
import SproutCoreField

/// The public inputs and outputs as a fixed table `(kind, index, v₀…v₃, real)`: kind 1 rows are
/// the values `wasm_input(1)` must read, in order; kind 2 rows the `wasm_output` values. Every
/// real row is received exactly once (multiplicity `real`, fixed), so the CPU must read every
/// public input and emit exactly these outputs. The verifier builds the table from the receipt.
struct ZkWasmIOAIR: AIR {
    let table: RowMajorMatrix<BabyBear>

    init(publicInputs: [UInt64], outputs: [UInt64]) {
        let rows = publicInputs.count + outputs.count
        var height = 2
        while height < rows { height <<= 1 }
        var values = [BabyBear](repeating: .zero, count: height * 7)
        for (k, (kind, index, value)) in (publicInputs.enumerated().map { (1, $0.offset, $0.element) } + outputs.enumerated().map { (2, $0.offset, $0.element) }).enumerated() {
            values[7 * k] = BabyBear(UInt32(kind))
            values[7 * k + 1] = BabyBear(UInt32(index))
            for i in 0..<4 { values[7 * k + 2 + i] = BabyBear(UInt32(truncatingIfNeeded: (value >> UInt64(16 * i)) & 0xFFFF)) }
            values[7 * k + 6] = .one
        }
        table = RowMajorMatrix(width: 7, values: values)
    }

    var name: String { "zkwasm-io" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { 7 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }
    func evaluate(_ b: inout AIRBuilder) {
        b.receive(bus: ZkWasmBus.io, values: (0..<6).map { b.preprocessed($0) }, multiplicity: b.preprocessed(6))
    }
}
