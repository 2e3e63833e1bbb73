import Crypto
import Testing

@testable import SproutP2P

@Suite struct NoiseHandshakeTests {
    /// Runs XX between two state machines and returns both sides' transport ciphers.
    static func handshake() throws -> (NoiseHandshake, NoiseHandshake, [UInt8], [UInt8]) {
        var i = NoiseHandshake(initiator: true, staticKey: .init())
        var r = NoiseHandshake(initiator: false, staticKey: .init())
        let m1 = try i.writeMessage(payload: [])
        #expect(try r.readMessage(m1) == [])
        let m2 = try r.writeMessage(payload: Array("responder".utf8))
        let p2 = try i.readMessage(m2)
        let m3 = try i.writeMessage(payload: Array("initiator".utf8))
        let p3 = try r.readMessage(m3)
        return (i, r, p2, p3)
    }

    @Test func xxHandshakeAgreesOnKeysAndCarriesPayloads() throws {
        let (i, r, p2, p3) = try Self.handshake()
        #expect(p2 == Array("responder".utf8))
        #expect(p3 == Array("initiator".utf8))
        #expect(i.isComplete && r.isComplete)
        #expect(i.rs == r.staticPublicKey)
        #expect(r.rs == i.staticPublicKey)
        var (iSend, iRecv) = i.split()
        var (rSend, rRecv) = r.split()
        for n in 0..<3 {
            let msg = Array("ping \(n)".utf8)
            #expect(try rRecv.decrypt(iSend.encrypt(msg, ad: []), ad: []) == msg)
            #expect(try iRecv.decrypt(rSend.encrypt(msg, ad: []), ad: []) == msg)
        }
    }

    @Test func rejectsTamperedHandshakeAndTransportMessages() throws {
        var i = NoiseHandshake(initiator: true, staticKey: .init())
        var r = NoiseHandshake(initiator: false, staticKey: .init())
        _ = try r.readMessage(try i.writeMessage(payload: []))
        var m2 = try r.writeMessage(payload: [1, 2, 3])
        m2[40] ^= 1  // inside the encrypted static key
        #expect(throws: NoiseError.decryptionFailed) { try i.readMessage(m2) }

        let (a, b, _, _) = try Self.handshake()
        var (aSend, _) = a.split()
        var (_, bRecv) = b.split()
        var ct = aSend.encrypt([9, 9, 9], ad: [])
        ct[0] ^= 0x80
        #expect(throws: NoiseError.decryptionFailed) { try bRecv.decrypt(ct, ad: []) }
        // Replaying the untampered frame after a failure also fails: the nonce moved on for the sender.
        var (_, bRecv2) = b.split()
        let first = aSend.encrypt([1], ad: [])  // nonce 1, receiver expects 0
        #expect(throws: NoiseError.decryptionFailed) { try bRecv2.decrypt(first, ad: []) }
    }

    @Test func libp2pPayloadBindsStaticKeyToIdentity() throws {
        let key = PeerKey()
        let staticKey = Array(Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation)
        let payload = try NoiseUpgrade.payload(key: key, staticKey: staticKey)
        #expect(try NoiseUpgrade.verify(payload: payload, remoteStatic: staticKey) == key.publicKey)
        // The same payload presented with another static key (a man in the middle) is refused.
        var other = staticKey
        other[0] ^= 1
        #expect(throws: NoiseError.badPayloadSignature) { try NoiseUpgrade.verify(payload: payload, remoteStatic: other) }
    }

    @Test func outOfOrderStepsAreRefused() throws {
        var r = NoiseHandshake(initiator: false, staticKey: .init())
        #expect(throws: NoiseError.outOfOrder) { try r.writeMessage(payload: []) }
        var i = NoiseHandshake(initiator: true, staticKey: .init())
        #expect(throws: NoiseError.self) { try i.readMessage([UInt8](repeating: 0, count: 10)) }
    }
}
