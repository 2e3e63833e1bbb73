import WasmKit

/// Refuses linear-memory growth past a byte limit; `memory.grow` then returns -1 to the guest.
final class MemoryCap: ResourceLimiter {
    let bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    func limitMemoryGrowth(to desired: Int) throws -> Bool {
        desired <= bytes
    }
}
