import SproutCoreField
import SproutCoreHash
import SproutCoreMerkle

/// The program identity of a zkwasm module: a Poseidon2 Merkle root over its canonical image.
///
/// ## Layout (version 1)
/// A matrix of 16 BabyBear columns, every entry a 16-bit limb (so it is below the modulus):
/// - row 0, header: `0x7A6B, 0x7761` ("zkwa"), version `1`, then code rows, branch-target rows
///   and metadata bytes, each as two limbs (low, high).
/// - rows `1 + pc` for every instruction `pc` of ``WasmModule/code``: `opcode`, `a` (2 limbs),
///   `b` (2 limbs), `immediate` (4 limbs), then zeros — the instruction fetch table.
/// - one row per ``WasmModule/branchTargets`` entry: `pc`, `drop`, `arity`, 2 limbs each.
/// - the metadata bytes (see ``metadata(of:)``), 32 bytes (16 little-endian limbs) per row.
/// - zero rows up to a power of two.
///
/// The commitment is the root of ``MerkleTree`` over that matrix (leaves: Poseidon2-16 sponge of
/// a row; nodes: Poseidon2 compression), written as the 8 canonical elements, 4 bytes little-endian
/// each (32 bytes). Any change of an instruction, an immediate, a data byte, a global, the table,
/// the types, the imports or the exports changes it.
public enum ZkWasmImageCommitment {
    public static let width = 16
    public static let version: UInt32 = 1

    public static func commit(_ module: WasmModule) -> [UInt8] {
        let metadata = metadata(of: module)
        var limbs: [UInt16] = []
        let metadataRows = (metadata.count + 31) / 32
        let rows = 1 + module.code.count + module.branchTargets.count + metadataRows
        limbs.reserveCapacity(rows * width)
        func row(_ values: [UInt16]) {
            limbs.append(contentsOf: values)
            limbs.append(contentsOf: repeatElement(0, count: width - values.count))
        }
        func split(_ value: UInt32) -> [UInt16] { [UInt16(truncatingIfNeeded: value), UInt16(truncatingIfNeeded: value >> 16)] }
        row([0x7A6B, 0x7761] + split(version) + split(UInt32(module.code.count)) + split(UInt32(module.branchTargets.count)) + split(UInt32(metadata.count)))
        for instruction in module.code {
            let immediate = instruction.immediate
            row(
                [instruction.opcode.rawValue] + split(instruction.a) + split(instruction.b)
                    + split(UInt32(truncatingIfNeeded: immediate)) + split(UInt32(truncatingIfNeeded: immediate >> 32)))
        }
        for target in module.branchTargets { row(split(target.pc) + split(target.drop) + split(target.arity)) }
        var padded = metadata
        padded.append(contentsOf: repeatElement(0, count: metadataRows * 32 - metadata.count))
        for start in stride(from: 0, to: padded.count, by: 32) {
            row((0..<16).map { UInt16(padded[start + 2 * $0]) | UInt16(padded[start + 2 * $0 + 1]) << 8 })
        }
        var height = 1
        while height < rows { height <<= 1 }
        limbs.append(contentsOf: repeatElement(0, count: (height - rows) * width))
        let matrix = RowMajorMatrix<BabyBear>(width: width, values: limbs.map { BabyBear(UInt32($0)) })
        let root = MerkleTree(matrix: matrix).root
        var bytes: [UInt8] = []
        for element in root.elements {
            let value = element.value
            for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return bytes
    }

    /// The canonical bytes of everything but the code: little-endian u32 counts and values.
    ///
    /// Types (parameter and result type bytes), functions (type index, host function id or
    /// 0xFFFFFFFF, parameter/local/result counts, entry pc, max stack height), globals (type,
    /// mutability, initial u64), memory and table limits (presence, minimum, maximum or
    /// 0xFFFFFFFF), element segments (offset, function indices), data segments (active flag, offset,
    /// length, bytes), start function (or 0xFFFFFFFF), exported functions sorted by name (UTF-8
    /// length, bytes, index).
    public static func metadata(of module: WasmModule) -> [UInt8] {
        var bytes: [UInt8] = []
        func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) } }
        func u64(_ value: UInt64) {
            u32(UInt32(truncatingIfNeeded: value))
            u32(UInt32(truncatingIfNeeded: value >> 32))
        }
        func int(_ value: Int) { u32(UInt32(truncatingIfNeeded: value)) }
        let none = UInt32.max
        int(module.types.count)
        for type in module.types {
            int(type.parameters.count)
            bytes.append(contentsOf: type.parameters.map(\.rawValue))
            int(type.results.count)
            bytes.append(contentsOf: type.results.map(\.rawValue))
        }
        int(module.functions.count)
        int(module.importCount)
        for function in module.functions {
            int(function.typeIndex)
            u32(function.host?.rawValue ?? none)
            int(function.parameterCount)
            int(function.localCount)
            int(function.resultCount)
            u32(function.entry < 0 ? none : UInt32(function.entry))
            int(function.maxStackHeight)
        }
        int(module.globals.count)
        for global in module.globals {
            bytes.append(global.type.rawValue)
            bytes.append(global.isMutable ? 1 : 0)
            u64(global.initialValue)
        }
        u32(module.memoryMinimumPages ?? none)
        u32(module.memoryMaximumPages ?? none)
        u32(module.tableMinimum ?? none)
        u32(module.tableMaximum ?? none)
        int(module.elements.count)
        for segment in module.elements {
            u32(segment.offset)
            int(segment.functions.count)
            for function in segment.functions { u32(function) }
        }
        int(module.data.count)
        for segment in module.data {
            bytes.append(segment.offset == nil ? 0 : 1)
            u32(segment.offset ?? 0)
            int(segment.bytes.count)
            bytes.append(contentsOf: segment.bytes)
        }
        u32(module.start.map { UInt32($0) } ?? none)
        let exports = module.exports.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        int(exports.count)
        for (name, index) in exports {
            int(name.utf8.count)
            bytes.append(contentsOf: name.utf8)
            int(index)
        }
        return bytes
    }
}
