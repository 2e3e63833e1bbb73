import Crypto
import Foundation

/// Errors from the Noise handshake and secure channel.
public enum NoiseError: Error, Equatable, Sendable {
    case decryptionFailed
    case malformedMessage(String)
    case badPayloadSignature
    case peerIDMismatch(expected: String, got: String)
    case messageTooLarge(Int)
    case outOfOrder
}

/// One direction's cipher of Noise: ChaChaPoly with a 64-bit counter nonce (4 zero bytes then
/// the counter little-endian, as the Noise spec fixes for ChaChaPoly).
struct NoiseCipherState: Sendable {
    /// Raw key bytes: swift-crypto's SymmetricKey is not Sendable.
    private let keyBytes: [UInt8]
    var nonce: UInt64 = 0
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    init(key: [UInt8]) { keyBytes = key }

    private func nonceValue() -> ChaChaPoly.Nonce {
        var n = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: nonce.littleEndian) { n.replaceSubrange(4..<12, with: $0) }
        // 12 bytes is always a valid ChaChaPoly nonce.
        return try! ChaChaPoly.Nonce(data: n)
    }

    mutating func encrypt(_ plaintext: [UInt8], ad: [UInt8]) -> [UInt8] {
        // Sealing only fails for a bad nonce size, which nonceValue() rules out.
        let box = try! ChaChaPoly.seal(plaintext, using: key, nonce: nonceValue(), authenticating: ad)
        nonce += 1
        return Array(box.ciphertext) + Array(box.tag)
    }

    mutating func decrypt(_ ciphertext: [UInt8], ad: [UInt8]) throws(NoiseError) -> [UInt8] {
        guard ciphertext.count >= 16 else { throw .decryptionFailed }
        do {
            let box = try ChaChaPoly.SealedBox(
                nonce: nonceValue(), ciphertext: ciphertext.dropLast(16), tag: ciphertext.suffix(16))
            let plain = try ChaChaPoly.open(box, using: key, authenticating: ad)
            nonce += 1
            return Array(plain)
        } catch {
            throw .decryptionFailed
        }
    }
}

/// Noise_XX_25519_ChaChaPoly_SHA256 as libp2p's `/noise` uses it, as a pure state machine
/// (no I/O), so it can be tested alone:
///
///     -> e
///     <- e, ee, s, es      (+ responder's libp2p payload)
///     -> s, se             (+ initiator's libp2p payload)
///
/// The prologue is empty. After the third message `split()` gives the transport ciphers.
struct NoiseHandshake {
    let initiator: Bool
    private let s: Curve25519.KeyAgreement.PrivateKey
    private var e: Curve25519.KeyAgreement.PrivateKey?
    private var re: [UInt8]?
    private(set) var rs: [UInt8]?
    private var ck: [UInt8]
    private var h: [UInt8]
    private var cipher: NoiseCipherState?
    private var step = 0

    static let protocolName = Array("Noise_XX_25519_ChaChaPoly_SHA256".utf8)

    init(initiator: Bool, staticKey: Curve25519.KeyAgreement.PrivateKey, ephemeral: Curve25519.KeyAgreement.PrivateKey? = nil) {
        self.initiator = initiator
        s = staticKey
        e = ephemeral
        // The name is exactly 32 bytes (HASHLEN), so h is the name itself; then MixHash(prologue = "").
        h = Self.protocolName
        ck = h
        h = Self.sha256(h)
    }

    var staticPublicKey: [UInt8] { Array(s.publicKey.rawRepresentation) }

