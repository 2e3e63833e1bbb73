import SproutCoreHash

/// Ethereum's Keccak-256 (original padding), from the core hash module.
public enum Keccak {
    public static func hash(_ bytes: [UInt8]) -> [UInt8] { Keccak256.hash(bytes) }
    public static func hash(_ text: String) -> [UInt8] { Keccak256.hash(Array(text.utf8)) }
}
