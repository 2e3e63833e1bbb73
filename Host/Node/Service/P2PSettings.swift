/// How a node joins the libp2p network (`p2p.*` settings). The node itself does not speak
/// libp2p; `SproutNodeP2P` reads these when `sprout serve` installs it.
public struct P2PSettings: Sendable {
    public var enabled = false
    /// Multiaddrs to listen on, e.g. `/ip4/0.0.0.0/tcp/4001`.
    public var listen = ["/ip4/0.0.0.0/tcp/4001"]
    /// Peers dialled at start and again while none is connected: `/ip4/…/tcp/…/p2p/12D3KooW…`.
    public var bootstrap: [String] = []
    /// The node's Ed25519 identity (a hex seed), made on first start and kept.
    public var keyFile = "sprout-data/p2p.key"
    /// How often a prover announces its engines on `sprout-provers`.
    public var announceInterval: Duration = .seconds(1)
    /// A sequencer reassigns a task whose prover did not acknowledge it, or stopped announcing
    /// itself, for this long.
    public var assignmentTimeout: Duration = .seconds(10)

    public init() {}
}
