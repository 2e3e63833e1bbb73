import WasmKit

/// Bounds-checked access to an applet's linear memory.
///
/// WasmKit's buffer accessors stop the process on an out-of-range access; guests hand us
/// arbitrary pointers, so every access is checked here first and an out-of-range one is a trap.
struct GuestMemory {
    struct OutOfBounds: Error, CustomStringConvertible {
        let offset: UInt64
        let count: Int
        let size: Int
        var description: String { "guest pointer \(offset)+\(count) lies outside linear memory of \(size) bytes" }
    }

    let memory: Memory

    init(_ caller: borrowing Caller) throws {
        guard let memory = caller.instance?.exports[memory: "memory"] else {
            throw OutOfBounds(offset: 0, count: 0, size: 0)
        }
        self.memory = memory
    }

    private func check(_ offset: UInt32, _ count: Int) throws {
        let size = memory.byteCount
        guard count >= 0, UInt64(offset) + UInt64(count) <= UInt64(size) else {
            throw OutOfBounds(offset: UInt64(offset), count: count, size: size)
        }
    }

    func read(_ offset: UInt32, count: Int) throws -> [UInt8] {
        try check(offset, count)
        // Safety: the range was checked against the memory's current size just above.
        return memory.withUnsafeBufferPointer(offset: UInt(offset), count: count) { Array($0) }
    }

    func write(_ bytes: [UInt8], at offset: UInt32) throws {
        try check(offset, bytes.count)
        // Safety: the range was checked against the memory's current size just above.
        memory.withUnsafeMutableBufferPointer(offset: UInt(offset), count: bytes.count) { $0.copyBytes(from: bytes) }
    }

    func readU32(_ offset: UInt32) throws -> UInt32 {
        let bytes = try read(offset, count: 4)
        return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    func writeU32(_ value: UInt32, at offset: UInt32) throws {
        try write(withUnsafeBytes(of: value.littleEndian) { Array($0) }, at: offset)
    }

    func writeU64(_ value: UInt64, at offset: UInt32) throws {
        try write(withUnsafeBytes(of: value.littleEndian) { Array($0) }, at: offset)
    }
}
