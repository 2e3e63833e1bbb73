import Foundation
import SproutCoreHash

/// What `execute` returns: one JSON object (UTF-8), the execution-only counterpart of the
/// receipt sprout's risc0 runtime returned (which was hex of RISC Zero's JSON receipt, whose
/// `journal.bytes` users read). Keys:
///
/// - `"engine"`: "sprout-risc0"; `"mode"`: "execute" (no seal: nothing here is proven)
/// - `"imageId"`: hex of the 32-byte image ID; `"imageIdWords"`: the same as risc0's `[u32; 8]`
/// - `"exit"`: `{"kind":"halted"|"paused","code":N}` (code is always 0 here: non-zero fails the task)
/// - `"journal"`: hex of the journal bytes (risc0-serde words, as `env::commit` wrote them)
/// - `"journalText"`: the journal decoded as one risc0-serde String, when it is exactly one (else absent)
/// - `"journalDigest"`, `"outputDigest"`, `"claimDigest"`: hex SHA-256 digests per risc0-guest-abi.md §11
///   (claim = single-segment `ReceiptClaim` of this run)
/// - `"cycles"`: user cycles; `"instructions"`: executed instructions
/// - `"receiptType"`: the first data's `receipt_type`, when present (informational)
/// - `"stdout"`, `"stderr"`: what the guest wrote to fd 1 / fd 2 (lossy UTF-8, capped)
public struct Risc0ExecutionResult: Sendable {
    public var imageID: [UInt8]
    public var session: Risc0Session
    public var receiptType: String?

    init(program: Risc0Program, session: Risc0Session, receiptType: String?) {
        self.imageID = program.identity
        self.session = session
        self.receiptType = receiptType
    }

    /// `ReceiptClaim` digest of a single-segment run: input zero, pre = image ID,
    /// post = SystemState(haltPC + 4, initial root), output = Output digest (zero if none).
    public static func claimDigest(imageID: [UInt8], merkleRoot: [UInt8], session: Risc0Session) -> [UInt8] {
        let zero = [UInt8](repeating: 0, count: 32)
        let post = Risc0Digest.taggedStruct("risc0.SystemState", digests: [merkleRoot], words: [session.haltPC &+ 4])
        let output = session.outputDigest.contains { $0 != 0 } ? session.outputDigest : zero
        let (system, user): (UInt32, UInt32)
        switch session.exit {
        case .halted(let code): (system, user) = (0, UInt32(code))
        case .paused(let code): (system, user) = (1, UInt32(code))
        }
        return Risc0Digest.taggedStruct("risc0.ReceiptClaim", digests: [zero, imageID, post, output], words: [system, user])
    }

    /// The journal as one risc0-serde String, if that is exactly what it holds.
    public static func journalText(_ journal: [UInt8]) -> String? {
        guard journal.count >= 4 else { return nil }
        let length = Int(journal[0]) | Int(journal[1]) << 8 | Int(journal[2]) << 16 | Int(journal[3]) << 24
        guard length <= journal.count - 4, journal.count == 4 + (length + 3) / 4 * 4 else { return nil }
        return String(validating: journal[4..<(4 + length)], as: UTF8.self)
    }

    static func receiptType(of data: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else { return nil }
        return object["receipt_type"] as? String
    }

    func json(merkleRoot: [UInt8]) -> [UInt8] {
        let exit: [String: Any]
        switch session.exit {
        case .halted(let code): exit = ["kind": "halted", "code": Int(code)]
        case .paused(let code): exit = ["kind": "paused", "code": Int(code)]
        }
        var object: [String: Any] = [
            "engine": Risc0Engine.descriptor.name,
            "engineVersion": Risc0Engine.descriptor.version,
            "mode": "execute",
            "imageId": Risc0Digest.hex(imageID),
            "imageIdWords": Risc0Digest.words(imageID).map { Int($0) },
            "exit": exit,
            "journal": Risc0Digest.hex(session.journal),
            "journalDigest": Risc0Digest.hex(SHA256.hash(session.journal)),
            "outputDigest": Risc0Digest.hex(session.outputDigest),
            "claimDigest": Risc0Digest.hex(Self.claimDigest(imageID: imageID, merkleRoot: merkleRoot, session: session)),
            "cycles": Int(session.cycles),
            "instructions": Int(session.instructions),
            "stdout": String(decoding: session.stdout, as: UTF8.self),
            "stderr": String(decoding: session.stderr, as: UTF8.self),
        ]
        if let text = Self.journalText(session.journal) { object["journalText"] = text }
        if let receiptType { object["receiptType"] = receiptType }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data)
    }
}