    private static func sha256(_ b: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: b)) }

    private static func hmac(_ key: [UInt8], _ data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// Noise's HKDF with two outputs.
    private static func hkdf(_ chainingKey: [UInt8], _ ikm: [UInt8]) -> ([UInt8], [UInt8]) {
        let temp = hmac(chainingKey, ikm)
        let out1 = hmac(temp, [0x01])
        let out2 = hmac(temp, out1 + [0x02])
        return (out1, out2)
    }

    private mutating func mixHash(_ data: [UInt8]) { h = Self.sha256(h + data) }

    private mutating func mixKey(_ ikm: [UInt8]) {
        let (newCK, k) = Self.hkdf(ck, ikm)
        ck = newCK
        cipher = NoiseCipherState(key: k)
    }

    private mutating func encryptAndHash(_ plain: [UInt8]) -> [UInt8] {
        guard var c = cipher else { mixHash(plain); return plain }
        let out = c.encrypt(plain, ad: h)
        cipher = c
        mixHash(out)
        return out
    }

    private mutating func decryptAndHash(_ data: [UInt8]) throws(NoiseError) -> [UInt8] {
        guard var c = cipher else { mixHash(data); return data }
        let out = try c.decrypt(data, ad: h)
        cipher = c
        mixHash(data)
        return out
    }

    private static func dh(_ priv: Curve25519.KeyAgreement.PrivateKey, _ pub: [UInt8]) throws(NoiseError) -> [UInt8] {
        do {
            let pk = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: pub)
            let shared = try priv.sharedSecretFromKeyAgreement(with: pk)
            return shared.withUnsafeBytes { Array($0) }
        } catch {
            throw .malformedMessage("bad X25519 public key")
        }
    }

    /// Writes the next handshake message (step 0 for the initiator, 1 for the responder,
    /// 2 for the initiator), carrying `payload`.
    mutating func writeMessage(payload: [UInt8]) throws(NoiseError) -> [UInt8] {
        var out: [UInt8] = []
        switch (step, initiator) {
        case (0, true):
            let eph = e ?? Curve25519.KeyAgreement.PrivateKey()
            e = eph
            let pub = Array(eph.publicKey.rawRepresentation)
            mixHash(pub)
            out += pub
        case (1, false):
            let eph = e ?? Curve25519.KeyAgreement.PrivateKey()
            e = eph
            let pub = Array(eph.publicKey.rawRepresentation)
            mixHash(pub)
            out += pub
            guard let re else { throw .outOfOrder }
            mixKey(try Self.dh(eph, re))  // ee
            out += encryptAndHash(staticPublicKey)
            mixKey(try Self.dh(s, re))  // es (responder's static with initiator's ephemeral)
        case (2, true):
            guard let re else { throw .outOfOrder }
            out += encryptAndHash(staticPublicKey)
            mixKey(try Self.dh(s, re))  // se (initiator's static with responder's ephemeral)
        default:
            throw .outOfOrder
        }
        out += encryptAndHash(payload)
        step += 1
        return out
    }

    /// Reads the next handshake message and returns its decrypted payload.
    mutating func readMessage(_ message: [UInt8]) throws(NoiseError) -> [UInt8] {
        var rest = message[...]
        func take(_ n: Int) throws(NoiseError) -> [UInt8] {
            guard rest.count >= n else { throw .malformedMessage("handshake message of \(message.count) bytes is too short") }
            defer { rest = rest.dropFirst(n) }
            return Array(rest.prefix(n))
        }
        switch (step, initiator) {
        case (0, false):
            let pub = try take(32)
            re = pub
            mixHash(pub)
        case (1, true):
            let pub = try take(32)
            re = pub
            mixHash(pub)
            guard let e else { throw .outOfOrder }
            mixKey(try Self.dh(e, pub))  // ee
            let remoteStatic = try decryptAndHash(try take(32 + 16))
            rs = remoteStatic
            mixKey(try Self.dh(e, remoteStatic))  // es
        case (2, false):
            let remoteStatic = try decryptAndHash(try take(32 + 16))
            rs = remoteStatic
            guard let e else { throw .outOfOrder }
            mixKey(try Self.dh(e, remoteStatic))  // se (initiator's static with responder's ephemeral)
        default:
            throw .outOfOrder
        }
        let payload = try decryptAndHash(Array(rest))
        step += 1
        return payload
    }

    var isComplete: Bool { step == 3 }

    /// The transport ciphers: (send, receive) for this side.
    func split() -> (send: NoiseCipherState, receive: NoiseCipherState) {
        let (k1, k2) = Self.hkdf(ck, [])
        let c1 = NoiseCipherState(key: k1), c2 = NoiseCipherState(key: k2)
        return initiator ? (c1, c2) : (c2, c1)
    }
}
