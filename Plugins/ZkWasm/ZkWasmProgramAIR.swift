import SproutCoreAIR
import SproutCoreField

/// The committed module image as a fixed (preprocessed) table: the instruction-fetch side of the
/// zkwasm proof.
///
/// Row `pc` (for every instruction of ``WasmModule/code``, then padding rows) holds
/// `(pc, class, a, b, imm₀…imm₃, calleeEntry, calleeParameters, calleeLocals)`: the
/// ``ZkWasmOperation/classID`` (0 when the instruction is not provable, or for padding), the
/// instruction's `a`, `b` and 64-bit immediate in 16-bit limbs, and for a call of a defined
/// function its entry pc and parameter and local counts. The only main column is the number of
/// times each row is fetched; the table receives the CPU's fetches on ``ZkWasmBus/fetch``. As the
/// verifier derives the table from its own module and the STARK binds the preprocessed
/// commitment into the transcript, a proof speaks only about that module's instructions.
struct ZkWasmProgramAIR: AIR {
    let table: RowMajorMatrix<BabyBear>

    static let width = 11

    /// Builds the fetch table of `module`.
    /// Throws: a message when an immediate field does not fit the table (`a` or `b` ≥ 2³⁰).
    init(module: WasmModule) throws(EngineErrorMessage) {
        var height = 2
        while height < module.code.count { height <<= 1 }
        var values = [BabyBear](repeating: .zero, count: height * Self.width)
        for row in 0..<height { values[row * Self.width] = BabyBear(UInt32(row)) }
        for (pc, instruction) in module.code.enumerated() {
            guard instruction.a < 1 << 30, instruction.b < 1 << 30 else {
                throw EngineErrorMessage("instruction \(pc) has an operand too large for the proof")
            }
            let base = pc * Self.width
            let operation = ZkWasmOperation.of(instruction, in: module)
            if let operation, operation.memoryWidth > 0, instruction.immediate >= 1 << 26 {
                throw EngineErrorMessage("instruction \(pc) (\(instruction.opcode.name)) has a memory offset of 2^26 or more, which is not provable yet")
            }
            values[base + 1] = BabyBear(UInt32(operation?.classID ?? 0))
            values[base + 2] = BabyBear(instruction.a)
            values[base + 3] = BabyBear(instruction.b)
            for i in 0..<4 { values[base + 4 + i] = BabyBear(UInt32(truncatingIfNeeded: (instruction.immediate >> UInt64(16 * i)) & 0xFFFF)) }
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

/// The range table: `x = 0…2¹⁶ − 1` (fixed) with multiplicities for ``ZkWasmBus/range16``,
/// ``ZkWasmBus/range14`` and ``ZkWasmBus/range8``; a 14-bit lookup of `x ≥ 2¹⁴` is impossible
/// because its multiplicity is constrained to 0 (`(1 − small)·m₁₄ = 0` with the fixed flag
/// `small = [x < 2¹⁴]`), and likewise for bytes (`(1 − byte)·m₈ = 0`, `byte = [x < 2⁸]`).
struct ZkWasmRangeAIR: AIR {
    static let table: RowMajorMatrix<BabyBear> = {
        var values = [BabyBear](repeating: .zero, count: 3 << 16)
        for x in 0..<(1 << 16) {
            values[3 * x] = BabyBear(UInt32(x))
            values[3 * x + 1] = x < 1 << 14 ? .one : .zero
            values[3 * x + 2] = x < 1 << 8 ? .one : .zero
        }
        return RowMajorMatrix(width: 3, values: values)
    }()

    var name: String { "zkwasm-range" }
    var mainWidth: Int { 3 }
    var preprocessedWidth: Int { 3 }
    func preprocessedTrace() -> RowMajorMatrix<BabyBear>? { Self.table }
    func evaluate(_ b: inout AIRBuilder) {
        b.assertZero((1 - b.preprocessed(1)) * b.main(1))
        b.assertZero((1 - b.preprocessed(2)) * b.main(2))
        b.receive(bus: ZkWasmBus.range8, values: [b.preprocessed(0)], multiplicity: b.main(2))
        b.receive(bus: ZkWasmBus.range16, values: [b.preprocessed(0)], multiplicity: b.main(0))
        b.receive(bus: ZkWasmBus.range14, values: [b.preprocessed(0)], multiplicity: b.main(1))
    }
}

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

/// Initial and final contents of the stack-slot and frame spaces: row `i` is address `i`
/// (`addr₀ = 0`, `addr' = addr + 1`, so each address appears once). Each row produces
/// `(space, i, 0, 0)` (slots and frames start zeroed) and consumes the final tuple
/// `(space, i, final, finalTime)` of both spaces. Main columns: `addr, stackFinal₀…₃,
/// stackTime, frameFinal₀…₃, frameTime`.
struct ZkWasmSlotBoundaryAIR: AIR {
    var name: String { "zkwasm-slots" }
    var mainWidth: Int { 11 }
    func evaluate(_ b: inout AIRBuilder) {
        let address = b.main(0)
        b.assertZeroOnFirstRow(address)
        b.assertZeroOnTransition(b.nextMain(0) - address - 1)
        for (space, base) in [(ZkWasmSpace.stack, 1), (ZkWasmSpace.frame, 6)] {
            let s = AIRExpression(integerLiteral: Int64(space))
            b.send(bus: ZkWasmBus.memory, values: [s, address, 0, 0, 0, 0, 0])
            b.receive(bus: ZkWasmBus.memory, values: [s, address] + (0..<5).map { b.main(base + $0) })
        }
    }
}

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
