import Foundation

/// The messages between the node and a `sprout engine-worker` process, over its stdin/stdout.
///
/// Each frame is a little-endian UInt32 length followed by that many bytes: an opcode byte,
/// a UInt64 program id, a status Int32, then length-prefixed byte fields. Plain and binary so
/// that a call costs microseconds, not a JSON round trip.
struct WorkerFrame: Equatable {
    enum Opcode: UInt8 {
        case createProgram = 1
        case identity = 2
        case execute = 3
        case prove = 4
        case verify = 5
        case destroyProgram = 6
        /// worker → node, before the reply: a progress report (fields: phase, fraction text).
        case progress = 7
        /// worker → node: the reply to the request before it.
        case reply = 8
        /// node → worker: the plugin's descriptor as PluginInfo JSON.
        case describe = 9
    }

    var opcode: Opcode
    var program: UInt64 = 0
    var status: Int32 = 0
    var fields: [[UInt8]] = []

    /// Frames larger than this are refused: a corrupt length must not make anyone allocate 4 GiB.
    static let maximumSize = 1 << 30

    func encoded() -> [UInt8] {
        var body: [UInt8] = [opcode.rawValue]
        body += withUnsafeBytes(of: program.littleEndian, Array.init)
        body += withUnsafeBytes(of: status.littleEndian, Array.init)
        body += withUnsafeBytes(of: UInt32(fields.count).littleEndian, Array.init)
        for field in fields {
            body += withUnsafeBytes(of: UInt32(field.count).littleEndian, Array.init)
            body += field
        }
        return withUnsafeBytes(of: UInt32(body.count).littleEndian, Array.init) + body
    }

    struct Malformed: Error, CustomStringConvertible {
        let reason: String
        var description: String { "malformed worker frame: \(reason)" }
    }

    /// Decodes a frame body (without its length prefix).
    init(body: [UInt8]) throws(Malformed) {
        var reader = ByteReader(bytes: body)
        guard let code = try Opcode(rawValue: reader.byte()) else { throw Malformed(reason: "unknown opcode \(body.first ?? 0)") }
        opcode = code
        program = try reader.uint64()
        status = Int32(bitPattern: try reader.uint32())
        let count = try reader.uint32()
        guard count <= body.count else { throw Malformed(reason: "field count \(count) exceeds the frame") }
        fields = []
        for _ in 0..<count {
            fields.append(try reader.bytes(Int(try reader.uint32())))
        }
        guard reader.atEnd else { throw Malformed(reason: "trailing bytes") }
    }

    init(_ opcode: Opcode, program: UInt64 = 0, status: Int32 = 0, fields: [[UInt8]] = []) {
        self.opcode = opcode
        self.program = program
        self.status = status
        self.fields = fields
    }
}

/// Reads little-endian values from a byte array, refusing to run past its end.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func bytes(_ count: Int) throws(WorkerFrame.Malformed) -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else {
            throw WorkerFrame.Malformed(reason: "truncated: needs \(count) bytes at offset \(offset) of \(bytes.count)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte() throws(WorkerFrame.Malformed) -> UInt8 { try bytes(1)[0] }

    mutating func uint32() throws(WorkerFrame.Malformed) -> UInt32 {
        try bytes(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64() throws(WorkerFrame.Malformed) -> UInt64 {
        try bytes(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
