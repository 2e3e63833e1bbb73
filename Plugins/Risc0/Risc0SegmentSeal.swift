/// The proof of one segment of a run, as a receipt carries it: where the segment ends (its
/// next pc, input offset, registers and the cells it touched) and its STARK proof.
///
/// The verifier holds the machine state before the segment (the image, zero registers and the
/// entry at the start; afterwards the previous segment's end), derives the segment's start
/// from it and checks the proof against both ends (``Risc0ProofSystem/verify(seals:exitCode:outputDigest:input:)``).
///
/// Encoding (integers little-endian): `endW:u32 ‖ inputEnd:u32 ‖ 32 registers:u32 ‖
/// cell count:u32 ‖ cells ‖ proof (the rest, ``SproutCoreSTARK/STARKProof`` encoding)`, each
/// cell `LEB128((address − previous address − 1) · 2 + written) ‖ [final:u32 if written]`
/// (the first cell's previous address counts as −1), so addresses strictly increase and
/// cells the segment only read cost one or two bytes.
struct Risc0SegmentSeal: Equatable, Sendable {
    struct Cell: Equatable, Sendable {
        var address: UInt32
        /// The value at the segment's end, `nil` when it equals the value at its start.
        var final: UInt32?
    }

    var endW: UInt32
    var inputEnd: UInt32
    var finalRegisters: [UInt32]
    var cells: [Cell]
    var proof: [UInt8]

    init(endW: UInt32, inputEnd: UInt32, finalRegisters: [UInt32], cells: [Cell], proof: [UInt8]) {
        self.endW = endW
        self.inputEnd = inputEnd
        self.finalRegisters = finalRegisters
        self.cells = cells
        self.proof = proof
    }

    /// The seal of a recorded segment and its proof bytes.
    init(trace: Risc0Trace, proof: [UInt8]) {
        self.init(
            endW: trace.endW, inputEnd: trace.inputEnd, finalRegisters: trace.finalRegisters,
            cells: trace.cells.map { Cell(address: $0.address, final: $0.final == $0.initial ? nil : $0.final) }, proof: proof)
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { out += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
        u32(endW)
        u32(inputEnd)
        for r in finalRegisters { u32(r) }
        u32(UInt32(cells.count))
        var previous: Int64 = -1
        for cell in cells {
            var v = UInt64(Int64(cell.address) - previous - 1) << 1 | (cell.final == nil ? 0 : 1)
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
            if let final = cell.final { u32(final) }
            previous = Int64(cell.address)
        }
        return out + proof
    }

    /// Decodes a segment seal; never traps on hostile bytes. Addresses must stay below 2³⁰.
    init(decoding bytes: [UInt8]) throws(Risc0Receipt.DecodingError) {
        var offset = 0
        func u32(_ what: String) throws(Risc0Receipt.DecodingError) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw Risc0Receipt.DecodingError(offset: offset, reason: "segment \(what) needs 4 bytes, \(bytes.count - offset) left") }
            defer { offset += 4 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        endW = try u32("next pc")
        inputEnd = try u32("input offset")
        var registers: [UInt32] = []
        for _ in 0..<32 { registers.append(try u32("register")) }
        finalRegisters = registers
        let count = try u32("cell count")
        guard Int(count) <= bytes.count - offset else { throw Risc0Receipt.DecodingError(offset: offset, reason: "\(count) cells in \(bytes.count - offset) bytes") }
        var cells: [Cell] = []
        cells.reserveCapacity(Int(count))
        var previous: Int64 = -1
        for _ in 0..<count {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < 35 else { throw Risc0Receipt.DecodingError(offset: offset, reason: "malformed cell address") }
                let byte = bytes[offset]
                offset += 1
                v |= UInt64(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 {
                    guard byte != 0 || shift == 7 else { throw Risc0Receipt.DecodingError(offset: offset - 1, reason: "non-canonical cell address") }
                    break
                }
            }
            let address = previous + 1 + Int64(v >> 1)
            guard address < 1 << 30 else { throw Risc0Receipt.DecodingError(offset: offset, reason: "cell address beyond guest memory") }
            cells.append(Cell(address: UInt32(address), final: v & 1 == 1 ? try u32("cell value") : nil))
            previous = address
        }
        self.cells = cells
        proof = Array(bytes[offset...])
    }
}
