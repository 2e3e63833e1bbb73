/// Why a guest run stopped abnormally, with the pc of the instruction and the cycle count
/// at that moment.
public struct Risc0Trap: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case illegalInstruction(UInt32)
        case compressedInstruction(UInt16)
        case fetchFault(UInt32)
        case loadFault(address: UInt32, width: Int)
        case storeFault(address: UInt32, width: Int)
        case misalignedLoad(address: UInt32, width: Int)
        case misalignedStore(address: UInt32, width: Int)
        case cycleLimit(UInt64)
        case guestPanicked(String)
        case unknownEcall(UInt32)
        case unknownSyscall(String)
        case badSyscall(String)
        case illegalHaltType(UInt32)
        case unsupported(String)
        case cancelled
        case hostFailure(String)
    }

    public var kind: Kind
    public var pc: UInt32
    public var cycle: UInt64

    public init(_ kind: Kind, pc: UInt32, cycle: UInt64) {
        self.kind = kind
        self.pc = pc
        self.cycle = cycle
    }

    public var description: String {
        let at = "at pc 0x\(String(pc, radix: 16)), cycle \(cycle)"
        switch kind {
        case .illegalInstruction(let word):
            return "illegal instruction 0x\(String(word, radix: 16, uppercase: false)) \(at) (RISC Zero executes RV32IM without CSRs, FENCE or compressed instructions)"
        case .compressedInstruction(let half):
            return "compressed (RVC) instruction 0x\(String(half, radix: 16)) \(at); RISC Zero executes RV32IM only: build the guest without the C extension"
        case .fetchFault(let address):
            return "instruction fetch from 0x\(String(address, radix: 16)) \(at): the pc must be word-aligned and inside guest memory 0x400..0xc000000"
        case .loadFault(let address, let width):
            return "\(width)-byte load from 0x\(String(address, radix: 16)) outside guest memory 0x400..0xc000000 \(at)"
        case .storeFault(let address, let width):
            return "\(width)-byte store to 0x\(String(address, radix: 16)) outside guest memory 0x400..0xc000000 \(at)"
        case .misalignedLoad(let address, let width):
            return "misaligned \(width)-byte load from 0x\(String(address, radix: 16)) \(at)"
        case .misalignedStore(let address, let width):
            return "misaligned \(width)-byte store to 0x\(String(address, radix: 16)) \(at)"
        case .cycleLimit(let limit):
            return "the guest reached its cycle limit of \(limit) \(at); raise \"cycle_limit\" in codeExpParam if the program needs more"
        case .guestPanicked(let message):
            return "Guest panicked: \(message) (\(at))"
        case .unknownEcall(let selector):
            return "Unknown ecall \(selector) (t0) \(at)"
        case .unknownSyscall(let name):
            return "Unknown syscall \"\(name)\" \(at)"
        case .badSyscall(let reason):
            return "bad ecall \(at): \(reason)"
        case .illegalHaltType(let value):
            return "Illegal halt type \(value) \(at)"
        case .unsupported(let what):
            return "\(what) \(at)"
        case .cancelled:
            return "cancelled by the host \(at)"
        case .hostFailure(let reason):
            return "host failure \(at): \(reason)"
        }
    }
}
