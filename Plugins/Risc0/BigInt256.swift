/// 256-bit modular multiplication for the BIGINT ecall (risc0-guest-abi.md §9), on
/// little-endian 32-bit limbs. Rare in guests, so plain schoolbook and shift-subtract.
enum BigInt256 {
    /// `x·y mod n`, or `x·y` when n = 0 (nil if that overflows 256 bits).
    static func mulMod(_ x: [UInt32], _ y: [UInt32], _ n: [UInt32]) -> [UInt32]? {
        var wide = [UInt32](repeating: 0, count: 16)
        for i in 0..<8 {
            var carry: UInt64 = 0
            for j in 0..<8 {
                // (2³²−1)² + 2·(2³²−1) < 2⁶⁴: no overflow.
                let t = UInt64(x[i]) * UInt64(y[j]) + UInt64(wide[i + j]) + carry
                wide[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            wide[i + 8] = UInt32(truncatingIfNeeded: carry)
        }
        if n.allSatisfy({ $0 == 0 }) {
            return wide[8...].allSatisfy({ $0 == 0 }) ? Array(wide[0..<8]) : nil
        }
        // Shift-subtract long division: remainder r < n, fed one bit of `wide` at a time.
        var r = [UInt32](repeating: 0, count: 9)
        for bit in stride(from: 511, through: 0, by: -1) {
            var carry = (wide[bit / 32] >> UInt32(bit % 32)) & 1
            for k in 0..<9 {
                let next = r[k] >> 31
                r[k] = r[k] << 1 | carry
                carry = next
            }
            if !less(r, n) { subtract(&r, n) }
        }
        return Array(r[0..<8])
    }

    private static func less(_ r: [UInt32], _ n: [UInt32]) -> Bool {
        if r[8] != 0 { return false }
        for k in stride(from: 7, through: 0, by: -1) where r[k] != n[k] { return r[k] < n[k] }
        return false
    }

    private static func subtract(_ r: inout [UInt32], _ n: [UInt32]) {
        var borrow: Int64 = 0
        for k in 0..<9 {
            let t = Int64(r[k]) - Int64(k < 8 ? n[k] : 0) - borrow
            r[k] = UInt32(truncatingIfNeeded: t)
            borrow = t < 0 ? 1 : 0
        }
    }
}
