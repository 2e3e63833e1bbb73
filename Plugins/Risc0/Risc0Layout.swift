/// RISC Zero 0.20's memory map (risc0-guest-abi.md §2).
public enum Risc0Layout {
    /// Lowest address a guest may touch.
    public static let guestMinMemory: UInt32 = 0x0000_0400
    /// First address a guest may not touch (the SYSTEM region starts here).
    public static let guestMaxMemory: UInt32 = 0x0C00_0000
    public static let stackTop: UInt32 = 0x0020_0400
    public static let textStart: UInt32 = 0x0020_0800
    public static let pageSize = 1024
    /// Start of the Merkle page table in the image.
    public static let pageTableAddress: UInt32 = 0x0D00_0000
}
