import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmArithmeticAIR``.
enum ArithmeticColumn {
    /// One selector per ``ZkWasmArithmeticKind/Base``, in its order (shl … remS).
    static let selectors = 0, is64 = 9
    static let x = 10, y = 14, z = 18
    static let a = 22, b = 30, c = 38, p = 46, carry = 62, d = 77, e = 85
    static let yLow = 92, yHigh = 93, shift = 94, turns = 95
    static let sx = 96, sy = 97, sq = 98, sr = 99, sx64 = 100, sy64 = 101, sq64 = 102, sr64 = 103, signsDiffer = 104
    static let topP = 105, topA = 106, topB = 107
    static let width = 108
}

/// Shifts, rotations, division and remainder of the CPU (i32 and i64), received on
/// ``ZkWasmBus/alu`` as `(kind, x₀…x₃, y₀…y₃, z₀…z₃)` in 16-bit limbs with
/// `kind` = ``ZkWasmArithmeticKind/code``.
///
/// ## One identity for all of them
/// Every row proves, over the integers, `(A + s_q)·(B + s_y) + (C + s_r) = P + s_x·[signed division]`
/// with bytes `A, B, C` (8 each) and `P` (16): schoolbook columns in base 2⁸ with carries
/// `c_k + 1` range checked to 16 bits (a carry may be −1 when the `s_x` term borrows), all bytes
/// looked up as byte pairs, so no equation wraps modulo p. Rows that divide also prove
/// `C + s_r < B + s_y` with bytes `D` and small carries `e`: `C + s_r + D + 1 = B + s_y`.
/// With `n` the width (32 or 64) and `N = 2ⁿ`:
/// - `shl`, `rotl`, `rotr`: `A = x`, `B = 2ᵏ` from the fixed power table (``ZkWasmBus/power``),
///   `C = 0`. `shl` returns `P mod N`; rotations return `(P mod N) + ⌊P / N⌋` (the halves
///   share no bit). `k = y mod n` (`y₀ = k + n·t`, byte `t`) for `shl`/`rotl`, and
///   `k = (n − y mod n) mod n` (`y₀ + k = n·t`) for `rotr`; `k < n` because `B` is a power table
///   entry with zero upper bytes in i32 rows.
/// - `shr_u`: `P = x`, `B = 2ᵏ`, `C < B`, result `A = ⌊x / 2ᵏ⌋`.
///   `shr_s`: the same on `P = x` or, when `x` is negative (`s_x`), its complement `~x`; the
///   result is `A` or `~A` (`~v` = `N − 1 − v` bytewise, `255 − byte`). `P`'s top byte below 2⁷
///   makes `s_x` the sign of `x`.
/// - `div_u`, `rem_u`: `P = x`, `B = y`, `C < B`: `A` is the quotient, `C` the remainder; `y = 0`
///   has no solution (the run traps instead).
/// - `div_s`, `rem_s` on magnitudes: `|x| = P + s_x`, `|y| = B + s_y`, `|q| = A + s_q`,
///   `|r| = C + s_r`, where a negative value `v` is stored as `~v = |v| − 1`. The signs obey
///   `s_q ≤ s_x ⊕ s_y` with `A = 0` when they differ and `s_q = 0` (a zero quotient has no
///   sign), `s_r ≤ s_x` with `C = 0` when `s_x = 1` and `s_r = 0`, and top bytes of `P`, `B`
///   (and `A` for `div_s`) below 2⁷: that excludes `INT_MIN / −1` (whose quotient does not fit),
///   which traps instead.
struct ZkWasmArithmeticAIR: AIR {
    var name: String { "zkwasm-arithmetic" }
    var mainWidth: Int { ArithmeticColumn.width }
    /// 56 lookup terms per row: three per LogUp helper column keeps the table narrow.
    var lookupBatchSize: Int { 3 }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = ArithmeticColumn
        typealias K = ZkWasmArithmeticKind.Base
        let reader = b
        func m(_ c: Int) -> AIRExpression { reader.main(c) }
        func s(_ kind: K) -> AIRExpression { m(C.selectors + kind.rawValue - K.shl.rawValue) }
        let selectors = K.allCases.map(s)
        for selector in selectors { b.assertBoolean(selector) }
        let active = selectors.reduce(0, +)
        b.assertBoolean(active)
        let is64 = m(C.is64)
        b.assertBoolean(is64)
        b.assertZero(is64 * (1 - active))

