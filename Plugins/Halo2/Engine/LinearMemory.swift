import WasmKit

/// Bounds-checked access to the calling instance's exported `memory` (WasmKit's own accessors
/// stop the process on a bad range; module pointers are untrusted).
struct LinearMemory {
    let memory: Memory

    init(_ caller: borrowing Caller) throws(WasmBindgenError) {
        guard let memory = caller.instance?.exports[memory: "memory"] else { throw .typeError("the module exports no memory") }
        self.memory = memory
    }

    init(_ instance: Instance) throws(WasmBindgenError) {
        guard let memory = instance.exports[memory: "memory"] else { throw .typeError("the module exports no memory") }
        self.memory = memory
    }

    var size: Int { memory.byteCount }

    private func check(_ offset: Int, _ count: Int) throws(WasmBindgenError) {
        guard offset >= 0, count >= 0, offset + count <= size else { throw .outOfBounds(offset: offset, count: count, size: size) }
    }

    func read(_ offset: Int, count: Int) throws(WasmBindgenError) -> [UInt8] {
        try check(offset, count)
        // Safety: the range was checked against the memory's current size just above.
        return memory.withUnsafeBufferPointer(offset: UInt(offset), count: count) { Array($0) }
    }

    func write(_ bytes: [UInt8], at offset: Int) throws(WasmBindgenError) {
        try check(offset, bytes.count)
        // Safety: the range was checked against the memory's current size just above.
        memory.withUnsafeMutableBufferPointer(offset: UInt(offset), count: bytes.count) { $0.copyBytes(from: bytes) }
    }

    func readU32(_ offset: Int) throws(WasmBindgenError) -> UInt32 {
        try read(offset, count: 4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}
