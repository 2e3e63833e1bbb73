import Foundation
import SwiftProtobuf

/// What a peer says about itself through `/ipfs/id/1.0.0`.
public struct IdentifyInfo: Sendable, Equatable {
    public var protocolVersion: String = "ipfs/0.1.0"
    public var agentVersion: String = ""
    public var publicKey: PeerPublicKey?
    public var listenAddrs: [Multiaddr] = []
    public var observedAddr: Multiaddr?
    public var protocols: [String] = []

    public init() {}

    public static let protocolID = "/ipfs/id/1.0.0"
    static let limit = 64 * 1024

    /// The generated `PBIdentify` (Proto/identify.proto).
    var encoded: [UInt8] {
        var m = PBIdentify()
        if let publicKey { m.publicKey = Data(publicKey.marshalled) }
        m.listenAddrs = listenAddrs.map { Data($0.bytes) }
        m.protocols = protocols
        if let observedAddr { m.observedAddr = Data(observedAddr.bytes) }
        m.protocolVersion = protocolVersion
        m.agentVersion = agentVersion
        return m.wireBytes
    }

    /// Decodes a message; addresses in a form we do not know (e.g. QUIC) are skipped, and so
    /// are unknown fields (e.g. `signedPeerRecord`).
    init(decoding bytes: [UInt8]) throws {
        let m = try PBIdentify(serializedBytes: bytes)
        if m.hasPublicKey { publicKey = try PeerPublicKey(marshalled: Array(m.publicKey)) }
        listenAddrs = m.listenAddrs.compactMap { try? Multiaddr(bytes: Array($0)) }
        protocols = m.protocols
        if m.hasObservedAddr { observedAddr = try? Multiaddr(bytes: Array(m.observedAddr)) }
        if m.hasProtocolVersion { protocolVersion = m.protocolVersion }
        if m.hasAgentVersion { agentVersion = m.agentVersion }
    }

    /// The answer is one uvarint-length-prefixed message (go-, js-, py-libp2p ≥ 0.2.9); an
    /// unprefixed message up to end of stream, as older peers send, is accepted too.
    static func read(from reader: StreamReader) async throws -> IdentifyInfo {
        let all = try await reader.readToEnd(limit: limit)
        if let (n, start) = Varint.decode(all, at: 0), UInt64(all.count - start) == n, n > 0 {
            if let info = try? IdentifyInfo(decoding: Array(all[start...])) { return info }
        }
        return try IdentifyInfo(decoding: all)
    }
}
