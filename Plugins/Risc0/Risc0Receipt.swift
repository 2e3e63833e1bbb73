/// A proof of one run, as `prove` returns it and `verify` accepts it: the claim and the
/// ordered segment seals (continuations).
///
/// Encoding, version 4 (deterministic; integers little-endian):
/// `"SR0R" ‖ version:u8 ‖ engine name (u16 length ‖ UTF-8) ‖ engine version (u16 ‖ UTF-8) ‖
/// image ID (32) ‖ exit code:u8 ‖ output digest (32) ‖ journal (u32 length ‖ bytes) ‖
/// input (u32 length ‖ bytes) ‖ segment count:u32 ‖ per segment: seal (u32 length ‖
/// `Risc0SegmentSeal` encoding)`. Older versions are refused with a note on why: version 2
/// had one seal (no continuations), version 3 seals used FRI folding arity 2, which the
/// verifier's configuration no longer accepts.
///
/// The seals prove: the program whose memory image has this image ID, started at its entry
/// with zeroed registers, executed the constrained RV32IM subset, segment after segment (each
/// starting in the state the previous one ended in, which its seal states), until HALT in the
/// last segment with this exit code and these 32 output-digest bytes at `a1`, its SYS_READ
/// calls consuming exactly `input` (the stdin bytes the guest read, a prefix of its stdin, in
/// order; other host syscall replies are free host data). The receipt therefore reveals the
/// input, and the segment seals reveal the registers and touched memory cells at segment ends. The journal is bound through the digest:
/// `digest = tagged_struct("risc0.Output", [SHA256(journal), 0³²])` (or an all-zero digest and
/// an empty journal), as in RISC Zero 0.20.
public struct Risc0Receipt: Equatable, Sendable {
    public static let magic: [UInt8] = Array("SR0R".utf8)
    public static let formatVersion: UInt8 = 5

    public var engineName: String
    public var engineVersion: String
    public var imageID: [UInt8]
    public var exitCode: UInt8
    public var outputDigest: [UInt8]
    public var journal: [UInt8]
    /// The stdin bytes the guest read (risc0-guest-abi.md §12), bound by the seal.
    public var input: [UInt8]
    /// The segment seals, in execution order.
    public var seals: [[UInt8]]

    public init(engineName: String, engineVersion: String, imageID: [UInt8], exitCode: UInt8, outputDigest: [UInt8], journal: [UInt8], input: [UInt8] = [], seals: [[UInt8]]) {
        self.engineName = engineName
        self.engineVersion = engineVersion
        self.imageID = imageID
        self.exitCode = exitCode
        self.outputDigest = outputDigest
        self.journal = journal
        self.input = input
        self.seals = seals
    }

    /// Why receipt bytes are not a well-formed version-4 receipt.
    public struct DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "malformed receipt at byte \(offset): \(reason)" }
    }

    public func encoded() -> [UInt8] {
        var out = Self.magic
        out.append(Self.formatVersion)
        for text in [engineName, engineVersion] {
            let utf8 = Array(text.utf8)
            out += [UInt8(truncatingIfNeeded: utf8.count), UInt8(truncatingIfNeeded: utf8.count >> 8)] + utf8
        }
        out += imageID
        out.append(exitCode)
        out += outputDigest
        func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        for blob in [journal, input] { out += u32(blob.count) + blob }
        out += u32(seals.count)
        for seal in seals { out += u32(seal.count) + seal }
        return out
    }

    /// Decodes a version-4 receipt; never traps on hostile bytes.
    public init(decoding bytes: [UInt8]) throws(DecodingError) {
        var offset = 0
        func take(_ count: Int, _ what: String) throws(DecodingError) -> [UInt8] {
            guard count >= 0, count <= bytes.count - offset else { throw DecodingError(offset: offset, reason: "\(what) needs \(count) bytes, \(bytes.count - offset) left") }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }
        func length(_ width: Int, _ what: String) throws(DecodingError) -> Int {
            let raw = try take(width, what)
            return raw.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        }
        guard try take(4, "magic") == Self.magic else { throw DecodingError(offset: 0, reason: "not a sprout risc0 receipt (magic \"SR0R\")") }
        let version = try take(1, "version")[0]
        guard version == Self.formatVersion else {
            let note = switch version {
            case 2: " (a receipt from before continuations: prove the task again)"
            case 3: " (a receipt from before FRI folding arity 16: prove the task again)"
            case 4: " (a receipt from before public lookups were hashed into the transcript in batches: prove the task again)"
            default: ""
            }
            throw DecodingError(offset: 4, reason: "version \(version), expected \(Self.formatVersion)\(note)")
        }
        var texts: [String] = []
        for what in ["engine name", "engine version"] {
            let start = offset
            let raw = try take(try length(2, what), what)
            guard let text = String(validating: raw, as: UTF8.self) else { throw DecodingError(offset: start, reason: "\(what) is not UTF-8") }
            texts.append(text)
        }
        engineName = texts[0]
        engineVersion = texts[1]
        imageID = try take(32, "image ID")
        exitCode = try take(1, "exit code")[0]
        outputDigest = try take(32, "output digest")
        journal = try take(try length(4, "journal length"), "journal")
        input = try take(try length(4, "input length"), "input")
        let count = try length(4, "segment count")
        guard count <= (bytes.count - offset) / 4 else { throw DecodingError(offset: offset - 4, reason: "\(count) segments in \(bytes.count - offset) bytes") }
        var seals: [[UInt8]] = []
        for index in 0..<count { seals.append(try take(try length(4, "segment \(index) length"), "segment \(index) seal")) }
        self.seals = seals
        guard offset == bytes.count else { throw DecodingError(offset: offset, reason: "\(bytes.count - offset) trailing bytes") }
    }
}
