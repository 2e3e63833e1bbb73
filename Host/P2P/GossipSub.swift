import Logging
import Synchronization

/// GossipSub parameters (names as in the v1.1 spec; defaults as go-libp2p's, heartbeat 1 s).
public struct GossipSubConfig: Sendable {
    public var d = 6, dLow = 5, dHigh = 12, dLazy = 6
    public var heartbeat: Duration = .seconds(1)
    /// Heartbeats a message stays in the cache for IWANT, and how many of them IHAVE covers.
    public var historyLength = 5, historyGossip = 3
    public var fanoutTTL: Duration = .seconds(60)
    public var seenTTL: Duration = .seconds(120)
    public var pruneBackoff: Duration = .seconds(60)
    public var maxMessageSize = 1 << 20
    /// Messages buffered per subscriber before the oldest are dropped (and counted).
    public var subscriberBuffer = 4096
    /// Own messages go to every peer subscribed to the topic, not only the mesh (v1.1 flood publish).
    public var floodPublish = true

    public init() {}
}

/// A message delivered to a subscriber. Its signature has been checked (StrictSign).
public struct PubSubMessage: Sendable, Equatable {
    public let from: PeerID
    public let topic: String
    public let data: [UInt8]
    public let seqno: [UInt8]
    /// The peer that forwarded it to us (nil for our own messages).
    public let receivedFrom: PeerID?
}

/// Counters, for metrics and tests.
public struct GossipSubStats: Sendable, Equatable {
    public var published = 0
    public var delivered = 0
    public var forwarded = 0
    public var duplicates = 0
    public var invalidSignature = 0
    public var unsigned = 0
    /// Data larger than `maxMessageSize`.
    public var oversized = 0
    public var rejectedByValidator = 0
    public var droppedBySlowSubscriber = 0
    /// RPCs not queued because the peer's sender lagged by more than 8 MiB.
    public var droppedForSlowPeer = 0
}

/// GossipSub v1.1 (`/meshsub/1.1.0`, also answering `/meshsub/1.0.0`) with StrictSign:
/// every message we publish carries `from`, a sequence number and an Ed25519 signature, and
/// every message received without a valid one is dropped and counted. Message IDs are
/// `from ‖ seqno`, as go-libp2p's default.
///
/// Each peer gets one outbound stream written by one sender task fed from a queue, so RPCs
/// reach the wire whole and in order; inbound streams are read by their own tasks. State sits
/// behind one lock; no lock is held across a suspension.
public final class GossipSub: Sendable {
    public static let protocolIDs = ["/meshsub/1.1.0", "/meshsub/1.0.0"]

    struct PeerState {
        var topics: Set<String> = []
        /// Length-prefixed RPCs waiting for the peer's sender task.
        var queue: ChunkQueue
    }

    /// A peer whose sender lags by more than this many bytes loses RPCs (counted).
    static let maxQueuedBytes = 8 << 20
    /// Queued RPCs are joined into writes of up to this size.
    static let maxBatch = 256 * 1024

    struct CachedMessage {
        let topic: String
        let message: PubSubRPC.Message
    }

    struct State {
        weak var host: P2PHost?
        var peers: [PeerID: PeerState] = [:]
        var mesh: [String: Set<PeerID>] = [:]
        var fanout: [String: Set<PeerID>] = [:]
        var fanoutLastPublish: [String: ContinuousClock.Instant] = [:]
        var backoff: [String: [PeerID: ContinuousClock.Instant]] = [:]
        var subscribers: [String: [Int: AsyncStream<PubSubMessage>.Continuation]] = [:]
        var validators: [String: @Sendable (PubSubMessage) -> Bool] = [:]
        var nextSubscriberID = 0
        var seen: Set<[UInt8]> = []
        /// Seen IDs in arrival order with their time, so expiry pops from the front instead
        /// of scanning every ID each heartbeat.
        var seenOrder: [([UInt8], ContinuousClock.Instant)] = []
        var seenHead = 0

        mutating func markSeen(_ id: [UInt8], at now: ContinuousClock.Instant) {
            seen.insert(id)
            seenOrder.append((id, now))
        }

