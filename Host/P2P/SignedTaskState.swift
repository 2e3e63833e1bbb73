import Crypto
import Foundation

/// A task state report (`dispatched`, `proved`, `outputted`, `failed`) as a prover publishes
/// it: bound to the task's ID, project and inputs digest and to the result (receipt) by its
/// digest, and signed by the prover. Unlike sprout, whose signature did not cover the
/// message, every field here is covered. JSON on the wire (`{"taskStateLog": {...}}`).
public struct SignedTaskState: Codable, Sendable, Equatable {
    public var taskID: UInt64
    public var projectID: UInt64
    public var inputsDigest: String
    public var state: String
    /// The result bytes (the receipt for `proved`), hex.
    public var result: String
    /// SHA-256 of the result bytes, hex.
    public var resultDigest: String
    public var comment: String
    /// RFC 3339 time the prover reports; covered by the signature.
    public var time: String
    public var prover: String
    public var signature: String

    static let domain = "sprout/task-state/v1"

    /// Builds and signs a state for `task` as `proverKey`.
    public static func make(
        for task: SignedTask, state: String, result: [UInt8], comment: String = "", time: String, proverKey: PeerKey
    ) throws -> SignedTaskState {
        var s = SignedTaskState(
            taskID: task.taskID, projectID: task.projectID, inputsDigest: task.inputsDigest, state: state,
            result: result.hex, resultDigest: Array(SHA256.hash(data: result)).hex, comment: comment, time: time,
            prover: proverKey.peerID.base58, signature: "")
        s.signature = try proverKey.sign(try s.signedBytes()).hex
        return s
    }

    func signedBytes() throws(EnvelopeError) -> [UInt8] {
        var e = CanonicalEncoder(domain: Self.domain)
        e.u64(taskID)
        e.u64(projectID)
        e.field(try [UInt8](hex: inputsDigest))
        e.string(state)
        e.field(try [UInt8](hex: resultDigest))
        e.string(comment)
        e.string(time)
        e.field(try SignedTask.peer(prover).bytes)
        return e.bytes
    }

    /// Accepts the state only if it is signed by the prover `task` was assigned to, names the
    /// same task, project and inputs, and its result matches its digest. `task` must itself
    /// have been verified.
    public func verify(against task: SignedTask) throws(EnvelopeError) {
        guard prover == task.assignedProver else { throw .notAssignedProver(expected: task.assignedProver, got: prover) }
        guard taskID == task.taskID else { throw .taskMismatch("task \(taskID), expected \(task.taskID)") }
        guard projectID == task.projectID else { throw .taskMismatch("project \(projectID), expected \(task.projectID)") }
        guard inputsDigest == task.inputsDigest else { throw .taskMismatch("inputs digest differs") }
        guard Array(SHA256.hash(data: try [UInt8](hex: result))).hex == resultDigest else { throw .resultDigestMismatch }
        try SignedTask.verifySignature(signature, over: try signedBytes(), by: prover)
    }

    public var resultBytes: [UInt8] { (try? [UInt8](hex: result)) ?? [] }

    /// The gossipsub payload: `{"taskStateLog": {...}}`.
    public func payload() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(["taskStateLog": self]))
    }

    public init(payload: [UInt8]) throws {
        let wrapper = try JSONDecoder().decode([String: SignedTaskState].self, from: Data(payload))
        guard let s = wrapper["taskStateLog"] else { throw EnvelopeError.malformed("no \"taskStateLog\" key") }
        self = s
    }

    public init(
        taskID: UInt64, projectID: UInt64, inputsDigest: String, state: String, result: String, resultDigest: String,
        comment: String, time: String, prover: String, signature: String
    ) {
        self.taskID = taskID
        self.projectID = projectID
        self.inputsDigest = inputsDigest
        self.state = state
        self.result = result
        self.resultDigest = resultDigest
        self.comment = comment
        self.time = time
        self.prover = prover
        self.signature = signature
    }
}
