import SproutCoreAIR
import SproutCoreField

/// Initial and final contents of linear memory: fixed `(address, initialByte, real)` for every
/// byte of the module's initial memory (its minimum pages with the active data segments
/// applied), main `(finalByte, finalTime)`. Produces `(3, address, initial, 0, 0, 0, 0)` and
/// consumes the final tuple. An access outside the memory finds no tuple, so a run that would
/// trap has no proof. `memory.grow` is not provable yet, so the size is fixed.
struct ZkWasmMemoryBoundaryAIR: AIR {
    let table: RowMajorMatrix<BabyBear>
    /// The initial memory bytes.
    let initial: [UInt8]

    /// Most bytes of initial memory a provable module may have (16 pages).
    static let maxBytes = 1 << 20

    init(module: WasmModule) throws(EngineErrorMessage) {
        let size = Int(module.memoryMinimumPages ?? 0) * 65536
        guard size <= Self.maxBytes else { throw EngineErrorMessage("modules with more than 16 pages of initial memory are not provable yet") }
        var bytes = [UInt8](repeating: 0, count: size)
        for segment in module.data {
            guard let offset = segment.offset else { continue }
            guard Int(offset) + segment.bytes.count <= size else { throw EngineErrorMessage("a data segment lies outside the initial memory") }
            bytes.replaceSubrange(Int(offset)..<(Int(offset) + segment.bytes.count), with: segment.bytes)
        }
        var height = 2
        while height < size { height <<= 1 }
        var values = [BabyBear](repeating: .zero, count: 3 * height)
        for address in 0..<height { values[3 * address] = BabyBear(UInt32(address)) }
        for (address, byte) in bytes.enumerated() {
            values[3 * address + 1] = BabyBear(UInt32(byte))
            values[3 * address + 2] = .one
        }
        table = RowMajorMatrix(width: 3, values: values)
        initial = bytes
    }

    var name: String { "zkwasm-memory" }
    var mainWidth: Int { 2 }
    var preprocessedWidth: Int { 3 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }
    func evaluate(_ b: inout AIRBuilder) {
        let linear = AIRExpression(integerLiteral: Int64(ZkWasmSpace.linear))
        let address = b.preprocessed(0), real = b.preprocessed(2)
        b.send(bus: ZkWasmBus.memory, values: [linear, address, b.preprocessed(1), 0, 0, 0, 0], multiplicity: real)
        b.receive(bus: ZkWasmBus.memory, values: [linear, address, b.main(0), 0, 0, 0, b.main(1)], multiplicity: real)
    }
}