        let x = (0..<4).map { m(C.x + $0) }, y = (0..<4).map { m(C.y + $0) }, z = (0..<4).map { m(C.z + $0) }
        let aBytes = (0..<8).map { m(C.a + $0) }, bBytes = (0..<8).map { m(C.b + $0) }, cBytes = (0..<8).map { m(C.c + $0) }
        let pBytes = (0..<16).map { m(C.p + $0) }
        let sx = m(C.sx), sy = m(C.sy), sq = m(C.sq), sr = m(C.sr)
        let shl = s(.shl), shrU = s(.shrU), shrS = s(.shrS), rotl = s(.rotl), rotr = s(.rotr)
        let divU = s(.divU), remU = s(.remU), divS = s(.divS), remS = s(.remS)
        let shifts = shl + shrU + shrS + rotl + rotr
        let multiplying = shl + rotl + rotr
        let bounded = shrU + shrS + divU + remU + divS + remS
        let signedDivision = divS + remS
        let signed = shrS + signedDivision

        // Signs: booleans, zero where the operation has none; 64-bit copies keep degrees low.
        for sign in [sx, sy, sq, sr] { b.assertBoolean(sign) }
        b.assertZero((1 - signed) * sx)
        for sign in [sy, sq, sr] { b.assertZero((1 - signedDivision) * sign) }
        for (sign, copy) in [(sx, C.sx64), (sy, C.sy64), (sq, C.sq64), (sr, C.sr64)] { b.assertZero(m(copy) - sign * is64) }
        let differ = m(C.signsDiffer)
        b.assertZero(differ - (sx + sy - 2 * sx * sy))
        b.assertZero(sq * (1 - differ))
        b.assertZero(signedDivision * (differ - sq) * aBytes.reduce(0, +))
        b.assertZero(sr * (1 - sx))
        b.assertZero(signedDivision * (sx - sr) * cBytes.reduce(0, +))

        // i32 rows have 4-byte A, B, C.
        for j in 4..<8 {
            for bytes in [aBytes, bBytes, cBytes] { b.assertZero((1 - is64) * bytes[j]) }
        }

        // The identity (A + s_q)(B + s_y) + C + s_r = P + s_x·[signed division], column by column.
        for k in 0..<16 {
            var column: AIRExpression = k == 0 ? sq * sy + sr - sx * signedDivision : m(C.carry + k - 1)
            for i in 0..<8 where k - i >= 0 && k - i < 8 { column = column + aBytes[i] * bBytes[k - i] }
            if k < 8 { column = column + sy * aBytes[k] + sq * bBytes[k] + cBytes[k] }
            let carryOut: AIRExpression = k < 15 ? 256 * m(C.carry + k) : 0
            b.assertZero(column - pBytes[k] - carryOut)
            if k < 15 { b.send(bus: ZkWasmBus.range16, values: [m(C.carry + k) + 1], multiplicity: active) }
        }
        // C + s_r < B + s_y where bounded: C + s_r + D + 1 = B + s_y, bytewise with carries e ∈ [−1, 254].
        for j in 0..<8 {
            var left = cBytes[j] + m(C.d + j)
            if j == 0 { left = left + sr + 1 } else { left = left + m(C.e + j - 1) }
            var right = bBytes[j]
            if j == 0 { right = right + sy }
            if j < 7 { right = right + 256 * m(C.e + j) }
            b.assertZero(bounded * (left - right))
            if j < 7 { b.send(bus: ZkWasmBus.range8, values: [m(C.e + j) + 1], multiplicity: active) }
        }
        // Quotients of shifts and divisions fit in 8 bytes; shifted-out values are 0 for left shifts.
        for j in 8..<16 { b.assertZero(bounded * pBytes[j]) }
        for j in 0..<8 { b.assertZero(multiplying * cBytes[j]) }

        // Shift amounts: B = 2ᵏ, y₀ = k + n·t (rotr: y₀ + k = n·t), n = 32 + 32·is64.
        let width = 32 + 32 * is64
        b.assertZero(y[0] - m(C.yLow) - 256 * m(C.yHigh))
        b.assertZero((shifts - rotr) * (m(C.yLow) - m(C.shift) - width * m(C.turns)))
        b.assertZero(rotr * (m(C.yLow) + m(C.shift) - width * m(C.turns)))
        b.send(bus: ZkWasmBus.power, values: [m(C.shift)] + bBytes, multiplicity: shifts)
        b.send(bus: ZkWasmBus.range8, values: [m(C.turns)], multiplicity: active)

        // Top bytes below 2⁷ fix signs and exclude quotients that do not fit.
        for (column, bytes) in [(C.topP, pBytes), (C.topA, aBytes), (C.topB, bBytes)] {
            b.assertZero(m(column) - is64 * bytes[7] - (1 - is64) * bytes[3])
        }
        b.send(bus: ZkWasmBus.range8, values: [2 * m(C.topP)], multiplicity: signed)
        b.send(bus: ZkWasmBus.range8, values: [2 * m(C.topB)], multiplicity: signedDivision)
        b.send(bus: ZkWasmBus.range8, values: [2 * m(C.topA)], multiplicity: divS)

