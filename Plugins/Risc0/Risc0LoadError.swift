import SproutPluginKit

/// Why a program was refused at load time: a malformed or unsupported ELF, a `methods.rs`
/// that does not hold the named constants, or an image ID that does not match.
public enum Risc0LoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file ends before a structure the ELF header promises (`what` names it).
    case truncated(what: String, needed: Int, available: Int)
    case notELF
    case notELF32(elfClass: UInt8)
    case notLittleEndian(encoding: UInt8)
    case wrongMachine(UInt16)
    case notExecutable(elfType: UInt16)
    /// `e_flags` has EF_RISCV_RVC: the guest was built for compressed instructions.
    case compressedInstructions(flags: UInt32)
    case badEntry(UInt32, reason: String)
    case noProgramHeaders
    case tooManyProgramHeaders(Int)
    case noLoadableSegment
    case badSegment(index: Int, reason: String)
    case writableExecutableOverlap(writable: Int, executable: Int)
    case entryNotExecutable(UInt32)
    case methodsSource(String)
    case imageIDMismatch(computed: [UInt32], shipped: [UInt32])
    case expParam(String)

    public var description: String {
        switch self {
        case .truncated(let what, let needed, let available):
            return "the ELF is truncated: \(what) needs \(needed) bytes but only \(available) are there"
        case .notELF:
            return "not an ELF file (no \\x7fELF magic); a risc0 program is an RV32IM ELF or sprout's methods.rs with codeExpParam {\"image_id\":…,\"elf\":…}"
        case .notELF32(let elfClass):
            return "the ELF is not 32-bit (EI_CLASS \(elfClass)\(elfClass == 2 ? ", an RV64 build" : "")); RISC Zero guests are riscv32im ELFs"
        case .notLittleEndian(let encoding):
            return "the ELF is not little-endian (EI_DATA \(encoding))"
        case .wrongMachine(let machine):
            return "the ELF is for machine \(machine), not RISC-V (243)"
        case .notExecutable(let type):
            return "the ELF type is \(type), not an executable (ET_EXEC = 2); link the guest as a static executable"
        case .compressedInstructions(let flags):
            return "the ELF was built with compressed (RVC) instructions (e_flags 0x\(String(flags, radix: 16))); RISC Zero executes RV32IM only: build for riscv32im without the C extension"
        case .badEntry(let entry, let reason):
            return "the entry point 0x\(String(entry, radix: 16)) \(reason)"
        case .noProgramHeaders:
            return "the ELF has no program header table"
        case .tooManyProgramHeaders(let count):
            return "the ELF has \(count) program headers; at most 256 are allowed"
        case .noLoadableSegment:
            return "the ELF has no PT_LOAD segment"
        case .badSegment(let index, let reason):
            return "program header \(index): \(reason)"
        case .writableExecutableOverlap(let writable, let executable) where writable == executable:
            return "program header \(writable) is both writable and executable; put code and writable data in separate PT_LOAD segments"
        case .writableExecutableOverlap(let writable, let executable):
            return "writable program header \(writable) overlaps executable program header \(executable); keep code and writable data in separate, non-overlapping PT_LOAD segments"
        case .entryNotExecutable(let entry):
            return "the entry point 0x\(String(entry, radix: 16)) lies in no executable PT_LOAD segment"
        case .methodsSource(let reason):
            return "methods.rs: \(reason)"
        case .imageIDMismatch(let computed, let shipped):
            return "the ELF's image ID \(computed) (computed here) differs from the image ID \(shipped) shipped with the program; the ELF and the ID do not belong together"
        case .expParam(let reason):
            return "codeExpParam: \(reason)"
        }
    }

    var engineError: EngineError {
        switch self {
        case .expParam: EngineError(.invalidArgument, description)
        default: EngineError(.invalidProgram, description)
        }
    }
}
