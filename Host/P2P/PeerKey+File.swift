import Foundation

extension PeerKey {
    /// Loads the key kept at `path` (the 32-byte seed as 64 hex characters), or generates one
    /// and writes it there, readable by the owner only, so the node keeps its peer ID across
    /// restarts. A file that exists but does not hold a valid seed is an error, never replaced.
    public static func loadOrCreate(at path: String) throws -> PeerKey {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let seed = try? [UInt8](hex: text), seed.count == 32 else {
                throw PeerKeyError.malformedKey("\(path) does not hold a 64-hex-digit Ed25519 seed")
            }
            return try PeerKey(seed: seed)
        }
        let key = PeerKey()
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        guard fm.createFile(atPath: path, contents: Data((key.seed.hex + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw PeerKeyError.malformedKey("cannot write \(path)")
        }
        return key
    }
}
