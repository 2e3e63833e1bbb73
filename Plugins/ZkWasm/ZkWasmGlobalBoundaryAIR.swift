import SproutCoreAIR
import SproutCoreField

/// Initial and final values of the globals: fixed `(index, init₀…init₃, real)` from the module,
/// main `(final₀…final₃, finalTime)`; produces `(1, index, init, 0)` and consumes the final tuple.
struct ZkWasmGlobalBoundaryAIR: AIR {
    let table: RowMajorMatrix<BabyBear>

    init(module: WasmModule) {
        var height = 2
        while height < module.globals.count { height <<= 1 }
        var values = [BabyBear](repeating: .zero, count: height * 6)
        for row in 0..<height { values[6 * row] = BabyBear(UInt32(row)) }
        for (k, global) in module.globals.enumerated() {
            for i in 0..<4 { values[6 * k + 1 + i] = BabyBear(UInt32(truncatingIfNeeded: (global.initialValue >> UInt64(16 * i)) & 0xFFFF)) }
            values[6 * k + 5] = .one
        }
        table = RowMajorMatrix(width: 6, values: values)
    }

    var name: String { "zkwasm-globals" }
    var mainWidth: Int { 5 }
    var preprocessedWidth: Int { 6 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }
    func evaluate(_ b: inout AIRBuilder) {
        let space = AIRExpression(integerLiteral: Int64(ZkWasmSpace.global))
        let real = b.preprocessed(5)
        b.send(bus: ZkWasmBus.memory, values: [space, b.preprocessed(0)] + (1..<5).map { b.preprocessed($0) } + [0], multiplicity: real)
        b.receive(bus: ZkWasmBus.memory, values: [space, b.preprocessed(0)] + (0..<5).map { b.main($0) }, multiplicity: real)
    }
}
