import NIOCore
import Synchronization

/// An upgraded connection to one peer: TCP + Noise + Yamux.
public final class P2PConnection: Sendable {
    public let remotePeer: PeerID
    public let remoteAddr: Multiaddr?
    public let outbound: Bool
    let session: YamuxSession
    let channel: any Channel
    private let identified = Mutex<IdentifyInfo?>(nil)

    init(remotePeer: PeerID, remoteAddr: Multiaddr?, outbound: Bool, session: YamuxSession, channel: any Channel) {
        self.remotePeer = remotePeer
        self.remoteAddr = remoteAddr
        self.outbound = outbound
        self.session = session
        self.channel = channel
    }

    public var identify: IdentifyInfo? {
        get { identified.withLock { $0 } }
    }

    func setIdentify(_ info: IdentifyInfo) { identified.withLock { $0 = info } }

    public var isClosed: Bool { session.isClosed }

    public func close() async {
        await session.close()
        try? await channel.close()
    }
}
