import SproutCoreAIR
import SproutCoreField

/// The committed module image as a fixed (preprocessed) table: the instruction-fetch side of the
/// zkwasm proof.
///
/// Row `pc` (for every instruction of ``WasmModule/code``, then padding rows) holds
/// `(pc, class, a, b, imm₀…imm₃, calleeEntry, calleeParameters, calleeLocals)`: the
/// ``ZkWasmOperation/classID`` (0 for an instruction no successful run executes, or for padding), the
/// instruction's `a`, `b` and 64-bit immediate in 16-bit limbs, and for a call of a defined
/// function its entry pc and parameter and local counts. The only main column is the number of
/// times each row is fetched; the table receives the CPU's fetches on ``ZkWasmBus/fetch``. As the
/// verifier derives the table from its own module and the STARK binds the preprocessed
/// commitment into the transcript, a proof speaks only about that module's instructions.
struct ZkWasmProgramAIR: AIR {
    let table: RowMajorMatrix<BabyBear>

    static let width = 11

    /// Builds the fetch table of `module`, whose operands `a` and `b` are below 2³⁰
    /// (``ZkWasmProgram`` refuses other modules). A load or store with an offset of 2²⁶ or more
    /// gets class 0: it always traps (memory has at most 2²⁰ bytes), and the CPU's address sum
    /// relies on smaller offsets.
    init(module: WasmModule) {
        var height = 2
        while height < module.code.count { height <<= 1 }
        var values = [BabyBear](repeating: .zero, count: height * Self.width)
        for row in 0..<height { values[row * Self.width] = BabyBear(UInt32(row)) }
        for (pc, instruction) in module.code.enumerated() {
            let base = pc * Self.width
            let operation = ZkWasmOperation.of(instruction, in: module).flatMap { $0.memoryWidth > 0 && instruction.immediate >= 1 << 26 ? nil : $0 }
            values[base + 1] = BabyBear(UInt32(operation?.classID ?? 0))
            values[base + 2] = BabyBear(ZkWasmOperation.fetchedA(instruction))
            values[base + 3] = BabyBear(instruction.b)
            let immediate = ZkWasmOperation.fetchedImmediate(instruction)
            for i in 0..<4 { values[base + 4 + i] = BabyBear(UInt32(truncatingIfNeeded: (immediate >> UInt64(16 * i)) & 0xFFFF)) }
            if operation == .call {
                let callee = module.functions[Int(instruction.a)]
                values[base + 8] = BabyBear(UInt32(callee.entry))
                values[base + 9] = BabyBear(UInt32(callee.parameterCount))
                values[base + 10] = BabyBear(UInt32(callee.localCount))
            }
        }
        table = RowMajorMatrix(width: Self.width, values: values)
    }

    var name: String { "zkwasm-program" }
    var mainWidth: Int { 1 }
    var preprocessedWidth: Int { Self.width }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { table }
    func evaluate(_ b: inout AIRBuilder) {
        b.receive(bus: ZkWasmBus.fetch, values: (0..<Self.width).map { b.preprocessed($0) }, multiplicity: b.main(0))
    }
}
