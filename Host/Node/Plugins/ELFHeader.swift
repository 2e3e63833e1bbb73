import Foundation

/// The few ELF header fields that decide whether this process can load a library at all,
/// checked before dlopen so that a wrong file gets a precise message.
struct ELFHeader {
    let is64Bit: Bool
    let machine: UInt16

    /// Reads the identification and e_machine fields; nil when the bytes are not ELF.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 20, bytes[0..<4] == [0x7F, 0x45, 0x4C, 0x46] else { return nil }
        is64Bit = bytes[4] == 2
        let littleEndian = bytes[5] == 1
        machine = littleEndian ? UInt16(bytes[18]) | UInt16(bytes[19]) << 8 : UInt16(bytes[18]) << 8 | UInt16(bytes[19])
    }

    var architecture: String {
        let name = Self.machineNames[machine] ?? "machine \(machine)"
        return is64Bit ? name : "\(name) (32-bit)"
    }

    static let machineNames: [UInt16: String] = [3: "x86", 8: "mips", 20: "powerpc", 21: "powerpc64", 40: "arm", 62: "x86_64", 183: "aarch64", 243: "riscv"]

    /// The header this process itself needs.
    static var host: (machine: UInt16, name: String) {
        #if arch(x86_64)
            (62, "x86_64")
        #elseif arch(arm64)
            (183, "aarch64")
        #else
            (0, "unknown")
        #endif
    }

    var matchesHost: Bool { is64Bit && machine == Self.host.machine }
}
