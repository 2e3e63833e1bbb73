import Logging
import SproutNode
import SproutP2P
import Synchronization

/// Puts a node on the libp2p network when `p2p.enabled` is set: wraps its store (see
/// ``P2PTaskStore``) and runs a ``P2PCoordinator`` beside its pipeline.
public enum P2PNode {
    public static func install(into configuration: inout SproutNodeService.Configuration, logger: Logger = Logger(label: "sprout.p2p")) throws {
        let settings = configuration.p2p
        guard settings.enabled else { return }
        let key = try PeerKey.loadOrCreate(at: settings.keyFile)
        let listen: [Multiaddr]
        let bootstrap: [Multiaddr]
        do {
            listen = try settings.listen.map(Multiaddr.init)
            bootstrap = try settings.bootstrap.map(Multiaddr.init)
        } catch {
            throw P2PNodeError("p2p.listen / p2p.bootstrap: \(error)")
        }
        let host = P2PHost(key: key, config: P2PConfig(listen: listen, bootstrap: bootstrap, agentVersion: "sprout"), logger: logger)
        // The store is opened inside the node's start; the coordinator needs the wrapped one.
        let wrapped = WrappedStore()
        configuration.storeDecorator = { base in
            let store = P2PTaskStore(base: base)
            wrapped.store.withLock { $0 = store }
            return store
        }
        configuration.companion = { node in
            guard let store = wrapped.store.withLock({ $0 }) else { throw P2PNodeError("p2p: the node's store was not wrapped") }
            try await P2PCoordinator(settings: settings, host: host, store: store, logger: logger).run(node)
        }
    }
}

/// Hands the store that the node opened and ``P2PTaskStore`` wrapped to the coordinator.
private final class WrappedStore: Sendable {
    let store = Mutex<P2PTaskStore?>(nil)
}
