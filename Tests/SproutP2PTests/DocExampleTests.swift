import Foundation
import Testing

import SproutP2P

/// The "API for the node" example of docs/p2p.md, quoted there verbatim (Tests/E2E/test_docs.py
/// checks the quote) and run here against a second host playing the assigned prover.
enum P2PDocExample {
    /// Publishes `task` on its project's topic and returns the first state that the assigned
    /// prover signs for it, or nil when no bootstrap peer answers.
    static func publish(task: SignedTask, dataDir: String, listen: String, bootstrapStrings: [String], version: String)
        async throws -> SignedTaskState?
    {
        let key = try PeerKey.loadOrCreate(at: "\(dataDir)/p2p.key")      // 32-byte seed, hex, mode 0600
        let host = P2PHost(key: key, config: P2PConfig(
            listen: [try Multiaddr(listen)],                               // "/ip4/0.0.0.0/tcp/4001"
            bootstrap: try bootstrapStrings.map(Multiaddr.init),           // "/ip4/…/tcp/…/p2p/12D3KooW…"
            agentVersion: "sprout/\(version)"))
        try await host.start()                 // binds; host.listenAddrs holds the real ports
        let reached = await host.connectBootstrap()   // concurrent dials, each bounded by dialTimeout
        guard !reached.isEmpty else { await host.stop(); return nil }

        let topic = "w3bstream-project-\(task.projectID)"
        let messages = host.pubsub.subscribe(topic)   // AsyncStream<PubSubMessage>
        let prover = try PeerID(base58: task.assignedProver)
        // A message reaches only peers known to be on the topic: wait (bounded) for the prover.
        var waits = 0
        while !host.pubsub.peers(subscribedTo: topic).contains(prover), waits < 100 {
            try await Task.sleep(for: .milliseconds(50))
            waits += 1
        }
        try host.pubsub.publish(topic, data: try task.payload())

        var answer: SignedTaskState?
        for await m in messages where m.from == prover {   // m.from: the signer, already verified
            guard let state = try? SignedTaskState(payload: m.data) else { continue }
            try state.verify(against: task)    // bound to this task, its inputs and its prover
            answer = state
            break
        }
        await host.stop()
        return answer
    }
}

@Suite struct DocExampleTests {
    @Test func p2pGuideExamplePublishesATaskAndVerifiesTheProversState() async throws {
        let prover = try await LoopbackHostTests.makeHost()
        defer { Task { await prover.stop() } }
        let topic = "w3bstream-project-10003"
        let tasks = prover.pubsub.subscribe(topic)
        // The prover answers each task assigned to it with a signed "proved" state.
        let answering = Task {
            for await m in tasks {
                guard let task = try? SignedTask(payload: m.data), task.assignedProver == prover.peerID.base58 else { continue }
                let state = try SignedTaskState.make(
                    for: task, state: "proved", result: Array("900".utf8), time: "2026-11-26T09:00:00Z", proverKey: prover.key)
                _ = try prover.pubsub.publish(topic, data: try state.payload())
            }
        }
        defer { answering.cancel() }

        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-p2p-doc-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let task = try SignedTask.make(
            taskID: 1, projectID: 10003, projectVersion: "0.1", data: [#"{"a":1}"#],
            assignedProver: prover.peerID, sequencerKey: PeerKey())
        let bootstrap = ["\(prover.listenAddrs[0])/p2p/\(prover.peerID)"]

        let answer = try await withThrowingTaskGroup(of: SignedTaskState?.self) { group in
            group.addTask {
                try await P2PDocExample.publish(
                    task: task, dataDir: dataDir, listen: "/ip4/127.0.0.1/tcp/0", bootstrapStrings: bootstrap, version: "0.1")
            }
            group.addTask {
                try await Task.sleep(for: .seconds(20))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(answer?.state == "proved")
        #expect(answer?.resultBytes == Array("900".utf8))
        // The key the example generated is kept for the next start.
        #expect(FileManager.default.fileExists(atPath: "\(dataDir)/p2p.key"))
    }
}
