import Testing

@testable import SproutP2P

@Suite struct SignedEnvelopeTests {
    let sequencer = PeerKey()
    let prover = PeerKey()

    func task() throws -> SignedTask {
        try SignedTask.make(
            taskID: 7, projectID: 10003, projectVersion: "0.1", data: [#"{"k":1}"#, "second"],
            assignedProver: prover.peerID, sequencerKey: sequencer)
    }

    func proved(_ t: SignedTask, by key: PeerKey? = nil) throws -> SignedTaskState {
        try SignedTaskState.make(
            for: t, state: "proved", result: [0xde, 0xad, 0xbe, 0xef], time: "2026-11-26T06:00:00Z", proverKey: key ?? prover)
    }

    @Test func signedTaskAndStateVerifyAndSurviveJSON() throws {
        let t = try task()
        try t.verify()
        let decoded = try SignedTask(payload: try t.payload())
        #expect(decoded == t)
        try decoded.verify()
        let s = try proved(decoded)
        let back = try SignedTaskState(payload: try s.payload())
        #expect(back == s)
        try back.verify(against: decoded)
        #expect(back.resultBytes == [0xde, 0xad, 0xbe, 0xef])
    }

    @Test func rejectsEveryTamperedTaskField() throws {
        let t = try task()
        var cases: [(String, SignedTask)] = []
        var x = t; x.taskID += 1; cases.append(("taskID", x))
        x = t; x.projectID = 10000; cases.append(("projectID", x))
        x = t; x.projectVersion = "0.2"; cases.append(("projectVersion", x))
        x = t; x.assignedProver = PeerKey().peerID.base58; cases.append(("assignedProver", x))
        x = t; x.sequencer = PeerKey().peerID.base58; cases.append(("sequencer", x))
        x = t; x.signature = String(x.signature.dropLast()) + (x.signature.hasSuffix("0") ? "1" : "0"); cases.append(("signature", x))
        for (name, tampered) in cases {
            #expect(throws: EnvelopeError.badSignature, "\(name)") { try tampered.verify() }
        }
        // Changing the data without the digest breaks the digest; changing both breaks the signature.
        x = t; x.data[0] = "forged"
        #expect(throws: EnvelopeError.inputsDigestMismatch) { try x.verify() }
        x.inputsDigest = CanonicalEncoder.digest(of: x.data).hex
        #expect(throws: EnvelopeError.badSignature) { try x.verify() }
    }

    @Test func rejectsTaskSignedByAnotherKeyThanItsSequencer() throws {
        var t = try task()
        t.signature = try PeerKey().sign(try t.signedBytes()).hex
        #expect(throws: EnvelopeError.badSignature) { try t.verify() }
    }

    @Test func rejectsStateFromAProverTheTaskWasNotAssignedTo() throws {
        let t = try task()
        let intruder = PeerKey()
        let s = try proved(t, by: intruder)
        #expect(throws: EnvelopeError.notAssignedProver(expected: prover.peerID.base58, got: intruder.peerID.base58)) {
            try s.verify(against: t)
        }
        // Claiming to be the assigned prover without its key fails the signature.
        var impersonated = s
        impersonated.prover = prover.peerID.base58
        #expect(throws: EnvelopeError.badSignature) { try impersonated.verify(against: t) }
    }

    @Test func rejectsEveryTamperedStateField() throws {
        let t = try task()
        let s = try proved(t)
        var x = s; x.state = "failed"
        #expect(throws: EnvelopeError.badSignature) { try x.verify(against: t) }
        x = s; x.comment = "edited"
        #expect(throws: EnvelopeError.badSignature) { try x.verify(against: t) }
        x = s; x.time = "2030-01-01T00:00:00Z"
        #expect(throws: EnvelopeError.badSignature) { try x.verify(against: t) }
        x = s; x.result = "deadbeee"
        #expect(throws: EnvelopeError.resultDigestMismatch) { try x.verify(against: t) }
        x.resultDigest = try SignedTaskState.make(for: t, state: "proved", result: [0xde, 0xad, 0xbe, 0xee], time: s.time, proverKey: PeerKey()).resultDigest
        #expect(throws: EnvelopeError.badSignature) { try x.verify(against: t) }
        x = s; x.signature = String(repeating: "00", count: 64)
        #expect(throws: EnvelopeError.badSignature) { try x.verify(against: t) }
    }

    @Test func rejectsStateBoundToAnotherTask() throws {
        let t = try task()
        let other = try SignedTask.make(
            taskID: 8, projectID: 10003, projectVersion: "0.1", data: ["x"], assignedProver: prover.peerID, sequencerKey: sequencer)
        let s = try proved(other)
        #expect(throws: EnvelopeError.self) { try s.verify(against: t) }
        // Same ID and project but other inputs: refused too.
        let sameID = try SignedTask.make(
            taskID: 7, projectID: 10003, projectVersion: "0.1", data: ["other"], assignedProver: prover.peerID, sequencerKey: sequencer)
        #expect(throws: EnvelopeError.taskMismatch("inputs digest differs")) { try proved(sameID).verify(against: t) }
    }

    @Test func rejectsMalformedPayloads() {
        #expect(throws: (any Error).self) { try SignedTask(payload: Array("{}".utf8)) }
        #expect(throws: (any Error).self) { try SignedTaskState(payload: Array("not json".utf8)) }
        var t = try? task()
        t?.inputsDigest = "zz"
        #expect(throws: EnvelopeError.self) { try t?.verify() }
    }
}
