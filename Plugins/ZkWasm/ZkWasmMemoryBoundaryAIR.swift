import SproutCoreAIR
import SproutCoreField

/// Initial and final contents of linear memory: fixed `(address, initialByte, real)` for every
/// byte the memory can reach (its minimum pages with the active data segments applied, and when
/// the module has a `memory.grow`, zero bytes up to its page limit), main `(finalByte,
/// finalTime)`. Produces `(3, address, initial, 0, 0, 0, 0)` and consumes the final tuple.
/// Whether an access lies within the current size is checked by ``ZkWasmMemoryAccessAIR``.
struct ZkWasmMemoryBoundaryAIR: AIR {
    let table: RowMajorMatrix<BabyBear>
    /// The initial memory bytes.
    let initial: [UInt8]

    /// The table of `module`, whose memory may grow to `limit` pages.
    init(module: WasmModule, limit: Int) throws(EngineErrorMessage) {
        let initialSize = Int(module.memoryMinimumPages ?? 0) * 65536
        let grows = module.code.contains { $0.opcode == .memoryGrow }
        var bytes = [UInt8](repeating: 0, count: grows ? max(initialSize, limit * 65536) : initialSize)
        for segment in module.data {
            guard let offset = segment.offset else { continue }
            guard Int(offset) + segment.bytes.count <= initialSize else { throw EngineErrorMessage("a data segment lies outside the initial memory") }
            bytes.replaceSubrange(Int(offset)..<(Int(offset) + segment.bytes.count), with: segment.bytes)
        }
        var height = 2
        while height < bytes.count { height <<= 1 }
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
