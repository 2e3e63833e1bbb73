import Foundation
import Synchronization
import Testing

import NIOPosix

@testable import SproutP2P

/// Two or three Swift hosts on 127.0.0.1: the whole stack (TCP, multistream-select, Noise,
/// Yamux, Ping, Identify, GossipSub) end to end. Every wait is bounded.
@Suite struct LoopbackHostTests {
    static func makeHost(heartbeat: Duration = .milliseconds(100)) async throws -> P2PHost {
        var gossip = GossipSubConfig()
        gossip.heartbeat = heartbeat
        let host = P2PHost(key: PeerKey(), config: P2PConfig(listen: [try Multiaddr("/ip4/127.0.0.1/tcp/0")], gossip: gossip))
        try await host.start()
        return host
    }

    static func dialAddress(_ host: P2PHost) throws -> Multiaddr {
        try Multiaddr("\(host.listenAddrs[0])/p2p/\(host.peerID)")
    }

    /// Polls `condition` every 20 ms for at most `seconds`.
    static func eventually(_ seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
        for _ in 0..<Int(seconds * 50) {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }

    /// The next message of `stream`, or nil after `seconds`.
    static func next(_ stream: AsyncStream<PubSubMessage>, within seconds: Double = 5) async -> PubSubMessage? {
        await withTaskGroup(of: PubSubMessage?.self) { group in
            group.addTask {
                var it = stream.makeAsyncIterator()
                return await it.next()
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func dialPingAndIdentify() async throws {
        let a = try await Self.makeHost(), b = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        let id = try await a.connect(try Self.dialAddress(b))
        #expect(id == b.peerID)
        #expect(await Self.eventually { b.connection(to: a.peerID) != nil })
        let rtt = try await a.ping(b.peerID)
        #expect(rtt < .seconds(2))
        let rttBack = try await b.ping(a.peerID)
        #expect(rttBack < .seconds(2))
        let info = try await a.identify(b.peerID)
        #expect(info.publicKey == b.key.publicKey)
        #expect(info.protocols.contains("/meshsub/1.1.0"))
        #expect(info.protocols.contains("/ipfs/ping/1.0.0"))
        #expect(info.listenAddrs == b.listenAddrs)
        #expect(info.agentVersion == "sprout/0.1")
    }

    @Test func dialRefusesWrongPeerID() async throws {
        let a = try await Self.makeHost(), b = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        let impostor = try Multiaddr("\(b.listenAddrs[0])/p2p/\(PeerKey().peerID)")
        await #expect(throws: (any Error).self) { try await a.connect(impostor) }
        #expect(a.connection(to: b.peerID) == nil)
    }

    @Test func largeStreamWritesRespectYamuxWindows() async throws {
        let a = try await Self.makeHost(), b = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        // An echo protocol: 2 MiB goes through 256 KiB windows in both directions.
        b.setHandler("/test/echo/1.0.0") { stream, reader, _ in
            while let chunk = try? await reader.readSome() { try? await stream.write(chunk) }
            await stream.closeWrite()
        }
        try await a.connect(try Self.dialAddress(b))
        let (stream, reader, proto) = try await a.newStream(to: b.peerID, protocols: ["/test/nope/1.0.0", "/test/echo/1.0.0"])
        #expect(proto == "/test/echo/1.0.0")
        let payload = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        async let sent: Void = { try await stream.write(payload); await stream.closeWrite() }()
        let echoed = try await reader.readToEnd(limit: 4 << 20)
        try await sent
        #expect(echoed == payload)
    }

    @Test func gossipsubDeliversBothWaysOnProjectTopic() async throws {
        let a = try await Self.makeHost(), b = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        let topic = "w3bstream-project-42"
        let inA = a.pubsub.subscribe(topic)
        let inB = b.pubsub.subscribe(topic)
        try await a.connect(try Self.dialAddress(b))
        #expect(await Self.eventually { a.pubsub.mesh(topic).contains(b.peerID) && b.pubsub.mesh(topic).contains(a.peerID) })
        try a.pubsub.publish(topic, data: Array(#"{"task":1}"#.utf8))
        let got = await Self.next(inB)
        #expect(got?.data == Array(#"{"task":1}"#.utf8))
        #expect(got?.from == a.peerID)
        #expect(got?.receivedFrom == a.peerID)
        // Our own message is delivered locally too (go-libp2p semantics).
        #expect(await Self.next(inA)?.from == a.peerID)
        try b.pubsub.publish(topic, data: Array("state".utf8))
        #expect(await Self.next(inA)?.data == Array("state".utf8))
    }

    @Test func gossipsubForwardsThroughAMiddlePeer() async throws {
        // a — b — c in a line: c gets a's message only through b's mesh.
        let a = try await Self.makeHost(), b = try await Self.makeHost(), c = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop(); await c.stop() } }
        let topic = "w3bstream-project-7"
        // Keep the streams: a subscription ends when its stream is dropped.
        let inA = a.pubsub.subscribe(topic)
        let inB = b.pubsub.subscribe(topic)
        let inC = c.pubsub.subscribe(topic)
        try await a.connect(try Self.dialAddress(b))
        try await c.connect(try Self.dialAddress(b))
        #expect(await Self.eventually { b.pubsub.mesh(topic).count == 2 })
        try a.pubsub.publish(topic, data: [1, 2, 3])
        let got = await Self.next(inC)
        #expect(got?.data == [1, 2, 3])
        #expect(got?.from == a.peerID)
        #expect(got?.receivedFrom == b.peerID)
        #expect(await Self.next(inB)?.data == [1, 2, 3])
        #expect(await Self.next(inA)?.data == [1, 2, 3])
    }

    @Test func gossipsubDropsAndCountsBadSignatures() async throws {
        let a = try await Self.makeHost(), b = try await Self.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        let topic = "w3bstream-project-9"
        let inB = b.pubsub.subscribe(topic)
        try await a.connect(try Self.dialAddress(b))
        #expect(await Self.eventually { b.connection(to: a.peerID) != nil })
        // Speak meshsub by hand so we can send messages a honest router never would.
        let (stream, _, _) = try await a.newStream(to: b.peerID, protocols: GossipSub.protocolIDs)
        var good = PubSubRPC.Message(from: a.peerID.bytes, data: [7], seqno: [0, 0, 0, 0, 0, 0, 0, 1], topic: topic)
        good.signature = try a.key.sign(good.signedBytes)
        var tampered = good
        tampered.data = [8]
        tampered.seqno = [0, 0, 0, 0, 0, 0, 0, 2]
        var wrongSigner = PubSubRPC.Message(from: a.peerID.bytes, data: [9], seqno: [0, 0, 0, 0, 0, 0, 0, 3], topic: topic)
        wrongSigner.signature = try PeerKey().sign(wrongSigner.signedBytes)
        let unsigned = PubSubRPC.Message(from: a.peerID.bytes, data: [10], seqno: [0, 0, 0, 0, 0, 0, 0, 4], topic: topic)
        for m in [tampered, wrongSigner, unsigned, good, good] {
            try await stream.writeLengthPrefixed(PubSubRPC(publish: [m]).encoded)
        }
        let got = await Self.next(inB)
        #expect(got?.data == [7])
        #expect(await Self.eventually { b.pubsub.stats.duplicates == 1 })
        let stats = b.pubsub.stats
        #expect(stats.invalidSignature == 2)
        #expect(stats.unsigned == 1)
        #expect(stats.delivered == 1)
    }

    @Test func rpcEncodingRoundTrips() throws {
        var control = PubSubRPC.Control()
        control.ihave = [("t", [[1, 2], [3]])]
        control.iwant = [[4]]
        control.graft = ["t"]
        control.prune = [.init(topic: "t", backoffSeconds: 60)]
        let rpc = PubSubRPC(
            subscriptions: [.init(subscribe: true, topic: "t"), .init(subscribe: false, topic: "u")],
            publish: [.init(from: [0, 1], data: [], seqno: [1], topic: "t", signature: [5])], control: control)
        #expect(try PubSubRPC(decoding: rpc.encoded) == rpc)
        #expect(throws: (any Error).self) { try PubSubRPC(decoding: [0x12, 0x05, 0x01]) }  // truncated
        #expect(throws: (any Error).self) { try PubSubRPC(decoding: [0x12, 0x02, 0x0a, 0x00]) }  // a message without topic
        #expect(throws: (any Error).self) { try PubSubRPC(decoding: [0x0a, 0x03, 0x12, 0x01, 0xff]) }  // topic not UTF-8
    }

    @Test func rpcWireBytesMatchTheSpec() throws {
        // `RPC { subscriptions { subscribe: true, topicid: "t" } }`, written out by hand.
        let sub: [UInt8] = [0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 0x74]
        let rpc = PubSubRPC(subscriptions: [.init(subscribe: true, topic: "t")])
        #expect(rpc.encoded == sub)
        // Unknown fields (here field 15 = 1, as a newer peer might add) are skipped.
        #expect(try PubSubRPC(decoding: sub + [0x78, 0x01]) == rpc)
        // A v1.1 PRUNE with peer exchange: ControlPrune { topicID "t"; peers { peerID [9] }; backoff 60 }.
        let prune: [UInt8] = [0x0a, 0x01, 0x74, 0x12, 0x03, 0x0a, 0x01, 0x09, 0x18, 0x3c]
        let withPrune = try PubSubRPC(decoding: [0x1a, UInt8(prune.count + 2), 0x22, UInt8(prune.count)] + prune)
        #expect(withPrune.control?.prune == [.init(topic: "t", backoffSeconds: 60)])
    }
}

@Suite struct ConnectionLimitTests {
    @Test func refusesInboundConnectionsBeyondTheLimit() async throws {
        let b = P2PHost(key: PeerKey(), config: P2PConfig(listen: [try Multiaddr("/ip4/127.0.0.1/tcp/0")], maxConnections: 1))
        try await b.start()
        let a1 = try await LoopbackHostTests.makeHost(), a2 = try await LoopbackHostTests.makeHost()
        defer { Task { await a1.stop(); await a2.stop(); await b.stop() } }
        let addr = try LoopbackHostTests.dialAddress(b)
        try await a1.connect(addr)
        await #expect(throws: (any Error).self) { try await a2.connect(addr) }
        #expect(b.openConnectionCount == 1)
        // Once the first connection is gone, a new one is admitted.
        await a1.stop()
        #expect(await LoopbackHostTests.eventually { b.openConnectionCount == 0 })
        try await a2.connect(addr)
    }
}

@Suite struct HandshakeTimeoutTests {
    @Test func dialToASilentListenerTimesOut() async throws {
        // A TCP listener that accepts and never answers multistream-select.
        let silent = try await TCPTransport.listen(host: "127.0.0.1", port: 0, group: MultiThreadedEventLoopGroup.singleton) { _, _ in }
        defer { silent.close(promise: nil) }
        let port = silent.localAddress?.port ?? 0
        let a = P2PHost(key: PeerKey(), config: P2PConfig(dialTimeout: .milliseconds(300)))
        defer { Task { await a.stop() } }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: P2PHostError.handshakeTimedOut) { try await a.connect(try Multiaddr("/ip4/127.0.0.1/tcp/\(port)")) }
        #expect(clock.now - start < .seconds(5))
    }

    /// The watchdog is an event-loop timer: it closes a stalled handshake on time even while
    /// every cooperative thread is blocked (as proof suites do), where a `Task.sleep` would
    /// wait for a free thread.
    @Test func timeoutFiresWhileCooperativeThreadsAreBlocked() async throws {
        let clock = ContinuousClock()
        let accepted = Mutex<(queue: ChunkQueue?, closedAt: ContinuousClock.Instant?)>((nil, nil))
        let silent = try await TCPTransport.listen(host: "127.0.0.1", port: 0, group: MultiThreadedEventLoopGroup.singleton) { channel, queue in
            accepted.withLock { $0.queue = queue }
            channel.closeFuture.whenComplete { _ in accepted.withLock { $0.closedAt = clock.now } }
        }
        defer { silent.close(promise: nil) }
        let a = P2PHost(key: PeerKey(), config: P2PConfig(dialTimeout: .milliseconds(300)))
        defer { Task { await a.stop() } }
        let dial = Task { try await a.connect(try Multiaddr("/ip4/127.0.0.1/tcp/\(silent.localAddress?.port ?? 0)")) }
        // The dialer's multistream header has arrived: its upgrade (and watchdog) started.
        #expect(await LoopbackHostTests.eventually { (accepted.withLock { $0.queue?.queuedBytes } ?? 0) > 0 })
        let blocked = clock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
                group.addTask { usleep(1_500_000) }  // blocks the thread, as a proof does
            }
        }
        let closedAt = try #require(accepted.withLock { $0.closedAt })
        #expect(closedAt - blocked < .seconds(1))
        await #expect(throws: P2PHostError.handshakeTimedOut) { try await dial.value }
    }
}

@Suite struct GossipTests {
    @Test func peerOutsideTheMeshGetsMessagesThroughIHaveAndIWant() async throws {
        // b keeps no mesh at all (D = D_lo = D_hi = 0), so it never forwards a message eagerly:
        // c can only learn of a's message from b's IHAVE and fetch it with IWANT.
        var noMesh = GossipSubConfig()
        noMesh.d = 0
        noMesh.dLow = 0
        noMesh.dHigh = 0
        noMesh.heartbeat = .milliseconds(100)
        let b = P2PHost(key: PeerKey(), config: P2PConfig(listen: [try Multiaddr("/ip4/127.0.0.1/tcp/0")], gossip: noMesh))
        try await b.start()
        let a = try await LoopbackHostTests.makeHost(), c = try await LoopbackHostTests.makeHost()
        defer { Task { await a.stop(); await b.stop(); await c.stop() } }
        let topic = "w3bstream-project-11"
        let inB = b.pubsub.subscribe(topic)
        let inC = c.pubsub.subscribe(topic)
        try await a.connect(try LoopbackHostTests.dialAddress(b))
        try await c.connect(try LoopbackHostTests.dialAddress(b))
        #expect(await LoopbackHostTests.eventually { a.pubsub.peers(subscribedTo: topic).contains(b.peerID) })
        #expect(await LoopbackHostTests.eventually { b.pubsub.peers(subscribedTo: topic).contains(c.peerID) })
        try a.pubsub.publish(topic, data: [42])  // a is not subscribed: fanout to b
        #expect(await LoopbackHostTests.next(inB)?.data == [42])
        let got = await LoopbackHostTests.next(inC)
        #expect(got?.data == [42])
        #expect(got?.receivedFrom == b.peerID)
        #expect(b.pubsub.mesh(topic).isEmpty)
        #expect(b.pubsub.stats.forwarded == 0)
    }
}

@Suite struct DuplicateConnectionTests {
    @Test func gossipMovesToTheSurvivingConnection() async throws {
        let a = try await LoopbackHostTests.makeHost(), b = try await LoopbackHostTests.makeHost()
        defer { Task { await a.stop(); await b.stop() } }
        let topic = "w3bstream-project-12"
        let inA = a.pubsub.subscribe(topic)
        let inB = b.pubsub.subscribe(topic)
        try await a.connect(try LoopbackHostTests.dialAddress(b))
        // Dialing without /p2p/ skips the "already connected" check: a second connection,
        // as when both sides dial at once.
        try await b.connect(a.listenAddrs[0])
        #expect(await LoopbackHostTests.eventually { a.connections(to: b.peerID).count == 2 && b.connections(to: a.peerID).count == 2 })
        #expect(await LoopbackHostTests.eventually { a.pubsub.mesh(topic).contains(b.peerID) && b.pubsub.mesh(topic).contains(a.peerID) })
        let first = try #require(a.connection(to: b.peerID))
        await first.close()
        #expect(await LoopbackHostTests.eventually { a.connections(to: b.peerID).count == 1 && b.connections(to: a.peerID).count == 1 })
        #expect(a.connection(to: b.peerID) !== first)
        #expect(await LoopbackHostTests.eventually { a.pubsub.mesh(topic).contains(b.peerID) && b.pubsub.mesh(topic).contains(a.peerID) })
        try a.pubsub.publish(topic, data: [1])
        #expect(await LoopbackHostTests.next(inB)?.data == [1])
        #expect(await LoopbackHostTests.next(inA)?.data == [1])  // our own
        try b.pubsub.publish(topic, data: [2])
        #expect(await LoopbackHostTests.next(inA)?.data == [2])
        #expect(try await a.ping(b.peerID) < .seconds(2))
    }
}

@Suite struct ValidatorTests {
    @Test func rejectedMessagesAreNeitherDeliveredNorForwarded() async throws {
        let a = try await LoopbackHostTests.makeHost(), b = try await LoopbackHostTests.makeHost(), c = try await LoopbackHostTests.makeHost()
        defer { Task { await a.stop(); await b.stop(); await c.stop() } }
        let topic = "w3bstream-project-13"
        // b accepts only payloads that parse as a signed task whose signature verifies.
        b.pubsub.setValidator(topic) { m in (try? SignedTask(payload: m.data).verify()) != nil }
        let inB = b.pubsub.subscribe(topic)
        let inC = c.pubsub.subscribe(topic)
        try await a.connect(try LoopbackHostTests.dialAddress(b))
        try await c.connect(try LoopbackHostTests.dialAddress(b))
        #expect(await LoopbackHostTests.eventually { a.pubsub.peers(subscribedTo: topic).contains(b.peerID) && b.pubsub.mesh(topic).contains(c.peerID) })
        var forged = try SignedTask.make(
            taskID: 1, projectID: 13, projectVersion: "0.1", data: ["x"], assignedProver: c.peerID, sequencerKey: a.key)
        forged.data = ["y"]
        try a.pubsub.publish(topic, data: try forged.payload())
        let genuine = try SignedTask.make(
            taskID: 2, projectID: 13, projectVersion: "0.1", data: ["x"], assignedProver: c.peerID, sequencerKey: a.key)
        try a.pubsub.publish(topic, data: try genuine.payload())
        #expect(try await LoopbackHostTests.next(inB).map { try SignedTask(payload: $0.data).taskID } == 2)
        #expect(try await LoopbackHostTests.next(inC).map { try SignedTask(payload: $0.data).taskID } == 2)
        #expect(b.pubsub.stats.rejectedByValidator == 1)
        #expect(b.pubsub.stats.delivered == 1)
    }
}

@Suite struct SeenCacheTests {
    @Test func seenIDsExpireOldestFirst() {
        var s = GossipSub.State(seqno: 0)
        let t0 = ContinuousClock().now
        for i in 0..<3 { s.markSeen([UInt8(i)], at: t0 + .seconds(i)) }
        s.expireSeen(olderThan: .milliseconds(1500), now: t0 + .milliseconds(2600))
        #expect(s.seen == [[2]])
        s.expireSeen(olderThan: .milliseconds(1500), now: t0 + .seconds(10))
        #expect(s.seen.isEmpty)
    }
}
