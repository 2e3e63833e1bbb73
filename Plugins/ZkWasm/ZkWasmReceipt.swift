/// A zkwasm receipt: what was proved about which module, and the proofs of the run's segments.
///
/// Encoding, version 2 (deterministic; integers little-endian):
/// `"SZWR" ‖ version:u8 ‖ nameLength:u16 ‖ engineName ‖ versionLength:u16 ‖ engineVersion ‖
/// imageCommitment (32 bytes) ‖ inputCount:u32 ‖ publicInputs:u64 × n ‖ outputCount:u32 ‖
/// outputs:u64 × m ‖ segmentCount:u32 ‖ segments` (``ZkWasmSegment``). Nothing may follow.
/// Version 1 (one proof of the whole run, before continuations) is refused.
public struct ZkWasmReceipt: Equatable, Sendable {
    public static let magic: [UInt8] = Array("SZWR".utf8)
    public static let formatVersion: UInt8 = 2

    public var engineName: String
    public var engineVersion: String
    /// ``ZkWasmImageCommitment`` of the module (32 bytes).
    public var imageCommitment: [UInt8]
    /// The values `wasm_input(1)` read, in order.
    public var publicInputs: [UInt64]
    /// The `wasm_output` values, in order.
    public var outputs: [UInt64]
    /// The run's segments in order; only the last one halts.
    public var segments: [ZkWasmSegment]

    public init(engineName: String, engineVersion: String, imageCommitment: [UInt8], publicInputs: [UInt64], outputs: [UInt64], segments: [ZkWasmSegment]) {
        self.engineName = engineName
        self.engineVersion = engineVersion
        self.imageCommitment = imageCommitment
        self.publicInputs = publicInputs
        self.outputs = outputs
        self.segments = segments
    }

    public func encoded() -> [UInt8] {
        var out = Self.magic + [Self.formatVersion]
        func integer(_ value: UInt64, bytes: Int) { for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i))) } }
        for text in [engineName, engineVersion] {
            integer(UInt64(text.utf8.count), bytes: 2)
            out.append(contentsOf: text.utf8)
        }
        out.append(contentsOf: imageCommitment)
        for list in [publicInputs, outputs] {
            integer(UInt64(list.count), bytes: 4)
            for value in list { integer(value, bytes: 8) }
        }
        integer(UInt64(segments.count), bytes: 4)
        for segment in segments { segment.encode(into: &out) }
        return out
    }

    /// Decodes a version-2 receipt. Never traps: malformed, truncated or over-long input throws
    /// a message naming the byte offset.
    public init(decoding bytes: [UInt8]) throws(EngineErrorMessage) {
        var offset = 0
        func take(_ count: Int, _ what: String) throws(EngineErrorMessage) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - offset else {
                throw EngineErrorMessage("zkwasm receipt is truncated at byte \(offset) (reading \(what))")
            }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }
        func integer(_ count: Int, _ what: String) throws(EngineErrorMessage) -> UInt64 {
            var value: UInt64 = 0
            for (i, byte) in try take(count, what).enumerated() { value |= UInt64(byte) << UInt64(8 * i) }
            return value
        }
        guard Array(try take(4, "magic")) == Self.magic else { throw EngineErrorMessage("not a zkwasm receipt: the magic bytes \"SZWR\" are missing") }
        let version = try integer(1, "version")
        guard version == UInt64(Self.formatVersion) else {
            if version == 1 {
                throw EngineErrorMessage(
                    "zkwasm receipt format version 1 (one proof of the whole run) is no longer supported: this engine makes and checks version \(Self.formatVersion) receipts (segmented runs); prove the task again")
            }
            throw EngineErrorMessage("zkwasm receipt format version \(version) is not supported (expected \(Self.formatVersion))")
        }
        var texts: [String] = []
        for what in ["engine name", "engine version"] {
            let length = Int(try integer(2, what + " length"))
            let start = offset
            guard let text = String(validating: try take(length, what), as: UTF8.self) else {
                throw EngineErrorMessage("zkwasm receipt \(what) at byte \(start) is not UTF-8")
            }
            texts.append(text)
        }
        let commitment = Array(try take(32, "image commitment"))
        var lists: [[UInt64]] = []
        for what in ["public inputs", "outputs"] {
            let count = Int(try integer(4, what + " count"))
            guard count <= (bytes.count - offset) / 8 else { throw EngineErrorMessage("zkwasm receipt \(what) count \(count) at byte \(offset - 4) exceeds the data") }
            var list: [UInt64] = []
            for _ in 0..<count { list.append(try integer(8, what)) }
            lists.append(list)
        }
        let segmentCount = Int(try integer(4, "segment count"))
        // Every segment takes at least 44 bytes (state, cell count, proof length).
        guard segmentCount <= (bytes.count - offset) / 44 else { throw EngineErrorMessage("zkwasm receipt segment count \(segmentCount) at byte \(offset - 4) exceeds the data") }
        var segments: [ZkWasmSegment] = []
        for index in 0..<segmentCount { segments.append(try ZkWasmSegment(decoding: bytes, offset: &offset, index: index)) }
        guard offset == bytes.count else { throw EngineErrorMessage("zkwasm receipt has \(bytes.count - offset) unexpected bytes after the last segment at byte \(offset)") }
        self.init(engineName: texts[0], engineVersion: texts[1], imageCommitment: commitment, publicInputs: lists[0], outputs: lists[1], segments: segments)
    }
}
