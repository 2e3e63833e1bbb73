/// Unsigned LEB128 varints, as multiformats (unsigned-varint), protobuf and multistream-select use them.
public enum Varint {
    /// Appends `value` to `out` as an unsigned varint (1 to 10 bytes).
    public static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    public static func encode(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    /// Decodes a varint at `offset`; returns the value and the offset after it, or nil when
    /// the bytes end first or the varint is longer than 10 bytes (overflow).
    public static func decode(_ bytes: [UInt8], at offset: Int) -> (value: UInt64, next: Int)? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var i = offset
        while i < bytes.count {
            let b = bytes[i]
            if shift == 63 && b > 1 { return nil }
            result |= UInt64(b & 0x7f) << shift
            i += 1
            if b & 0x80 == 0 { return (result, i) }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
