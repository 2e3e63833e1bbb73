/// The proof of one segment of a run, as a receipt carries it: the CPU state where the segment
/// ends, the cells it touched with their final values, and its STARK proof.
///
/// The verifier holds the machine state before the segment (the module's initial state at the
/// start, afterwards the previous segment's end), takes the cells' initial values from it and
/// checks the proof against both ends (``ZkWasmProver/verify(program:receipt:)``).
///
/// Encoding (integers little-endian, `leb` = unsigned LEB128 without redundant bytes):
/// `end state: u32 × 9 ‖ cellCount:u32 ‖ cells ‖ proofLength:u32 ‖ proof` (the ``STARKProof``
/// encoding), each cell `leb((key − previousKey − 1)·2 + written) ‖ [final₀…₃: leb × 4 if
/// written]` with `key = space·2³² + address` (the first cell's previous key counts as −1), so
/// cells are sorted by strictly increasing (space, address) and a cell the segment only read
/// costs one or two bytes.
public struct ZkWasmSegment: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// ``ZkWasmSpace``: 0 stack slot, 1 global, 2 call frame, 3 linear memory (an aligned
        /// 8-byte word: `address` is the byte address / 8).
        public var space: UInt32
        public var address: UInt32
        /// The four field values at the segment's end (a word's bytes paired into 16-bit limbs),
        /// `nil` when they equal the values at its start.
        public var final: [UInt32]?

        public init(space: UInt32, address: UInt32, final: [UInt32]?) {
            self.space = space
            self.address = address
            self.final = final
        }

        var key: UInt64 { UInt64(space) << 32 | UInt64(address) }
    }

    public var end: ZkWasmCPUState
    public var cells: [Cell]
    public var proof: [UInt8]

    public init(end: ZkWasmCPUState, cells: [Cell], proof: [UInt8]) {
        self.end = end
        self.cells = cells
        self.proof = proof
    }

    /// Addresses of every space stay below 2³⁰ (no wrap modulo p in the tables).
    static let addressLimit: UInt32 = 1 << 30
    static let modulus: UInt32 = 2_013_265_921

    /// Appends the encoding. The cells must be sorted by strictly increasing (space, address).
    func encode(into out: inout [UInt8]) {
        func u32(_ v: UInt32) { out += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
        func leb(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        for v in end.values { u32(v) }
        u32(UInt32(cells.count))
        var previous: Int64 = -1
        for cell in cells {
            precondition(Int64(cell.key) > previous, "segment cells must be sorted by strictly increasing (space, address)")
            leb(UInt64(Int64(cell.key) - previous - 1) << 1 | (cell.final == nil ? 0 : 1))
            for limb in cell.final ?? [] { leb(UInt64(limb)) }
            previous = Int64(cell.key)
        }
        u32(UInt32(proof.count))
        out += proof
    }

    /// Decodes one segment at `offset` (advanced past it). Never traps on hostile bytes; checks
    /// that the state values and final limbs are canonical field elements, the spaces exist and
    /// addresses stay below 2³⁰.
    init(decoding bytes: [UInt8], offset: inout Int, index: Int) throws(EngineErrorMessage) {
        func fail(_ reason: String) -> EngineErrorMessage { EngineErrorMessage("zkwasm receipt segment \(index) at byte \(offset): \(reason)") }
        func u32(_ what: String) throws(EngineErrorMessage) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw fail("\(what) needs 4 bytes, \(bytes.count - offset) left") }
            defer { offset += 4 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
        }
        func leb(_ what: String, maxBits: UInt64) throws(EngineErrorMessage) -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < maxBits else { throw fail("malformed \(what)") }
                let byte = bytes[offset]
                offset += 1
                v |= UInt64(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 {
                    guard byte != 0 || shift == 7 else { throw fail("non-canonical \(what)") }
                    guard v >> maxBits == 0 else { throw fail("\(what) too large") }
                    return v
                }
            }
        }
        var state: [UInt32] = []
        for _ in 0..<ZkWasmCPUState.count {
            let v = try u32("end state")
            guard v < Self.modulus else { throw fail("end state value \(v) is not a field element") }
            state.append(v)
        }
        end = ZkWasmCPUState(values: state)
        let count = try u32("cell count")
        guard Int(count) <= bytes.count - offset else { throw fail("\(count) cells in \(bytes.count - offset) bytes") }
        var cells: [Cell] = []
        cells.reserveCapacity(Int(count))
        var previous: Int64 = -1
        for _ in 0..<count {
            let v = try leb("cell address", maxBits: 40)
            let key = previous + 1 + Int64(v >> 1)
            let space = UInt32(key >> 32), address = UInt32(truncatingIfNeeded: key)
            guard space <= UInt32(ZkWasmSpace.linear), address < Self.addressLimit else { throw fail("cell (\(space), \(address)) is outside every space") }
            var final: [UInt32]?
            if v & 1 == 1 {
                var limbs: [UInt32] = []
                for _ in 0..<4 {
                    let limb = try leb("cell value", maxBits: 32)
                    guard limb < UInt64(Self.modulus) else { throw fail("cell value \(limb) is not a field element") }
                    limbs.append(UInt32(limb))
                }
                final = limbs
            }
            cells.append(Cell(space: space, address: address, final: final))
            previous = key
        }
        self.cells = cells
        let length = Int(try u32("proof length"))
        guard length <= bytes.count - offset else { throw fail("the proof needs \(length) bytes, \(bytes.count - offset) left") }
        proof = Array(bytes[offset..<(offset + length)])
        offset += length
    }
}