        mutating func expireSeen(olderThan ttl: Duration, now: ContinuousClock.Instant) {
            while seenHead < seenOrder.count, now - seenOrder[seenHead].1 >= ttl {
                seen.remove(seenOrder[seenHead].0)
                seenHead += 1
            }
            if seenHead > 1024 && seenHead * 2 > seenOrder.count {
                seenOrder.removeFirst(seenHead)
                seenHead = 0
            }
        }
        var cache: [[UInt8]: CachedMessage] = [:]
        var cacheWindows: [[[UInt8]]] = [[]]
        var seqno: UInt64
        var stats = GossipSubStats()
        var heartbeat: Task<Void, Never>?
    }

    let localKey: PeerKey
    let config: GossipSubConfig
    let logger: Logger
    private let state: Mutex<State>
    private let clock = ContinuousClock()

    init(localKey: PeerKey, config: GossipSubConfig, logger: Logger) {
        self.localKey = localKey
        self.config = config
        self.logger = logger
        // Sequence numbers start at a random point so a restarted node's IDs do not repeat.
        state = Mutex(State(seqno: UInt64.random(in: 0...(UInt64.max >> 1))))
    }

    func attach(_ host: P2PHost) {
        state.withLock { $0.host = host }
        for proto in Self.protocolIDs {
            host.setHandler(proto) { [weak self] _, reader, conn in
                await self?.readRPCs(reader: reader, from: conn.remotePeer)
            }
        }
    }

    public var stats: GossipSubStats { state.withLock { $0.stats } }
    public func mesh(_ topic: String) -> Set<PeerID> { state.withLock { $0.mesh[topic] ?? [] } }
    public func peers(subscribedTo topic: String) -> [PeerID] {
        state.withLock { s in s.peers.filter { $0.value.topics.contains(topic) }.map(\.key) }
    }

    // MARK: Peers

