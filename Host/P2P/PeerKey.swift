import Crypto
import Foundation
import SwiftProtobuf
import Synchronization

/// A node's long-lived libp2p identity: an Ed25519 key pair. The public half, marshalled as
/// libp2p's `PublicKey` protobuf, is what peers see in Noise handshakes and Identify; its
/// hash (an identity multihash, since the key is short) is the peer ID.
public struct PeerKey: Sendable {
    /// swift-crypto's key is not Sendable; it sits behind a lock so that signing does not
    /// re-derive it from the seed each time.
    private final class Signer: Sendable {
        let key: Mutex<Curve25519.Signing.PrivateKey>
        init(_ key: sending Curve25519.Signing.PrivateKey) { self.key = Mutex(key) }
    }

    private let signer: Signer
    public let publicKey: PeerPublicKey

    public init() { self.init(Curve25519.Signing.PrivateKey()) }

    /// Restores a key from its 32-byte Ed25519 seed (the form a node keeps in its config).
    public init(seed: [UInt8]) throws {
        self.init(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
    }

    private init(_ key: sending Curve25519.Signing.PrivateKey) {
        publicKey = PeerPublicKey(ed25519: Array(key.publicKey.rawRepresentation))
        signer = Signer(key)
    }

    /// The 32-byte Ed25519 seed, to be kept in the node's config.
    public var seed: [UInt8] { signer.key.withLock { Array($0.rawRepresentation) } }
    public var peerID: PeerID { publicKey.peerID }

    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try signer.key.withLock { Array(try $0.signature(for: message)) }
    }
}

/// Errors about keys and peer IDs received from peers.
public enum PeerKeyError: Error, Equatable, Sendable {
    /// libp2p key types: RSA=0, Ed25519=1, Secp256k1=2, ECDSA=3. Only Ed25519 is supported.
    case unsupportedKeyType(UInt64)
    case malformedKey(String)
    case malformedPeerID(String)
}

/// A peer's public key as carried in libp2p messages. Only Ed25519 keys are supported
/// (swift-crypto has no secp256k1); others are refused with a clear error when unmarshalling.
public struct PeerPublicKey: Sendable, Hashable {
    public let ed25519: [UInt8]

    public init(ed25519: [UInt8]) { self.ed25519 = ed25519 }

    /// libp2p's `PublicKey { required KeyType Type = 1; required bytes Data = 2; }`, the
    /// generated `PBPublicKey` (Proto/crypto.proto).
    public var marshalled: [UInt8] {
        var m = PBPublicKey()
        m.type = .ed25519
        m.data = Data(ed25519)
        return m.wireBytes
    }

    /// A key type outside the `KeyType` enum is kept as an unknown field by the decoder, so
    /// it reads as a missing `Type`.
    public init(marshalled bytes: [UInt8]) throws {
        let m: PBPublicKey
        do {
            m = try PBPublicKey(serializedBytes: bytes)
        } catch BinaryDecodingError.missingRequiredFields {
            throw PeerKeyError.malformedKey("missing Type or Data")
        } catch {
            throw PeerKeyError.malformedKey("\(error)")
        }
        guard m.type == .ed25519 else { throw PeerKeyError.unsupportedKeyType(UInt64(m.type.rawValue)) }
        guard m.data.count == 32 else { throw PeerKeyError.malformedKey("Ed25519 key of \(m.data.count) bytes, expected 32") }
        ed25519 = Array(m.data)
    }

    public var peerID: PeerID { PeerID(publicKey: self) }

    public func verify(signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: ed25519) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