        // Bytes are bytes.
        for bytes in [aBytes, bBytes, cBytes, pBytes, (0..<8).map { m(C.d + $0) }] {
            for i in stride(from: 0, to: bytes.count, by: 2) {
                b.send(bus: ZkWasmBus.bytePair, values: [bytes[i], bytes[i + 1]], multiplicity: active)
            }
        }
        b.send(bus: ZkWasmBus.bytePair, values: [m(C.yLow), m(C.yHigh)], multiplicity: active)

        // Operands and results as 16-bit limbs. `flip(v, s)` is v, or ~v when s = 1 (limbs 2, 3
        // only in i64 rows, where the 64-bit sign copy is set).
        func limb(_ bytes: [AIRExpression], _ i: Int) -> AIRExpression { bytes[2 * i] + 256 * bytes[2 * i + 1] }
        func flip(_ bytes: [AIRExpression], _ sign: AIRExpression, _ sign64: Int, _ i: Int) -> AIRExpression {
            let value = limb(bytes, i)
            return value + (i < 2 ? sign : m(sign64)) * (65535 - 2 * value)
        }
        for i in 0..<4 {
            b.assertZero(multiplying * (x[i] - limb(aBytes, i)))
            b.assertZero((active - multiplying) * (x[i] - flip(pBytes, sx, C.sx64, i)))
            b.assertZero((divU + remU + signedDivision) * (y[i] - flip(bBytes, sy, C.sy64, i)))
            b.assertZero((shrU + divU + divS) * (z[i] - flip(aBytes, sq, C.sq64, i)))
            b.assertZero(shrS * (z[i] - flip(aBytes, sx, C.sx64, i)))
            b.assertZero((remU + remS) * (z[i] - flip(cBytes, sr, C.sr64, i)))
        }
        for i in 0..<2 {
            b.assertZero(shl * (z[i] - limb(pBytes, i)))
            b.assertZero(shl * is64 * (z[i + 2] - limb(pBytes, i + 2)))
            b.assertZero((rotl + rotr) * (z[i] - limb(pBytes, i) - (1 - is64) * limb(pBytes, i + 2) - is64 * limb(pBytes, i + 4)))
            b.assertZero((rotl + rotr) * is64 * (z[i + 2] - limb(pBytes, i + 2) - limb(pBytes, i + 6)))
        }

