import SproutCoreField

/// The CPU's state between two instructions, where one segment of a run ends and the next
/// begins: the columns `pc, fp, sp, depth, pending, publicIndex, outputIndex, phase, pages` of
/// ``ZkWasmCPUAIR`` (see ``CPUColumn``), as canonical field values (`depth` is `p − 1` after the
/// halting return). Segment `i` ends in the state segment `i + 1` starts from.
public struct ZkWasmCPUState: Equatable, Sendable {
    /// The columns in ``ZkWasmCPUAIR``'s state order.
    public var values: [UInt32]

    public static let count = 9
    static let columns = [
        CPUColumn.pc, CPUColumn.fp, CPUColumn.sp, CPUColumn.depth, CPUColumn.pending, CPUColumn.publicIndex, CPUColumn.outputIndex, CPUColumn.phase,
        CPUColumn.pages,
    ]

    public init(values: [UInt32]) {
        precondition(values.count == Self.count)
        self.values = values
    }

    init(pc: Int, fp: Int, sp: Int, depth: Int, pending: Int, publicIndex: Int, outputIndex: Int, phase: Int, pages: Int) {
        values = [pc, fp, sp, depth, pending, publicIndex, outputIndex, phase, pages].map { BabyBear(signed: Int64($0)).value }
    }

    /// Public inputs read and outputs written before this state.
    public var publicIndex: UInt32 { values[5] }
    public var outputIndex: UInt32 { values[6] }

    var field: [BabyBear] { values.map { BabyBear($0) } }
}
