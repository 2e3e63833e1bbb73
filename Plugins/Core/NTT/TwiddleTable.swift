import SproutCoreField
import Synchronization

/// Precomputed powers of the two-adic roots of unity of ``BabyBear`` for the radix-2 NTT.
///
/// Layout: for every half-size `h = 2ᵏ < 2^logMaxSize`, the entries `[h, 2h)` hold
/// `ω_{2h}^j` for `j = 0…h−1`, where `ω_{2h}` is the primitive `2h`-th root (forward table) or its
/// inverse (inverse table). One table of `2^logMaxSize` words therefore serves every transform of
/// size up to `2^logMaxSize`, and each butterfly stage reads its twiddles contiguously.
///
/// Threading: immutable after construction; shared freely between threads.
/// Cost: `2^(logMaxSize+1)` multiplications and `8·2^logMaxSize` bytes, paid once per size.
public final class TwiddleTable: Sendable {
    /// Transforms up to `2^logMaxSize` elements can use this table.
    public let logMaxSize: Int
    /// `forward[h + j] = ω_{2h}^j`.
    public let forward: [BabyBear]
    /// `inverse[h + j] = ω_{2h}^{−j}`.
    public let inverse: [BabyBear]

    /// Builds tables for transforms of up to `2^logMaxSize` elements. Precondition: `logMaxSize ≤ 27`.
    public init(logMaxSize: Int) {
        precondition(logMaxSize >= 0 && logMaxSize <= BabyBear.twoAdicity, "NTT size 2^\(logMaxSize) exceeds BabyBear's two-adicity 27")
        self.logMaxSize = logMaxSize
        let size = 1 << logMaxSize
        var forward = [BabyBear](repeating: .one, count: max(size, 1))
        var inverse = [BabyBear](repeating: .one, count: max(size, 1))
        var k = 0
        while (1 << k) < size {
            let h = 1 << k
            let root = BabyBear.rootOfUnity(logOrder: k + 1)
            let rootInverse = root.inverse
            var w = BabyBear.one
            var wInverse = BabyBear.one
            for j in 0..<h {
                forward[h + j] = w
                inverse[h + j] = wInverse
                w = w * root
                wInverse = wInverse * rootInverse
            }
            k += 1
        }
        self.forward = forward
        self.inverse = inverse
    }

    private static let cache = Mutex<TwiddleTable?>(nil)

    /// A shared table that covers transforms of `2^logSize` elements, built on first use and
    /// grown (replaced by a larger one) when a bigger size is requested.
    ///
    /// Threading: safe from any thread (a mutex guards the cache; building happens under it, so
    /// concurrent first callers wait rather than build twice).
    public static func shared(logSize: Int) -> TwiddleTable {
        cache.withLock { cached in
            if let table = cached, table.logMaxSize >= logSize { return table }
            let table = TwiddleTable(logMaxSize: max(logSize, cached?.logMaxSize ?? 0))
            cached = table
            return table
        }
    }
}