    /// Starts the sender for a new peer, or moves it to `conn` when the peer's first connection
    /// closed while another survives (its known subscriptions are kept then).
    func peerConnected(_ conn: P2PConnection) {
        let queue = ChunkQueue()
        let host = state.withLock { s -> P2PHost? in
            let topics = s.peers[conn.remotePeer]?.topics ?? []
            s.peers[conn.remotePeer]?.queue.finish()
            s.peers[conn.remotePeer] = PeerState(topics: topics, queue: queue)
            let subs = s.subscribers.keys.map { PubSubRPC.SubOpts(subscribe: true, topic: $0) }
            send(PubSubRPC(subscriptions: subs), to: conn.remotePeer, in: &s)
            return s.host
        }
        guard let host else { return }
        let peer = conn.remotePeer
        Task {
            do {
                let (out, _, _) = try await host.newStream(on: conn, protocols: Self.protocolIDs)
                while let batch = try await queue.nextBatch(limit: Self.maxBatch) { try await out.write(batch) }
                await out.closeWrite()
            } catch {
                queue.finish()
                logger.debug("gossipsub sender ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
            }
        }
    }

    func peerDisconnected(_ peer: PeerID) {
        state.withLock { s in
            s.peers.removeValue(forKey: peer)?.queue.finish()
            for t in s.mesh.keys { s.mesh[t]?.remove(peer) }
            for t in s.fanout.keys { s.fanout[t]?.remove(peer) }
        }
    }

    private func send(_ rpc: PubSubRPC, to peer: PeerID, in s: inout State) {
        guard let queue = s.peers[peer]?.queue else { return }
        guard queue.queuedBytes < Self.maxQueuedBytes else {
            s.stats.droppedForSlowPeer += 1
            return
        }
        let bytes = rpc.encoded
        queue.push(Varint.encode(UInt64(bytes.count)) + bytes)
    }

    // MARK: Subscribing and publishing

    /// Joins `topic`'s mesh and returns its messages (including our own publications, as
    /// go-libp2p delivers them). The stream ends when the caller stops iterating, or at `stop()`.
    public func subscribe(_ topic: String) -> AsyncStream<PubSubMessage> {
        let (stream, continuation) = AsyncStream<PubSubMessage>.makeStream(bufferingPolicy: .bufferingOldest(config.subscriberBuffer))
        let id = state.withLock { s -> Int in
            let first = s.subscribers[topic] == nil
            let id = s.nextSubscriberID
            s.nextSubscriberID += 1
            s.subscribers[topic, default: [:]][id] = continuation
            if first { join(topic, in: &s) }
            return id
        }
        continuation.onTermination = { [weak self] _ in self?.removeSubscriber(topic, id) }
        return stream
    }

    private func removeSubscriber(_ topic: String, _ id: Int) {
        state.withLock { s in
            s.subscribers[topic]?[id] = nil
            guard s.subscribers[topic]?.isEmpty == true else { return }
            s.subscribers[topic] = nil
            let unsub = PubSubRPC(subscriptions: [.init(subscribe: false, topic: topic)])
            for p in s.peers.keys { send(unsub, to: p, in: &s) }
            var prune = PubSubRPC.Control()
            prune.prune = [.init(topic: topic, backoffSeconds: UInt64(config.pruneBackoff.components.seconds))]
            for p in s.mesh[topic] ?? [] { send(PubSubRPC(control: prune), to: p, in: &s) }
            s.mesh[topic] = nil
        }
    }

    private func join(_ topic: String, in s: inout State) {
        let sub = PubSubRPC(subscriptions: [.init(subscribe: true, topic: topic)])
        for p in s.peers.keys { send(sub, to: p, in: &s) }
        var members = s.fanout.removeValue(forKey: topic) ?? []
        s.fanoutLastPublish[topic] = nil
        let candidates = s.peers.filter { $0.value.topics.contains(topic) && !members.contains($0.key) }.map(\.key).shuffled()
        members.formUnion(candidates.prefix(max(0, config.d - members.count)))
        s.mesh[topic] = members
        var graft = PubSubRPC.Control()
        graft.graft = [topic]
        for p in members { send(PubSubRPC(control: graft), to: p, in: &s) }
    }

    /// Signs and sends `data` on `topic`. Peers are the topic's mesh (or fanout when not
    /// subscribed), plus every subscribed peer with flood publish. Returns the message ID.
    @discardableResult
    public func publish(_ topic: String, data: [UInt8]) throws -> [UInt8] {
        let from = localKey.peerID.bytes
        let seq = state.withLock { s -> UInt64 in
            s.seqno &+= 1
            return s.seqno
        }
        var seqno = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { seqno[i] = UInt8(truncatingIfNeeded: seq >> (56 - 8 * UInt64(i))) }
        var msg = PubSubRPC.Message(from: from, data: data, seqno: seqno, topic: topic)
        msg.signature = try localKey.sign(msg.signedBytes)
        let id = from + seqno
        let now = clock.now
        state.withLock { s in
            s.markSeen(id, at: now)
            cache(id, msg, in: &s)
            s.stats.published += 1
            var targets: Set<PeerID>
            if let mesh = s.mesh[topic] {
                targets = mesh
            } else {
                if s.fanout[topic] == nil {
                    let candidates = s.peers.filter { $0.value.topics.contains(topic) }.map(\.key).shuffled()
                    s.fanout[topic] = Set(candidates.prefix(config.d))
                }
                targets = s.fanout[topic] ?? []
                s.fanoutLastPublish[topic] = now
            }
            if config.floodPublish {
                targets.formUnion(s.peers.filter { $0.value.topics.contains(topic) }.map(\.key))
            }
            let rpc = PubSubRPC(publish: [msg])
            for p in targets { send(rpc, to: p, in: &s) }
            if let from = try? PeerID(bytes: from) {
                deliver(PubSubMessage(from: from, topic: topic, data: data, seqno: seqno, receivedFrom: nil), in: &s)
            }
        }
        return id
    }

    private func deliver(_ m: PubSubMessage, in s: inout State) {
        guard let subs = s.subscribers[m.topic] else { return }
        for c in subs.values {
            if case .dropped = c.yield(m) { s.stats.droppedBySlowSubscriber += 1 } else { s.stats.delivered += 1 }
        }
    }

    private func cache(_ id: [UInt8], _ msg: PubSubRPC.Message, in s: inout State) {
        s.cache[id] = CachedMessage(topic: msg.topic, message: msg)
        s.cacheWindows[0].append(id)
    }

    // MARK: Receiving

    func readRPCs(reader: StreamReader, from peer: PeerID) async {
        let limit = config.maxMessageSize + 64 * 1024
        while let bytes = try? await reader.readLengthPrefixed(limit: limit) {
            guard let rpc = try? PubSubRPC(decoding: bytes) else {
                logger.debug("malformed pubsub RPC", metadata: ["peer": "\(peer)"])
                continue
            }
            handle(rpc, from: peer)
        }
    }

    /// StrictSign: the signature must verify under the key named by `from` (inlined in an
    /// Ed25519 peer ID, or in `key`, which must then hash to `from`).
    static func verifySignature(_ m: PubSubRPC.Message) -> Bool {
        guard let fromBytes = m.from, let sig = m.signature, m.seqno != nil,
            let from = try? PeerID(bytes: fromBytes)
        else { return false }
        let key: PeerPublicKey
        if let keyBytes = m.key {
            guard let k = try? PeerPublicKey(marshalled: keyBytes), from.matches(k) else { return false }
            key = k
        } else {
            guard let k = try? from.extractPublicKey() else { return false }
            key = k
        }
        return key.verify(signature: sig, for: m.signedBytes)
    }

    /// What becomes of one received message.
    private enum Verdict {
        case duplicate, unsigned, oversized, invalidSignature, rejected
        case accept(PubSubMessage, id: [UInt8])
    }

    /// Installs the application's check for `topic`: a message it refuses is neither delivered
    /// nor forwarded (counted in `stats.rejectedByValidator`). It runs on the reading task,
    /// outside the router's lock, after the signature check; it must not block.
    public func setValidator(_ topic: String, _ validator: (@Sendable (PubSubMessage) -> Bool)?) {
        state.withLock { $0.validators[topic] = validator }
    }

    func handle(_ rpc: PubSubRPC, from peer: PeerID) {
        let now = clock.now
        // Signatures and validators are checked outside the lock; messages already seen are
        // skipped before paying for a signature check.
        let (validators, seen) = state.withLock { s in
            (s.validators, rpc.publish.map { m in m.from.flatMap { f in m.seqno.map { s.seen.contains(f + $0) } } ?? false })
        }
        let verdicts = zip(rpc.publish, seen).map { m, alreadySeen -> Verdict in
            if alreadySeen { return .duplicate }
            guard m.signature != nil else { return .unsigned }
            guard (m.data?.count ?? 0) <= config.maxMessageSize else { return .oversized }
            guard Self.verifySignature(m), let from = m.from, let seqno = m.seqno, let origin = try? PeerID(bytes: from) else {
                return .invalidSignature
            }
            let message = PubSubMessage(from: origin, topic: m.topic, data: m.data ?? [], seqno: seqno, receivedFrom: peer)
            if let validator = validators[m.topic], !validator(message) { return .rejected }
            return .accept(message, id: from + seqno)
        }
        state.withLock { s in
            guard s.peers[peer] != nil else { return }
            for sub in rpc.subscriptions {
                if sub.subscribe {
                    s.peers[peer]?.topics.insert(sub.topic)
                } else {
                    s.peers[peer]?.topics.remove(sub.topic)
                    s.mesh[sub.topic]?.remove(peer)
                    s.fanout[sub.topic]?.remove(peer)
                }
            }
            for (m, verdict) in zip(rpc.publish, verdicts) {
                switch verdict {
                case .duplicate: s.stats.duplicates += 1
                case .unsigned: s.stats.unsigned += 1
                case .oversized: s.stats.oversized += 1
                case .invalidSignature:
                    s.stats.invalidSignature += 1
                    logger.debug("dropped pubsub message with a bad signature", metadata: ["peer": "\(peer)"])
                case .rejected: s.stats.rejectedByValidator += 1
                case .accept(let message, let id):
                    // Checked again: the same message may have come from two peers at once.
                    guard !s.seen.contains(id) else { s.stats.duplicates += 1; continue }
                    s.markSeen(id, at: now)
                    cache(id, m, in: &s)
                    deliver(message, in: &s)
                    let forward = PubSubRPC(publish: [m])
                    for p in s.mesh[m.topic] ?? s.fanout[m.topic] ?? [] where p != peer && p != message.from {
                        send(forward, to: p, in: &s)
                        s.stats.forwarded += 1
                    }
                }
            }
            if let control = rpc.control { handleControl(control, from: peer, now: now, in: &s) }
        }
    }

    private func handleControl(_ c: PubSubRPC.Control, from peer: PeerID, now: ContinuousClock.Instant, in s: inout State) {
        var reply = PubSubRPC.Control()
        var resend: [PubSubRPC.Message] = []
        for topic in c.graft {
            let backedOff = (s.backoff[topic]?[peer]).map { $0 > now } ?? false
            if s.mesh[topic] != nil, !backedOff, (s.mesh[topic]?.count ?? 0) < config.dHigh {
                s.mesh[topic]?.insert(peer)
            } else {
                reply.prune.append(.init(topic: topic, backoffSeconds: UInt64(config.pruneBackoff.components.seconds)))
            }
        }
        for p in c.prune {
            s.mesh[p.topic]?.remove(peer)
            let seconds = p.backoffSeconds.map { Int64(clamping: $0) } ?? config.pruneBackoff.components.seconds
            s.backoff[p.topic, default: [:]][peer] = now + .seconds(seconds)
        }
        var wanted: [[UInt8]] = []
        for h in c.ihave where s.mesh[h.topic] != nil {
            for id in h.ids where !s.seen.contains(id) && wanted.count < 500 { wanted.append(id) }
        }
        if !wanted.isEmpty { reply.iwant = wanted }
        for id in c.iwant.prefix(500) { if let m = s.cache[id] { resend.append(m.message) } }
        if !reply.isEmpty || !resend.isEmpty {
            send(PubSubRPC(publish: resend, control: reply.isEmpty ? nil : reply), to: peer, in: &s)
        }
    }

    // MARK: Heartbeat

    func startHeartbeat() {
        let interval = config.heartbeat
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                self.heartbeat()
            }
        }
        state.withLock { s in
            s.heartbeat?.cancel()
            s.heartbeat = task
        }
    }

    /// One heartbeat: keep each mesh between D_lo and D_hi, expire fanout, gossip IHAVE to
    /// D_lazy non-mesh peers, shift the message cache and forget old seen IDs.
    func heartbeat() {
        let now = clock.now
        state.withLock { s in
            for topic in Array(s.mesh.keys) {
                var members = s.mesh[topic] ?? []
                members = members.filter { s.peers[$0]?.topics.contains(topic) == true }
                if members.count < config.dLow {
                    let candidates = s.peers.filter { p in
                        p.value.topics.contains(topic) && !members.contains(p.key)
                            && !((s.backoff[topic]?[p.key]).map { $0 > now } ?? false)
                    }.map(\.key).shuffled().prefix(config.d - members.count)
                    var graft = PubSubRPC.Control()
                    graft.graft = [topic]
                    for p in candidates {
                        members.insert(p)
                        send(PubSubRPC(control: graft), to: p, in: &s)
                    }
                } else if members.count > config.dHigh {
                    let dropped = members.shuffled().prefix(members.count - config.d)
                    var prune = PubSubRPC.Control()
                    prune.prune = [.init(topic: topic, backoffSeconds: UInt64(config.pruneBackoff.components.seconds))]
                    for p in dropped {
                        members.remove(p)
                        send(PubSubRPC(control: prune), to: p, in: &s)
                    }
                }
                s.mesh[topic] = members
            }
            for (topic, last) in s.fanoutLastPublish where now - last > config.fanoutTTL {
                s.fanout[topic] = nil
                s.fanoutLastPublish[topic] = nil
            }
            // Gossip the IDs of recent messages.
            let recent = s.cacheWindows.prefix(config.historyGossip).joined()
            var byTopic: [String: [[UInt8]]] = [:]
            for id in recent { if let m = s.cache[id] { byTopic[m.topic, default: []].append(id) } }
            for (topic, ids) in byTopic where s.mesh[topic] != nil || s.fanout[topic] != nil {
                let inMesh = s.mesh[topic] ?? s.fanout[topic] ?? []
                let targets = s.peers.filter { $0.value.topics.contains(topic) && !inMesh.contains($0.key) }
                    .map(\.key).shuffled().prefix(config.dLazy)
                var ihave = PubSubRPC.Control()
                ihave.ihave = [(topic, Array(ids.suffix(5000)))]
                for p in targets { send(PubSubRPC(control: ihave), to: p, in: &s) }
            }
            s.cacheWindows.insert([], at: 0)
            if s.cacheWindows.count > config.historyLength {
                for id in s.cacheWindows.removeLast() { s.cache[id] = nil }
            }
            s.expireSeen(olderThan: config.seenTTL, now: now)
            for topic in s.backoff.keys { s.backoff[topic] = s.backoff[topic]?.filter { $0.value > now } }
        }
    }

    func stop() {
        let (task, subs, peers) = state.withLock { s in
            defer { s.subscribers = [:]; s.heartbeat = nil; s.peers = [:] }
            return (s.heartbeat, s.subscribers.values.flatMap { $0.values }, s.peers.values.map(\.queue))
        }
        task?.cancel()
        for c in subs { c.finish() }
        for q in peers { q.finish() }
    }
}
