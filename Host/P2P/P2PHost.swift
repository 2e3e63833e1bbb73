import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Settings of a libp2p host.
public struct P2PConfig: Sendable {
    /// TCP addresses to listen on, e.g. `/ip4/0.0.0.0/tcp/4001` (port 0 picks a free port).
    public var listen: [Multiaddr]
    /// Peers dialed by `connectBootstrap()`: `/ip4/…/tcp/…/p2p/<id>`.
    public var bootstrap: [Multiaddr]
    public var agentVersion: String
    /// Bound on TCP connect + Noise + Yamux negotiation.
    public var dialTimeout: Duration
    /// Inbound connections beyond this many open TCP connections are closed at once.
    public var maxConnections: Int
    public var gossip: GossipSubConfig

    public init(
        listen: [Multiaddr] = [], bootstrap: [Multiaddr] = [], agentVersion: String = "sprout/0.1",
        dialTimeout: Duration = .seconds(10), maxConnections: Int = 256, gossip: GossipSubConfig = GossipSubConfig()
    ) {
        self.maxConnections = maxConnections
        self.listen = listen
        self.bootstrap = bootstrap
        self.agentVersion = agentVersion
        self.dialTimeout = dialTimeout
        self.gossip = gossip
    }
}

public enum P2PHostError: Error, Equatable, Sendable {
    case notTCPAddress(String)
    case notConnected(String)
    case handshakeTimedOut
}

/// A libp2p host: listens and dials over TCP, secures connections with Noise, multiplexes
/// them with Yamux, serves Ping and Identify, and runs GossipSub on top.
///
///     let host = P2PHost(key: key, config: P2PConfig(listen: [try Multiaddr("/ip4/0.0.0.0/tcp/4001")]))
///     try await host.start()
///     _ = await host.connectBootstrap()
///     let messages = await host.pubsub.subscribe("w3bstream-project-42")
///     try await host.pubsub.publish("w3bstream-project-42", data: bytes)
public final class P2PHost: Sendable {
    public typealias StreamHandler = @Sendable (YamuxStream, StreamReader, P2PConnection) async -> Void

    public let key: PeerKey
    public let config: P2PConfig
    public var peerID: PeerID { key.peerID }
    public let pubsub: GossipSub
    let logger: Logger
    private let group: any EventLoopGroup

    private struct State {
        /// Live connections per peer, oldest first. Two can exist when both sides dial at
        /// once; the first one carries gossip, and the next takes over when it closes.
        var connections: [PeerID: [P2PConnection]] = [:]
        var listeners: [any Channel] = []
        var listenAddrs: [Multiaddr] = []
        var handlers: [String: StreamHandler] = [:]
        var stopped = false
        /// Open TCP connections, upgraded or not (bounded by `maxConnections`).
        var openChannels = 0
    }
    private let state = Mutex(State())

    public init(key: PeerKey, config: P2PConfig, logger: Logger = Logger(label: "sprout.p2p")) {
        self.key = key
        self.config = config
        self.logger = logger
        group = MultiThreadedEventLoopGroup.singleton
        pubsub = GossipSub(localKey: key, config: config.gossip, logger: logger)
        pubsub.attach(self)
        setHandler(Ping.protocolID) { stream, reader, _ in await Ping.serve(stream: stream, reader: reader) }
        setHandler(IdentifyInfo.protocolID) { [weak self] stream, _, conn in
            guard let self else { return }
            try? await stream.writeLengthPrefixed(self.identifyInfo(observed: conn.remoteAddr).encoded)
            await stream.closeWrite()
        }
    }

    public func setHandler(_ protocolID: String, _ handler: @escaping StreamHandler) {
        state.withLock { $0.handlers[protocolID] = handler }
    }

