import Hummingbird
import NIOCore

/// The request context of the node's routes: Hummingbird's basics plus the peer address,
/// which identifies a client for rate limiting.
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, or "local" for a Unix socket or an unknown peer.
    var clientAddress: String { remoteAddress?.ipAddress ?? "local" }
}
