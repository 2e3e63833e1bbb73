/// A bounds-checked cursor over a WebAssembly binary: bytes, LEB128 integers, names.
///
/// Every read checks the remaining length and throws ``WasmModuleError`` (kind `.malformed`)
/// with the offset of the failing read instead of trapping.
struct WasmByteReader {
    let bytes: [UInt8]
    var offset: Int
    /// Reads stop here (the end of the current section or body).
    var limit: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.limit = bytes.count
    }

    var isAtEnd: Bool { offset >= limit }
    var remaining: Int { limit - offset }

    func malformed(_ reason: String, at position: Int? = nil) -> WasmModuleError {
        WasmModuleError(.malformed, at: position ?? offset, reason)
    }

    mutating func byte() throws(WasmModuleError) -> UInt8 {
        guard offset < limit else { throw malformed("unexpected end of input") }
        let value = bytes[offset]
        offset += 1
        return value
    }

    mutating func bytes(_ count: Int) throws(WasmModuleError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw malformed("unexpected end of input: \(count) bytes needed, \(remaining) left") }
        let slice = bytes[offset..<(offset + count)]
        offset += count
        return slice
    }

    /// Unsigned LEB128 of at most `bits` bits (32 or 64).
    mutating func unsigned(bits: Int) throws(WasmModuleError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift = 0
        while true {
            let byte = try byte()
            let payload = UInt64(byte & 0x7F)
            if shift + 7 > bits {
                // The last allowed byte: the bits beyond `bits` must be zero and no continuation.
                let allowed = bits - shift
                guard byte & 0x80 == 0, payload >> allowed == 0 else {
                    throw malformed("integer representation too long or too large (LEB128 u\(bits))", at: start)
                }
            }
            result |= payload << UInt64(shift)
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Signed LEB128 of at most `bits` bits (32, 33 or 64), sign-extended to 64 bits.
    mutating func signed(bits: Int) throws(WasmModuleError) -> Int64 {
        let start = offset
        var result: Int64 = 0
        var shift = 0
        while true {
            let byte = try byte()
            let payload = Int64(byte & 0x7F)
            if shift + 7 >= bits {
                // The last allowed byte: unused bits must all equal the sign bit.
                guard byte & 0x80 == 0 else { throw malformed("integer representation too long (LEB128 s\(bits))", at: start) }
                let used = bits - shift  // 1...7 payload bits count
                let signAndUnused = payload >> (used - 1)
                let allOnes: Int64 = (1 << (7 - used + 1)) - 1
                guard signAndUnused == 0 || signAndUnused == allOnes else {
                    throw malformed("integer too large (LEB128 s\(bits))", at: start)
                }
            }
            result |= payload << Int64(shift)
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { result |= -1 << Int64(shift) }
                return result
            }
        }
    }

    mutating func u32() throws(WasmModuleError) -> UInt32 { UInt32(try unsigned(bits: 32)) }

    /// A vector length, checked against the bytes left so a hostile count cannot make us allocate.
    mutating func count(minimumElementSize: Int = 1) throws(WasmModuleError) -> Int {
        let start = offset
        let value = Int(try u32())
        guard value <= remaining / max(minimumElementSize, 1) else {
            throw malformed("vector length \(value) exceeds the \(remaining) bytes left", at: start)
        }
        return value
    }

    mutating func name() throws(WasmModuleError) -> String {
        let start = offset
        let length = try count()
        let raw = try bytes(length)
        guard let text = String(validating: raw, as: UTF8.self) else { throw malformed("name is not valid UTF-8", at: start) }
        return text
    }
}
