import Crypto
import Foundation
import NIOCore
import SwiftProtobuf
import Synchronization

/// The write side of an established Noise channel: plaintext is cut into frames of at most
/// 65,519 bytes (65,535 with the tag), each sent as a 2-byte big-endian length and ciphertext.
/// Encryption and submission happen under one lock so nonces reach the wire in order.
final class NoiseWriter: ByteSink {
    static let maxPlaintext = 65535 - 16
    private let cipher: Mutex<NoiseCipherState>
    private let tcp: TCPWriter

    init(cipher: NoiseCipherState, tcp: TCPWriter) {
        self.cipher = Mutex(cipher)
        self.tcp = tcp
    }

    func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        let future = cipher.withLock { c -> EventLoopFuture<Void> in
            var frames: [UInt8] = []
            frames.reserveCapacity(bytes.count + (bytes.count / Self.maxPlaintext + 1) * 18)
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + Self.maxPlaintext, bytes.count)
                let ct = c.encrypt(Array(bytes[offset..<end]), ad: [])
                frames += [UInt8(ct.count >> 8), UInt8(ct.count & 0xff)]
                frames += ct
                offset = end
            }
            return tcp.submit(frames)
        }
        try await future.get()
    }
}

/// The read side: decrypts frames in order. Owned by the connection's reading task.
final class NoiseFrameSource {
    private var cipher: NoiseCipherState
    private let raw: StreamReader

    init(cipher: NoiseCipherState, raw: StreamReader) {
        self.cipher = cipher
        self.raw = raw
    }

    func next() async throws -> [UInt8]? {
        let lengthBytes: [UInt8]
        do { lengthBytes = try await raw.readExactly(2) } catch StreamError.endOfStream { return nil }
        let length = Int(lengthBytes[0]) << 8 | Int(lengthBytes[1])
        let frame = try await raw.readExactly(length)
        return try cipher.decrypt(frame, ad: [])
    }
}

/// The result of a `/noise` handshake: the authenticated remote peer and the channel.
struct NoiseSession {
    let remotePeer: PeerID
    let remoteKey: PeerPublicKey
    let reader: StreamReader
    let writer: NoiseWriter
}

/// libp2p's Noise handshake: XX with, in each side's payload, its identity key and an
/// Ed25519 signature over "noise-libp2p-static-key:" + its Noise static key, which binds the
/// X25519 key of this session to the peer ID.
enum NoiseUpgrade {
    static let protocolID = "/noise"
    static let signaturePrefix = Array("noise-libp2p-static-key:".utf8)

    /// The generated `PBNoiseHandshakePayload` (Proto/noise.proto); we send no extensions.
    static func payload(key: PeerKey, staticKey: [UInt8]) throws -> [UInt8] {
        var m = PBNoiseHandshakePayload()
        m.identityKey = Data(key.publicKey.marshalled)
        m.identitySig = Data(try key.sign(signaturePrefix + staticKey))
        return m.wireBytes
    }

    /// Checks the remote payload against the remote static key; returns the remote identity.
    /// The remote's extensions (WebTransport hashes, early muxer negotiation) are not used.
    static func verify(payload: [UInt8], remoteStatic: [UInt8]) throws -> PeerPublicKey {
        let m = try PBNoiseHandshakePayload(serializedBytes: payload)
        guard m.hasIdentityKey, m.hasIdentitySig else {
            throw NoiseError.malformedMessage("handshake payload lacks identity key or signature")
        }
        let key = try PeerPublicKey(marshalled: Array(m.identityKey))
        guard key.verify(signature: Array(m.identitySig), for: signaturePrefix + remoteStatic) else { throw NoiseError.badPayloadSignature }
        return key
    }

    private static func writeFrame(_ msg: [UInt8], _ tcp: TCPWriter) async throws {
        guard msg.count <= 65535 else { throw NoiseError.messageTooLarge(msg.count) }
        try await tcp.write([UInt8(msg.count >> 8), UInt8(msg.count & 0xff)] + msg)
    }

    private static func readFrame(_ reader: StreamReader) async throws -> [UInt8] {
        let l = try await reader.readExactly(2)
        return try await reader.readExactly(Int(l[0]) << 8 | Int(l[1]))
    }

    /// Runs the handshake on a raw connection whose `/noise` negotiation is done. When
    /// `expectedPeer` is set (we dialed a `/p2p/` address), any other peer is refused.
    static func handshake(
        initiator: Bool, key: PeerKey, expectedPeer: PeerID?, reader: StreamReader, tcp: TCPWriter
    ) async throws -> NoiseSession {
        let staticKey = Curve25519.KeyAgreement.PrivateKey()
        var hs = NoiseHandshake(initiator: initiator, staticKey: staticKey)
        let ours = try payload(key: key, staticKey: hs.staticPublicKey)
        let remotePayload: [UInt8]
        if initiator {
            try await writeFrame(try hs.writeMessage(payload: []), tcp)
            remotePayload = try hs.readMessage(try await readFrame(reader))
            try await writeFrame(try hs.writeMessage(payload: ours), tcp)
        } else {
            _ = try hs.readMessage(try await readFrame(reader))
            try await writeFrame(try hs.writeMessage(payload: ours), tcp)
            remotePayload = try hs.readMessage(try await readFrame(reader))
        }
        guard let rs = hs.rs else { throw NoiseError.outOfOrder }
        let remoteKey = try verify(payload: remotePayload, remoteStatic: rs)
        let remotePeer = remoteKey.peerID
        if let expectedPeer, expectedPeer != remotePeer {
            throw NoiseError.peerIDMismatch(expected: expectedPeer.base58, got: remotePeer.base58)
        }
        let (send, receive) = hs.split()
        let source = NoiseFrameSource(cipher: receive, raw: reader)
        return NoiseSession(
            remotePeer: remotePeer, remoteKey: remoteKey,
            reader: StreamReader { try await source.next() },
            writer: NoiseWriter(cipher: send, tcp: tcp))
    }
}
