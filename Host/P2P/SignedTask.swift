import Foundation

/// A task as a sequencer hands it to a prover over gossipsub: its messages' data, bound by a
/// digest, the prover it is assigned to, and the sequencer's Ed25519 signature over the
/// canonical encoding of all of it. JSON on the wire (`{"task": {...}}`), hex for bytes.
public struct SignedTask: Codable, Sendable, Equatable {
    public var taskID: UInt64
    public var projectID: UInt64
    public var projectVersion: String
    public var data: [String]
    /// SHA-256 of the canonical encoding of `data` (hex).
    public var inputsDigest: String
    public var assignedProver: String
    public var sequencer: String
    public var signature: String

    static let domain = "sprout/task/v1"

    /// Builds and signs a task as `sequencerKey`.
    public static func make(
        taskID: UInt64, projectID: UInt64, projectVersion: String, data: [String], assignedProver: PeerID, sequencerKey: PeerKey
    ) throws -> SignedTask {
        var t = SignedTask(
            taskID: taskID, projectID: projectID, projectVersion: projectVersion, data: data,
            inputsDigest: CanonicalEncoder.digest(of: data).hex, assignedProver: assignedProver.base58,
            sequencer: sequencerKey.peerID.base58, signature: "")
        t.signature = try sequencerKey.sign(try t.signedBytes()).hex
        return t
    }

    func signedBytes() throws(EnvelopeError) -> [UInt8] {
        var e = CanonicalEncoder(domain: Self.domain)
        e.u64(taskID)
        e.u64(projectID)
        e.string(projectVersion)
        e.field(try [UInt8](hex: inputsDigest))
        e.field(try Self.peer(assignedProver).bytes)
        e.field(try Self.peer(sequencer).bytes)
        return e.bytes
    }

    static func peer(_ text: String) throws(EnvelopeError) -> PeerID {
        do { return try PeerID(base58: text) } catch { throw .malformed("bad peer ID \(text)") }
    }

    /// Checks the inputs digest and the sequencer's signature. Which sequencers to trust is
    /// the caller's policy; this proves only that `sequencer` made exactly this task.
    public func verify() throws(EnvelopeError) {
        guard CanonicalEncoder.digest(of: data).hex == inputsDigest else { throw .inputsDigestMismatch }
        try Self.verifySignature(signature, over: try signedBytes(), by: sequencer)
    }

    static func verifySignature(_ signature: String, over bytes: [UInt8], by signer: String) throws(EnvelopeError) {
        let id = try peer(signer)
        guard let key = try? id.extractPublicKey() else { throw .malformed("signer \(signer) does not inline an Ed25519 key") }
        guard key.verify(signature: try [UInt8](hex: signature), for: bytes) else { throw .badSignature }
    }

    /// The gossipsub payload: `{"task": {...}}`.
    public func payload() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(["task": self]))
    }

    public init(payload: [UInt8]) throws {
        let wrapper = try JSONDecoder().decode([String: SignedTask].self, from: Data(payload))
        guard let t = wrapper["task"] else { throw EnvelopeError.malformed("no \"task\" key") }
        self = t
    }

    public init(
        taskID: UInt64, projectID: UInt64, projectVersion: String, data: [String], inputsDigest: String,
        assignedProver: String, sequencer: String, signature: String
    ) {
        self.taskID = taskID
        self.projectID = projectID
        self.projectVersion = projectVersion
        self.data = data
        self.inputsDigest = inputsDigest
        self.assignedProver = assignedProver
        self.sequencer = sequencer
        self.signature = signature
    }
}
