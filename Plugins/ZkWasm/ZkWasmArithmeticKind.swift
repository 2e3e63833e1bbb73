/// The operations ``ZkWasmArithmeticAIR`` proves: shifts, rotations, division and remainder.
///
/// ``code`` (`base + 16·is64`) is the kind sent on ``ZkWasmBus/alu``; it is also the `a` operand
/// of these instructions in the instruction-fetch table, so the committed image fixes it.
struct ZkWasmArithmeticKind: Equatable {
    enum Base: Int, CaseIterable {
        case shl = 6, shrU, shrS, rotl, rotr, divU, remU, divS, remS
    }

    let base: Base
    let is64: Bool

    /// The bus kind: `base + 16·is64` (6…14 for i32, 22…30 for i64; 1…5 are the bitwise and
    /// multiply kinds).
    var code: Int { base.rawValue + (is64 ? 16 : 0) }

    init(base: Base, is64: Bool) {
        self.base = base
        self.is64 = is64
    }

    init?(code: Int) {
        guard let base = Base(rawValue: code & 15) else { return nil }
        self.init(base: base, is64: code & 16 != 0)
    }

    /// The kind of `opcode`, or `nil` when another table proves it.
    init?(_ opcode: WasmOpcode) {
        switch opcode {
        case .i32Shl: self.init(base: .shl, is64: false)
        case .i32ShrU: self.init(base: .shrU, is64: false)
        case .i32ShrS: self.init(base: .shrS, is64: false)
        case .i32Rotl: self.init(base: .rotl, is64: false)
        case .i32Rotr: self.init(base: .rotr, is64: false)
        case .i32DivU: self.init(base: .divU, is64: false)
        case .i32RemU: self.init(base: .remU, is64: false)
        case .i32DivS: self.init(base: .divS, is64: false)
        case .i32RemS: self.init(base: .remS, is64: false)
        case .i64Shl: self.init(base: .shl, is64: true)
        case .i64ShrU: self.init(base: .shrU, is64: true)
        case .i64ShrS: self.init(base: .shrS, is64: true)
        case .i64Rotl: self.init(base: .rotl, is64: true)
        case .i64Rotr: self.init(base: .rotr, is64: true)
        case .i64DivU: self.init(base: .divU, is64: true)
        case .i64RemU: self.init(base: .remU, is64: true)
        case .i64DivS: self.init(base: .divS, is64: true)
        case .i64RemS: self.init(base: .remS, is64: true)
        default: return nil
        }
    }
}