        let kinds = K.allCases.map { s($0) * AIRExpression(integerLiteral: Int64($0.rawValue)) }.reduce(0, +)
        b.receive(bus: ZkWasmBus.alu, values: [kinds + 16 * is64] + x + y + z, multiplicity: active)
    }

    /// One row of the table and the lookups it makes.
    struct Row {
        var values = [BabyBear](repeating: .zero, count: ArithmeticColumn.width)
        /// Byte pairs, indexed `x + 2⁸·y`.
        var pairs: [Int] = []
        var range16: [Int] = []
        var range8: [Int] = []
        /// The shift amount looked up in the power table, for shifts and rotations.
        var power: Int?
        /// The result the row proves.
        var z: UInt64 = 0
    }

    /// The row of `kind` on operands `x`, `y` (i32 values zero-extended), or `nil` when the
    /// operation has no result: a division by zero or `INT_MIN / −1`, where the run traps.
    static func row(kind: ZkWasmArithmeticKind, x rawX: UInt64, y rawY: UInt64) -> Row? {
        typealias C = ArithmeticColumn
        let n = kind.is64 ? 64 : 32
        let mask: UInt64 = kind.is64 ? .max : 0xFFFF_FFFF
        let x = rawX & mask, y = rawY & mask
        func complement(_ v: UInt64) -> UInt64 { ~v & mask }
        func isNegative(_ v: UInt64) -> Bool { (v >> UInt64(n - 1)) & 1 == 1 }
        func magnitude(_ v: UInt64) -> UInt64 { isNegative(v) ? complement(v) + 1 : v }  // ≤ 2^63: no overflow
        let yLow = Int(y & 0xFF), count = Int(y % UInt64(n))
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, z: UInt64 = 0
        var sx = 0, sy = 0, sq = 0, sr = 0, shift = 0, turns = 0
        switch kind.base {
        case .shl, .rotl, .rotr:
            shift = kind.base == .rotr ? (n - count) % n : count
            turns = kind.base == .rotr ? (yLow + shift) / n : (yLow - shift) / n
            a = x
            b = 1 << UInt64(shift)
            let low = (x << UInt64(shift)) & mask, high = shift == 0 ? 0 : x >> UInt64(n - shift)
            z = kind.base == .shl ? low : low | high
        case .shrU, .shrS:
            shift = count
            turns = (yLow - shift) / n
            sx = kind.base == .shrS && isNegative(x) ? 1 : 0
            let p = sx == 1 ? complement(x) : x
            a = p >> UInt64(shift)
            b = 1 << UInt64(shift)
            c = p & (b - 1)
            z = sx == 1 ? complement(a) : a
        case .divU, .remU:
            guard y != 0 else { return nil }
            (a, b, c) = (x / y, y, x % y)
            z = kind.base == .divU ? a : c
        case .divS, .remS:
            guard y != 0 else { return nil }
            sx = isNegative(x) ? 1 : 0
            sy = isNegative(y) ? 1 : 0
            let q = magnitude(x) / magnitude(y), r = magnitude(x) % magnitude(y)
            sq = sx != sy && q != 0 ? 1 : 0
            sr = sx == 1 && r != 0 ? 1 : 0
            (a, b, c) = (q - UInt64(sq), magnitude(y) - UInt64(sy), r - UInt64(sr))
            if kind.base == .divS, a >> UInt64(n - 1) != 0 { return nil }
            z = kind.base == .divS ? (sq == 1 ? complement(a) : a) : (sr == 1 ? complement(c) : c)
        }
        func bytes(_ v: UInt64) -> [Int] { (0..<8).map { Int((v >> UInt64(8 * $0)) & 0xFF) } }
        let ab = bytes(a), bb = bytes(b), cb = bytes(c)
        let signedDivision = kind.base == .divS || kind.base == .remS ? 1 : 0
        var row = Row()
        row.z = z
        func set(_ column: Int, _ value: Int) { row.values[column] = BabyBear(signed: Int64(value)) }
        set(C.selectors + kind.base.rawValue - ZkWasmArithmeticKind.Base.shl.rawValue, 1)
        set(C.is64, kind.is64 ? 1 : 0)
        for i in 0..<4 {
            set(C.x + i, Int((x >> UInt64(16 * i)) & 0xFFFF))
            set(C.y + i, Int((y >> UInt64(16 * i)) & 0xFFFF))
            set(C.z + i, Int((z >> UInt64(16 * i)) & 0xFFFF))
        }
        // The identity's columns; a column may be −1 before the carry when s_x borrows.
        var pb = [Int](repeating: 0, count: 16)
        var carry = 0
        for k in 0..<16 {
            var column = k == 0 ? sq * sy + sr - sx * signedDivision : carry
            for i in 0..<8 where k - i >= 0 && k - i < 8 { column += ab[i] * bb[k - i] }
            if k < 8 { column += sy * ab[k] + sq * bb[k] + cb[k] }
            pb[k] = ((column % 256) + 256) % 256
            carry = (column - pb[k]) / 256
            if k < 15 {
                set(C.carry + k, carry)
                row.range16.append(carry + 1)
            }
        }
        let bounded = ![.shl, .rotl, .rotr].contains(kind.base)
        let d = bounded ? b &+ UInt64(sy) &- c &- UInt64(sr) &- 1 : 0  // B + s_y ≤ 2⁶⁴ − 1 and > C + s_r
        let db = bytes(d)
        var e = 0
        for j in 0..<8 {
            if bounded {
                let left = cb[j] + db[j] + (j == 0 ? sr + 1 : e), right = bb[j] + (j == 0 ? sy : 0)
                e = (left - right) / 256
            }
            if j < 7 {
                set(C.e + j, e)
                row.range8.append(e + 1)
            }
        }
        for j in 0..<8 {
            set(C.a + j, ab[j]); set(C.b + j, bb[j]); set(C.c + j, cb[j]); set(C.d + j, db[j])
        }
        for k in 0..<16 { set(C.p + k, pb[k]) }
        for bytes in [ab, bb, cb, pb, db] {
            for i in stride(from: 0, to: bytes.count, by: 2) { row.pairs.append(bytes[i] + 256 * bytes[i + 1]) }
        }
        set(C.yLow, yLow)
        set(C.yHigh, Int((y >> 8) & 0xFF))
        row.pairs.append(yLow + 256 * Int((y >> 8) & 0xFF))
        set(C.shift, shift)
        set(C.turns, turns)
        row.range8.append(turns)
        if [.shl, .shrU, .shrS, .rotl, .rotr].contains(kind.base) { row.power = shift }
        let top = kind.is64 ? 7 : 3
        set(C.topP, pb[top]); set(C.topA, ab[top]); set(C.topB, bb[top])
        if kind.base == .shrS || signedDivision == 1 { row.range8.append(2 * pb[top]) }
        if signedDivision == 1 { row.range8.append(2 * bb[top]) }
        if kind.base == .divS { row.range8.append(2 * ab[top]) }
        let is64 = kind.is64 ? 1 : 0
        set(C.sx, sx); set(C.sy, sy); set(C.sq, sq); set(C.sr, sr)
        set(C.sx64, sx * is64); set(C.sy64, sy * is64); set(C.sq64, sq * is64); set(C.sr64, sr * is64)
        set(C.signsDiffer, sx ^ sy)
        return row
    }
}
