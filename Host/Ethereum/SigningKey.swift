import CSecp256k1

/// A secp256k1 private key that signs Ethereum hashes with libsecp256k1 (RFC 6979 nonces,
/// low-s signatures) and recovers signers from signatures.
///
/// Threading: immutable; signing and recovery use one shared, read-only libsecp256k1 context,
/// which the library documents as safe to use from several threads at once.
public struct SigningKey: Sendable {
    private let secret: [UInt8]
    /// The uncompressed public key without its 0x04 prefix (x‖y, 64 bytes).
    public let publicKey: [UInt8]
    public let address: EthereumAddress

    public struct InvalidKey: Error, CustomStringConvertible {
        public var description: String { "not a secp256k1 private key: expected 32 bytes (64 hex digits) in 1 ..< n" }
    }

    /// A recoverable signature: r, s and the recovery id (0 or 1) that says which point R was.
    public struct Signature: Sendable, Equatable {
        public var r: [UInt8]
        public var s: [UInt8]
        public var recoveryID: UInt8
    }

    public init(bytes: [UInt8]) throws(InvalidKey) {
        guard bytes.count == 32, secp256k1_ec_seckey_verify(Secp256k1Context.shared.pointer, bytes) == 1 else { throw InvalidKey() }
        secret = bytes
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(Secp256k1Context.shared.pointer, &pubkey, bytes) == 1 else { throw InvalidKey() }
        publicKey = Self.serialize(pubkey)
        address = EthereumAddress(publicKey: publicKey)
    }

    /// Parses 64 hex digits, `0x` optional (the form of `SPROUT_ETH_PRIVATE_KEY`).
    public init(hex: String) throws(InvalidKey) {
        guard let bytes = try? Hex.decode(hex.trimmingWhitespace) else { throw InvalidKey() }
        try self.init(bytes: bytes)
    }

    /// Signs a 32-byte hash.
    public func sign(hash: [UInt8]) -> Signature {
        precondition(hash.count == 32, "signs 32-byte hashes")
        var signature = secp256k1_ecdsa_recoverable_signature()
        // A valid key and a 32-byte hash cannot fail with the default nonce function.
        let ok = secp256k1_ecdsa_sign_recoverable(Secp256k1Context.shared.pointer, &signature, hash, secret, nil, nil)
        precondition(ok == 1, "libsecp256k1 refused a valid key")
        var compact = [UInt8](repeating: 0, count: 64)
        var recoveryID: Int32 = 0
        secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1Context.shared.pointer, &compact, &recoveryID, &signature)
        return Signature(r: Array(compact[0..<32]), s: Array(compact[32..<64]), recoveryID: UInt8(recoveryID))
    }

    /// The address that made `signature` over `hash`, or nil when the signature is invalid.
    public static func recoverAddress(hash: [UInt8], signature: Signature) -> EthereumAddress? {
        guard hash.count == 32, signature.r.count == 32, signature.s.count == 32, signature.recoveryID < 4 else { return nil }
        let context = Secp256k1Context.shared.pointer
        var recoverable = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(context, &recoverable, signature.r + signature.s, Int32(signature.recoveryID)) == 1
        else { return nil }
        var pubkey = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(context, &pubkey, &recoverable, hash) == 1 else { return nil }
        return EthereumAddress(publicKey: serialize(pubkey))
    }

    private static func serialize(_ pubkey: secp256k1_pubkey) -> [UInt8] {
        var key = pubkey
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        secp256k1_ec_pubkey_serialize(Secp256k1Context.shared.pointer, &out, &length, &key, UInt32(SECP256K1_EC_UNCOMPRESSED))
        return Array(out[1...])
    }
}

/// The process-wide libsecp256k1 context, created and randomised once.
final class Secp256k1Context: @unchecked Sendable {
    // Safety: `pointer` is only mutated by `secp256k1_context_randomize` in `init`, before the
    // object is shared; afterwards every use passes it as `const secp256k1_context *`, which
    // libsecp256k1 allows from concurrent threads.
    let pointer: OpaquePointer

    static let shared = Secp256k1Context()

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("libsecp256k1 could not allocate a context")
        }
        // Side-channel blinding of signing with fresh randomness.
        var seed = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in seed.indices { seed[index] = UInt8.random(in: 0...255, using: &generator) }
        _ = secp256k1_context_randomize(context, seed)
        pointer = context
    }
}
