import Crypto

/// The identity of an applet: SHA-256 of its wasm bytes.
enum AppletDigest {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }
}