    public var listenAddrs: [Multiaddr] { state.withLock { $0.listenAddrs } }
    public var connectedPeers: [PeerID] { state.withLock { Array($0.connections.keys) } }
    /// Every live connection to `peer`, oldest first.
    public func connections(to peer: PeerID) -> [P2PConnection] {
        state.withLock { $0.connections[peer]?.filter { !$0.isClosed } ?? [] }
    }

    public func connection(to peer: PeerID) -> P2PConnection? {
        state.withLock { $0.connections[peer]?.first { !$0.isClosed } }
    }

    func identifyInfo(observed: Multiaddr?) -> IdentifyInfo {
        var info = IdentifyInfo()
        info.agentVersion = config.agentVersion
        info.publicKey = key.publicKey
        info.listenAddrs = listenAddrs
        info.observedAddr = observed
        info.protocols = state.withLock { Array($0.handlers.keys) }.sorted()
        return info
    }

    /// Binds every listen address; `listenAddrs` then holds the bound ones (real ports).
    public func start() async throws {
        for addr in config.listen {
            guard let (host, port) = addr.tcpEndpoint else { throw P2PHostError.notTCPAddress(addr.description) }
            let listener = try await TCPTransport.listen(host: host, port: port, group: group) { [weak self] channel, queue in
                guard let self, self.admit(channel) else { channel.close(promise: nil); return }
                let remote = channel.remoteAddress.flatMap(Self.multiaddr(of:))
                Task { _ = try? await self.upgrade(channel: channel, queue: queue, outbound: false, expected: nil, remote: remote) }
            }
            let bound = listener.localAddress.flatMap(Self.multiaddr(of:)) ?? addr
            state.withLock {
                $0.listeners.append(listener)
                $0.listenAddrs.append(bound)
            }
            logger.info("p2p listening", metadata: ["addr": "\(bound)/p2p/\(peerID)"])
        }
        pubsub.startHeartbeat()
    }

    /// Counts an inbound connection against `maxConnections`; false if it must be refused.
    private func admit(_ channel: any Channel) -> Bool {
        let ok = state.withLock { s -> Bool in
            guard !s.stopped, s.openChannels < config.maxConnections else { return false }
            s.openChannels += 1
            return true
        }
        if ok { channel.closeFuture.whenComplete { [weak self] _ in self?.state.withLock { $0.openChannels -= 1 } } }
        return ok
    }

    public var openConnectionCount: Int { state.withLock { $0.openChannels } }

