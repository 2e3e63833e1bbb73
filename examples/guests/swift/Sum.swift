// Example guest in Embedded Swift: the same program as ../c/sum.c. It sums sensor readings,
// proves each one is at most 1000, and commits (count, sum) as two little-endian u32 words.
// The C runtime (../c/start.S, ../c/runtime.c) provides _start, the guest ABI calls and the
// journal digest; its header is imported with -import-objc-header.

let readingMax: UInt32 = 1000

@_cdecl("main")
func main() -> Int32 {
    var length: UInt32 = 0
    let start = UnsafeRawPointer(guest_input(&length)!).assumingMemoryBound(to: UInt8.self)
    let text = UnsafeBufferPointer(start: start, count: Int(length))
    var count: UInt32 = 0, sum: UInt32 = 0
    var value: UInt32? = nil
    // The input is the JSON array of message strings, e.g. ["12,30","7"]: every run of decimal
    // digits is one reading. Index `length` stands for a separator that ends the last number
    // (no array is built: there is no heap allocator in this runtime).
    for index in 0...text.count {
        if index < text.count, let digit = text[index].decimalDigit {
            let next = (value ?? 0) * 10 + digit
            guard next <= readingMax else { return 1 }
            value = next
        } else if let reading = value {
            count += 1
            sum += reading
            value = nil
        }
    }
    guest_commit_u32(count)
    guest_commit_u32(sum)
    return 0
}

extension UInt8 {
    var decimalDigit: UInt32? {
        (0x30...0x39).contains(self) ? UInt32(self - 0x30) : nil
    }
}
