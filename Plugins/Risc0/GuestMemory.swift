#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The guest's flat memory `[0, 0x0C00_0000)` for one run: one zero-initialised allocation
/// whose pages the OS maps lazily, so a run only pays for the pages it touches.
///
/// The executor is the only user of `base`; every access it makes is first checked against
/// ``Risc0Layout/guestMinMemory``..``Risc0Layout/guestMaxMemory`` and its alignment. The
/// checked helpers below are for ecalls (byte ranges given by the guest).
///
/// Threading: owned by one executor on one thread; not Sendable.
final class GuestMemory {
    static let size = Int(Risc0Layout.guestMaxMemory)
    /// Safety: `size` bytes, zero-filled by calloc, freed in deinit, never resized.
    let base: UnsafeMutableRawPointer

    init(image: Risc0MemoryImage) throws(Risc0Trap) {
        guard let raw = calloc(1, Self.size) else {
            throw Risc0Trap(.hostFailure("could not reserve \(Self.size >> 20) MiB of guest memory"), pc: image.entry, cycle: 0)
        }
        base = raw
        for (index, page) in image.pages where Int(index) * Risc0Layout.pageSize < Self.size {
            // Safety: index < size/1024 (checked above), so the 1024-byte copy stays inside the allocation.
            page.withUnsafeBytes { base.advanced(by: Int(index) * Risc0Layout.pageSize).copyMemory(from: $0.baseAddress!, byteCount: Risc0Layout.pageSize) }
        }
    }

    deinit { free(base) }

    /// Whether `[address, address + count)` is inside guest memory.
    @inline(__always)
    static func isGuest(_ address: UInt32, count: UInt32) -> Bool {
        address >= Risc0Layout.guestMinMemory && UInt64(address) + UInt64(count) <= UInt64(Risc0Layout.guestMaxMemory)
    }

    func bytes(at address: UInt32, count: Int) -> [UInt8] {
        // Safety: callers check `isGuest(address, count)` first.
        Array(UnsafeRawBufferPointer(start: base.advanced(by: Int(address)), count: count))
    }

    func write(_ bytes: [UInt8], at address: UInt32) {
        // Safety: callers check `isGuest(address, bytes.count)` first.
        bytes.withUnsafeBytes { base.advanced(by: Int(address)).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    @inline(__always)
    func word(at address: UInt32) -> UInt32 {
        // Safety: callers check `isGuest(address, 4)` first.
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self))
    }

    @inline(__always)
    func setWord(_ value: UInt32, at address: UInt32) {
        // Safety: callers check `isGuest(address, 4)` first.
        base.storeBytes(of: value.littleEndian, toByteOffset: Int(address), as: UInt32.self)
    }
}