    static func multiaddr(of address: SocketAddress) -> Multiaddr? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        switch address {
        case .v4: return try? Multiaddr("/ip4/\(ip)/tcp/\(port)")
        case .v6: return try? Multiaddr("/ip6/\(ip)/tcp/\(port)")
        default: return nil
        }
    }

    /// Dials `addr` (which should end in `/p2p/<id>`, so the handshake can refuse an
    /// impostor) unless already connected, and returns the peer's ID.
    @discardableResult
    public func connect(_ addr: Multiaddr) async throws -> PeerID {
        if let id = addr.peerID, let c = connection(to: id), !c.isClosed { return id }
        guard let (host, port) = addr.tcpEndpoint else { throw P2PHostError.notTCPAddress(addr.description) }
        let (channel, queue) = try await TCPTransport.dial(
            host: host, port: port, group: group, timeout: TimeAmount(config.dialTimeout))
        let conn = try await upgrade(channel: channel, queue: queue, outbound: true, expected: addr.peerID, remote: addr.withoutPeerID)
        return conn.remotePeer
    }

    /// Dials every bootstrap peer concurrently; returns those reached. Failures are logged.
    public func connectBootstrap() async -> [PeerID] {
        await withTaskGroup(of: PeerID?.self) { group in
            for addr in config.bootstrap {
                group.addTask {
                    do { return try await self.connect(addr) } catch {
                        self.logger.warning("bootstrap dial failed", metadata: ["addr": "\(addr)", "error": "\(error)"])
                        return nil
                    }
                }
            }
            var out: [PeerID] = []
            for await id in group { if let id { out.append(id) } }
            return out
        }
    }

    /// Secures and multiplexes a fresh TCP connection. Negotiation is bounded by
    /// `dialTimeout`: a watchdog closes the channel, which fails the pending read. The
    /// watchdog runs on the channel's event loop, not as a Swift task, so it fires on time even
    /// while long computations (proofs) occupy every cooperative thread.
    private func upgrade(channel: any Channel, queue: ChunkQueue, outbound: Bool, expected: PeerID?, remote: Multiaddr?) async throws -> P2PConnection {
        // 0: negotiating, 1: done, 2: the watchdog fired.
        let phase = Mutex(0)
        let watchdog = channel.eventLoop.scheduleTask(in: TimeAmount(config.dialTimeout)) {
            let fire = phase.withLock { p -> Bool in
                guard p == 0 else { return false }
                p = 2
                return true
            }
            if fire { channel.close(promise: nil) }
        }
        defer { watchdog.cancel() }
        do {
            let raw = StreamReader { try await queue.next() }
            let tcp = TCPWriter(channel: channel)
            if outbound {
                _ = try await MultistreamSelect.select([NoiseUpgrade.protocolID], reader: raw, writer: tcp)
            } else {
                _ = try await MultistreamSelect.handle([NoiseUpgrade.protocolID], reader: raw, writer: tcp)
            }
            let noise = try await NoiseUpgrade.handshake(initiator: outbound, key: key, expectedPeer: expected, reader: raw, tcp: tcp)
            if outbound {
                _ = try await MultistreamSelect.select([YamuxSession.protocolID], reader: noise.reader, writer: noise.writer)
            } else {
                _ = try await MultistreamSelect.handle([YamuxSession.protocolID], reader: noise.reader, writer: noise.writer)
            }
            guard phase.withLock({ p -> Bool in
                guard p == 0 else { return false }
                p = 1
                return true
            }) else { throw P2PHostError.handshakeTimedOut }
            let peer = noise.remotePeer
            let holder = Mutex<P2PConnection?>(nil)
            let session = YamuxSession(
                writer: noise.writer, isClient: outbound,
                onInbound: { [weak self] stream in
                    guard let self, let conn = holder.withLock({ $0 }) else { return }
                    Task { await self.serveInbound(stream, conn) }
                },
                onClose: { [weak self] in
                    guard let conn = holder.withLock({ $0 }) else { return }
                    self?.connectionClosed(conn)
                })
            let conn = P2PConnection(remotePeer: peer, remoteAddr: remote, outbound: outbound, session: session, channel: channel)
            holder.withLock { $0 = conn }
            // Registered, and known to pubsub, before its reader starts: the peer's first RPC
            // (its subscription list) may arrive at once, and pubsub drops RPCs from peers it
            // does not know. A connection that dies later is removed by onClose.
            let isNew = state.withLock { s -> Bool? in
                guard !s.stopped else { return nil }
                let hadOne = s.connections[peer]?.isEmpty == false
                s.connections[peer, default: []].append(conn)
                return !hadOne
            }
            guard let isNew else { throw P2PHostError.notConnected(peer.base58) }
            if isNew { pubsub.peerConnected(conn) }
            let reader = noise.reader
            Task {
                await session.run(reader: reader)
                try? await channel.close()
            }
            logger.debug("p2p connected", metadata: ["peer": "\(peer)", "outbound": "\(outbound)"])
            if isNew { Task { await self.runIdentify(conn) } }
            return conn
        } catch {
            logger.debug("p2p upgrade failed", metadata: ["error": "\(error)", "outbound": "\(outbound)"])
            try? await channel.close()
            if phase.withLock({ $0 }) == 2 { throw P2PHostError.handshakeTimedOut }
            throw error
        }
    }

    private func connectionClosed(_ conn: P2PConnection) {
        enum Outcome { case none, lastGone, primaryReplaced(P2PConnection) }
        let outcome = state.withLock { s -> Outcome in
            guard var list = s.connections[conn.remotePeer], let i = list.firstIndex(where: { $0 === conn }) else { return .none }
            list.remove(at: i)
            s.connections[conn.remotePeer] = list.isEmpty ? nil : list
            if list.isEmpty { return .lastGone }
            return i == 0 ? .primaryReplaced(list[0]) : .none
        }
        switch outcome {
        case .none: break
        case .lastGone: pubsub.peerDisconnected(conn.remotePeer)
        case .primaryReplaced(let next):
            // Gossip moves to the surviving connection. The peer's subscriptions and mesh
            // places stay: the peer may have sent them on the surviving connection, and it
            // does not send them again when it kept that one as its first.
            pubsub.peerConnected(next)
        }
    }

    private func serveInbound(_ stream: YamuxStream, _ conn: P2PConnection) async {
        let reader = stream.reader()
        let handlers = state.withLock { $0.handlers }
        do {
            let proto = try await MultistreamSelect.handle(Set(handlers.keys), reader: reader, writer: stream)
            guard let handler = handlers[proto] else { return }
            await handler(stream, reader, conn)
        } catch {
            await stream.reset()
        }
    }

    /// Opens a stream to a connected peer and negotiates the first of `protocols` it accepts.
    public func newStream(to peer: PeerID, protocols: [String]) async throws -> (YamuxStream, StreamReader, String) {
        guard let conn = connection(to: peer), !conn.isClosed else { throw P2PHostError.notConnected(peer.base58) }
        return try await newStream(on: conn, protocols: protocols)
    }

    func newStream(on conn: P2PConnection, protocols: [String]) async throws -> (YamuxStream, StreamReader, String) {
        let stream = try await conn.session.openStream()
        let reader = stream.reader()
        do {
            let proto = try await MultistreamSelect.select(protocols, reader: reader, writer: stream)
            return (stream, reader, proto)
        } catch {
            await stream.reset()
            throw error
        }
    }

    /// Round-trip time of one `/ipfs/ping/1.0.0` exchange.
    public func ping(_ peer: PeerID) async throws -> Duration {
        let (stream, reader, _) = try await newStream(to: peer, protocols: [Ping.protocolID])
        defer { Task { await stream.closeWrite() } }
        return try await Ping.ping(stream: stream, reader: reader)
    }

    /// Asks the peer for its Identify record and keeps it on the connection.
    @discardableResult
    public func identify(_ peer: PeerID) async throws -> IdentifyInfo {
        guard let conn = connection(to: peer) else { throw P2PHostError.notConnected(peer.base58) }
        return try await identify(conn)
    }

    private func identify(_ conn: P2PConnection) async throws -> IdentifyInfo {
        let (stream, reader, _) = try await newStream(on: conn, protocols: [IdentifyInfo.protocolID])
        await stream.closeWrite()
        let info = try await IdentifyInfo.read(from: reader)
        if let key = info.publicKey, !conn.remotePeer.matches(key) {
            throw NoiseError.peerIDMismatch(expected: conn.remotePeer.base58, got: key.peerID.base58)
        }
        conn.setIdentify(info)
        return info
    }

    private func runIdentify(_ conn: P2PConnection) async {
        do { _ = try await identify(conn) } catch {
            logger.debug("identify failed", metadata: ["peer": "\(conn.remotePeer)", "error": "\(error)"])
        }
    }

    /// Closes listeners and connections and stops gossip.
    public func stop() async {
        let (listeners, conns) = state.withLock { s -> ([any Channel], [P2PConnection]) in
            s.stopped = true
            defer { s.listeners = []; s.connections = [:] }
            return (s.listeners, s.connections.values.flatMap { $0 })
        }
        pubsub.stop()
        for l in listeners { try? await l.close() }
        for c in conns { await c.close() }
    }
}
