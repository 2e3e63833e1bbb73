/// Reads the constants of a RISC Zero `methods.rs` (what `risc0-build` generates and sprout
/// ships as project code): the guest ELF as `pub const NAME_ELF: &[u8] = &[…];` and its image
/// ID as `pub const NAME_ID: [u32; 8] = […];`. Only the named constants are parsed; the Rust
/// source is never compiled. The lists are decimal (or `0x` hex) integers, optionally with `_`
/// separators and a `u8`/`u32` suffix, on one or several lines.
public enum MethodsSource {
    /// The ELF bytes of the constant `name`.
    public static func elf(in text: [UInt8], named name: String) throws(Risc0LoadError) -> [UInt8] {
        let values = try list(in: text, named: name, limit: 0xff)
        guard !values.isEmpty else { throw .methodsSource("the constant \(name) is an empty byte list") }
        return values.map { UInt8($0) }
    }

    /// The eight image-ID words of the constant `name`.
    public static func imageID(in text: [UInt8], named name: String) throws(Risc0LoadError) -> [UInt32] {
        let values = try list(in: text, named: name, limit: 0xffff_ffff)
        guard values.count == 8 else {
            throw .methodsSource("the constant \(name) has \(values.count) words; an image ID has 8")
        }
        return values.map { UInt32($0) }
    }

    /// Finds `const <name>` (as a whole identifier), then the bracketed list after its `=`.
    static func list(in text: [UInt8], named name: String, limit: UInt64) throws(Risc0LoadError) -> [UInt64] {
        let needle = Array("const".utf8)
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(isIdentifier) else {
            throw .methodsSource("\"\(name)\" is not a Rust constant name")
        }
        var i = 0
        var start: Int?
        while i + needle.count <= text.count {
            if text[i] == needle[0], text[i..<(i + needle.count)].elementsEqual(needle), i == 0 || !isIdentifier(text[i - 1]) {
                var j = i + needle.count
                while j < text.count, isSpace(text[j]) { j += 1 }
                let end = j + nameBytes.count
                if j > i + needle.count, end <= text.count, text[j..<end].elementsEqual(nameBytes), end == text.count || !isIdentifier(text[end]) {
                    start = end
                    break
                }
            }
            i += 1
        }
        guard var k = start else { throw .methodsSource("no constant named \(name)") }
        var depth = 0  // the type may hold `;` inside brackets: `[u32; 8]`
        while k < text.count, text[k] != UInt8(ascii: "=") {
            if text[k] == UInt8(ascii: "[") { depth += 1 }
            if text[k] == UInt8(ascii: "]") { depth -= 1 }
            if text[k] == UInt8(ascii: ";"), depth <= 0 { break }
            k += 1
        }
        guard k < text.count, text[k] == UInt8(ascii: "=") else { throw .methodsSource("the constant \(name) has no value") }
        k += 1
        while k < text.count, isSpace(text[k]) || text[k] == UInt8(ascii: "&") { k += 1 }
        guard k < text.count, text[k] == UInt8(ascii: "[") else {
            throw .methodsSource("the value of \(name) is not a bracketed list")
        }
        k += 1
        var values: [UInt64] = []
        var token: [UInt8] = []
        while true {
            guard k < text.count else { throw .methodsSource("the list of \(name) has no closing ]") }
            let byte = text[k]
            k += 1
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
                if !token.isEmpty {
                    values.append(try number(token, constant: name, index: values.count, limit: limit))
                    token.removeAll(keepingCapacity: true)
                } else if byte == UInt8(ascii: ",") {
                    throw .methodsSource("element \(values.count) of \(name) is empty")
                }
                if byte == UInt8(ascii: "]") { return values }
            } else if !isSpace(byte) {
                token.append(byte)
            }
        }
    }

    private static func number(_ token: [UInt8], constant: String, index: Int, limit: UInt64) throws(Risc0LoadError) -> UInt64 {
        var digits = token.filter { $0 != UInt8(ascii: "_") }
        for suffix in ["u8", "u16", "u32", "u64", "usize"] where digits.count > suffix.utf8.count && digits.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) {
            digits.removeLast(suffix.utf8.count)
            break
        }
        var radix: UInt64 = 10
        if digits.count > 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "x") || digits[1] == UInt8(ascii: "X") {
            radix = 16
            digits.removeFirst(2)
        }
        var value: UInt64 = 0
        for digit in digits {
            let d: UInt64
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: d = UInt64(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: d = UInt64(digit - UInt8(ascii: "A") + 10)
            default: d = .max
            }
            guard d < radix, digits.count <= 20 else {
                throw .methodsSource("element \(index) of \(constant) is not an integer: \(String(decoding: token.prefix(40), as: UTF8.self))")
            }
            value = value * radix + d  // value ≤ limit < 2³² before this step, so < 2³⁷: no overflow
            guard value <= limit else { throw .methodsSource("element \(index) of \(constant) is \(String(decoding: token, as: UTF8.self)), above \(limit)") }
        }
        guard !digits.isEmpty else { throw .methodsSource("element \(index) of \(constant) is not an integer") }
        return value
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d }
}
