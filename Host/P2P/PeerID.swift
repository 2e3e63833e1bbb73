import Crypto

/// A libp2p peer ID: the multihash of a marshalled public key. Keys of at most 42 bytes (all
/// Ed25519 keys) use the identity multihash, so the key can be recovered from the ID alone
/// (`12D3KooW…` in base58btc); longer keys use SHA-256 (`Qm…`).
public struct PeerID: Sendable, Hashable, CustomStringConvertible {
    /// The multihash bytes, as carried in pubsub `from` fields and `/p2p/` multiaddr parts.
    public let bytes: [UInt8]

    public init(publicKey: PeerPublicKey) {
        let key = publicKey.marshalled
        if key.count <= 42 {
            bytes = [0x00] + Varint.encode(UInt64(key.count)) + key
        } else {
            bytes = [0x12, 0x20] + Array(SHA256.hash(data: key))
        }
    }

    /// Validates the multihash framing (identity or sha2-256, with a matching length).
    public init(bytes: [UInt8]) throws {
        guard let (code, afterCode) = Varint.decode(bytes, at: 0),
            let (length, afterLength) = Varint.decode(bytes, at: afterCode),
            UInt64(bytes.count - afterLength) == length
        else { throw PeerKeyError.malformedPeerID("bad multihash framing") }
        switch code {
        case 0x00 where length <= 42: break
        case 0x12 where length == 32: break
        default: throw PeerKeyError.malformedPeerID("multihash code \(code) with length \(length)")
        }
        self.bytes = bytes
    }

    public init(base58 text: String) throws {
        guard let raw = Base58.decode(text) else { throw PeerKeyError.malformedPeerID("not base58btc: \(text)") }
        try self.init(bytes: raw)
    }

    public var base58: String { Base58.encode(bytes) }
    public var description: String { base58 }

    /// The public key inlined in an identity multihash, or nil for a hashed ID.
    public func extractPublicKey() throws -> PeerPublicKey? {
        guard bytes.first == 0x00, let (_, start) = Varint.decode(bytes, at: 1) else { return nil }
        return try PeerPublicKey(marshalled: Array(bytes[start...]))
    }

    /// Whether `key` is the key this ID names.
    public func matches(_ key: PeerPublicKey) -> Bool { PeerID(publicKey: key) == self }
}
