import SproutCoreHash

/// SHA-256 pieces the trace recorder needs per round (FIPS 180-4 §4.1.2, §6.2.2), and the
/// block's place in its ecall.
enum Risc0ShaBlock {
    /// Where a block's rows read and write: the ecall's timestamp and word addresses.
    struct Frame {
        var ts: UInt32
        var out: UInt32
        var stateIn: UInt32
        var block1: UInt32
        var block2: UInt32
        var remaining: UInt32 = 1
        var isFirst = true
        var isLast = true
    }

    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
    static func bigSigma0(_ x: UInt32) -> UInt32 { rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22) }
    static func bigSigma1(_ x: UInt32) -> UInt32 { rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25) }
    static func smallSigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ x >> 3 }
    static func smallSigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ x >> 10 }

    /// The 64 message words of `block` (16 big-endian words).
    static func schedule(_ block: [UInt32]) -> [UInt32] {
        var w = block
        for t in 16..<64 { w.append(smallSigma1(w[t - 2]) &+ w[t - 7] &+ smallSigma0(w[t - 15]) &+ w[t - 16]) }
        return w
    }

    static func compress(_ state: inout [UInt32], block: [UInt32]) { SHA256.compress(&state, block: block) }
}
