import SproutCoreAIR
import SproutCoreField

/// Initial and final contents of the stack-slot and frame spaces: row `i` is address `i`
/// (`addr₀ = 0`, `addr' = addr + 1`, so each address appears once). Each row produces
/// `(space, i, 0, 0)` (slots and frames start zeroed) and consumes the final tuple
/// `(space, i, final, finalTime)` of both spaces. Main columns: `addr, stackFinal₀…₃,
/// stackTime, frameFinal₀…₃, frameTime`.
struct ZkWasmSlotBoundaryAIR: AIR {
    var name: String { "zkwasm-slots" }
    var mainWidth: Int { 11 }
    func evaluate(_ b: inout AIRBuilder) {
        let address = b.main(0)
        b.assertZeroOnFirstRow(address)
        b.assertZeroOnTransition(b.nextMain(0) - address - 1)
        for (space, base) in [(ZkWasmSpace.stack, 1), (ZkWasmSpace.frame, 6)] {
            let s = AIRExpression(integerLiteral: Int64(space))
            b.send(bus: ZkWasmBus.memory, values: [s, address, 0, 0, 0, 0, 0])
            b.receive(bus: ZkWasmBus.memory, values: [s, address] + (0..<5).map { b.main(base + $0) })
        }
    }
}
