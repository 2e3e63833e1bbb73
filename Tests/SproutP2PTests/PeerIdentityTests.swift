import Foundation
import Testing

@testable import SproutP2P

/// Vectors computed with py-libp2p 0.8.1 (`Ed25519PrivateKey.from_bytes`, `ID.from_pubkey`,
/// `multiaddr.Multiaddr(...).to_bytes()`), an independent implementation.
@Suite struct PeerIdentityTests {
    static let seed = (0..<32).map { UInt8($0) }
    static let marshalledKey = "0801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    static let peerID = "12D3KooWA4Xop1JaT3MHxwYMkCepYsv4iPVopMXwCz5iHYdBfeSB"

    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
    static func unhex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            out.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    @Test func ed25519KeyMarshalsAsLibp2pPublicKeyProtobuf() throws {
        let key = try PeerKey(seed: Self.seed)
        #expect(Self.hex(key.publicKey.marshalled) == Self.marshalledKey)
        #expect(try PeerPublicKey(marshalled: Self.unhex(Self.marshalledKey)) == key.publicKey)
    }

    @Test func peerIDIsIdentityMultihashInBase58btc() throws {
        let key = try PeerKey(seed: Self.seed)
        #expect(key.peerID.base58 == Self.peerID)
        let parsed = try PeerID(base58: Self.peerID)
        #expect(parsed == key.peerID)
        #expect(try parsed.extractPublicKey() == key.publicKey)
        #expect(parsed.matches(key.publicKey))
        #expect(!parsed.matches(PeerKey().publicKey))
    }

    @Test func rejectsMalformedPeerIDsAndKeys() {
        #expect(throws: PeerKeyError.self) { try PeerID(base58: "12D3KooW0OIl") }  // 0, O, I, l are not base58
        #expect(throws: PeerKeyError.self) { try PeerID(bytes: [0x00, 0x05, 1, 2]) }  // length mismatch
        #expect(throws: PeerKeyError.self) { try PeerID(bytes: [0x13, 0x01, 0]) }  // unknown hash code
        // A secp256k1 key (type 2) is refused with a clear reason.
        // `PublicKey { Type = 2; Data = 33 bytes }`, written out by hand.
        let secp256k1: [UInt8] = [0x08, 0x02, 0x12, 0x21] + [UInt8](repeating: 2, count: 33)
        #expect(throws: PeerKeyError.unsupportedKeyType(2)) { try PeerPublicKey(marshalled: secp256k1) }
        #expect(throws: PeerKeyError.self) { try PeerPublicKey(marshalled: [0x08]) }  // truncated
        #expect(throws: PeerKeyError.malformedKey("missing Type or Data")) {
            try PeerPublicKey(marshalled: [0x12, 0x00])  // Data only
        }
        // A key type outside the enum (4) reads as a missing Type.
        #expect(throws: PeerKeyError.malformedKey("missing Type or Data")) {
            try PeerPublicKey(marshalled: [0x08, 0x04, 0x12, 0x00])
        }
    }

    @Test func base58MatchesBitcoinAlphabetVectors() {
        #expect(Base58.encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
        #expect(Base58.encode([0, 0, 1]) == "112")
        #expect(Base58.decode("StV1DL6CwTryKyV") == Array("hello world".utf8))
        #expect(Base58.decode("112") == [0, 0, 1])
        #expect(Base58.decode("0") == nil)
    }

    @Test func varintRoundTripsAndRejectsOverlong() {
        for v: UInt64 in [0, 1, 127, 128, 300, 16384, UInt64(UInt32.max), UInt64.max] {
            let enc = Varint.encode(v)
            #expect(Varint.decode(enc, at: 0)?.value == v)
            #expect(Varint.decode(enc, at: 0)?.next == enc.count)
        }
        #expect(Varint.encode(300) == [0xac, 0x02])
        #expect(Varint.decode([0x80, 0x80], at: 0) == nil)
        #expect(Varint.decode([UInt8](repeating: 0xff, count: 11), at: 0) == nil)
    }

    @Test func multiaddrTextAndBinaryRoundTrip() throws {
        let text = "/ip6/::1/tcp/4001/p2p/" + Self.peerID
        let a = try Multiaddr(text)
        #expect(a.description == text)
        #expect(Self.hex(a.bytes) == "2900000000000000000000000000000001060fa1a5032600240801122003a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
        #expect(try Multiaddr(bytes: a.bytes) == a)
        let v4 = try Multiaddr("/ip4/127.0.0.1/tcp/4001")
        #expect(v4.bytes == [0x04, 127, 0, 0, 1, 0x06, 0x0f, 0xa1])
        #expect(v4.tcpEndpoint?.host == "127.0.0.1")
        #expect(v4.tcpEndpoint?.port == 4001)
        #expect(a.peerID?.base58 == Self.peerID)
        #expect(a.withoutPeerID.description == "/ip6/::1/tcp/4001")
    }

    @Test func multiaddrRejectsBadInput() {
        #expect(throws: MultiaddrError.self) { try Multiaddr("ip4/1.2.3.4") }
        #expect(throws: MultiaddrError.self) { try Multiaddr("/ip4/1.2.3.400/tcp/1") }
        #expect(throws: MultiaddrError.self) { try Multiaddr("/ip4/1.2.3.4/tcp/70000") }
        #expect(throws: MultiaddrError.self) { try Multiaddr("/ip4/1.2.3.4/quic") }
        #expect(throws: MultiaddrError.self) { try Multiaddr("/sctp/1") }
        #expect(throws: MultiaddrError.self) { try Multiaddr(bytes: [0x04, 127, 0]) }
        #expect(throws: MultiaddrError.self) { try Multiaddr(bytes: [0x99, 0x01]) }
    }
}

@Suite struct PeerKeyFileTests {
    @Test func generatesOnceThenKeepsTheSameIdentity() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("p2p-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("node.key").path
        let first = try PeerKey.loadOrCreate(at: path)
        let again = try PeerKey.loadOrCreate(at: path)
        #expect(first.peerID == again.peerID)
        let perms = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(perms == 0o600)
    }

    @Test func refusesACorruptKeyFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("p2p-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "not a key".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PeerKeyError.self) { try PeerKey.loadOrCreate(at: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a key")
    }
}
