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

    /// `Identify { publicKey = 1; listenAddrs = 2; protocols = 3; observedAddr = 4;
    /// protocolVersion = 5; agentVersion = 6 }`.
    var encoded: [UInt8] {
        var w = ProtoWriter()
        if let publicKey { w.bytes(1, publicKey.marshalled) }
        for a in listenAddrs { w.bytes(2, a.bytes) }
        for p in protocols { w.string(3, p) }
        if let observedAddr { w.bytes(4, observedAddr.bytes) }
        w.string(5, protocolVersion)
        w.string(6, agentVersion)
        return w.bytes
    }

    /// Decodes a message; addresses in a form we do not know (e.g. QUIC) are skipped.
    init(decoding bytes: [UInt8]) throws {
        for (field, value) in try ProtoReader.fields(bytes) {
            switch field {
            case 1: if let b = value.asBytes { publicKey = try PeerPublicKey(marshalled: b) }
            case 2: if let b = value.asBytes, let a = try? Multiaddr(bytes: b) { listenAddrs.append(a) }
            case 3: if let s = try value.asString(field: 3) { protocols.append(s) }
            case 4: if let b = value.asBytes { observedAddr = try? Multiaddr(bytes: b) }
            case 5: if let s = try value.asString(field: 5) { protocolVersion = s }
            case 6: if let s = try value.asString(field: 6) { agentVersion = s }
            default: break
            }
        }
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
