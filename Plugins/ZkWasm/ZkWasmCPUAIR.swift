import SproutCoreAIR
import SproutCoreField

/// Column indices of ``ZkWasmCPUAIR``.
enum CPUColumn {
    static let flags = 0
    static let clk = ZkWasmOperation.allCases.count
    static let pc = clk + 1, fp = clk + 2, sp = clk + 3, depth = clk + 4, pending = clk + 5, publicIndex = clk + 6, outputIndex = clk + 7
    static let a = clk + 8, b = clk + 9, imm = clk + 10, calleeEntry = imm + 4, calleeParameters = imm + 5, calleeLocals = imm + 6
    static let v0 = imm + 7, v1 = v0 + 4, v2 = v0 + 8, pv2 = v0 + 12
    static let carry = pv2 + 4, inverse = carry + 4
    static let z = inverse + 4, conditionInverse = z + 1, taken = z + 2, depthInverse = z + 3, nonTop = z + 4, halt = z + 5, pendingInverse = z + 6
    static let space = pendingInverse + 1, address = space + 3, previousTimestamp = address + 3, low = previousTimestamp + 3, high = low + 3
    /// Sign bits and the remaining bits of the operands' top limbs (signed comparisons, sign extensions).
    static let sign = high + 3, rest = sign + 2
    /// `br_table`: the entry taken and its target pc, drop count and arity.
    static let entry = rest + 2, target = entry + 1, targetDrop = entry + 2, targetArity = entry + 3
    /// `call_indirect`: the callee's entry pc, parameter and local counts from the function table.
    static let indirectEntry = entry + 4, indirectParameters = entry + 5, indirectLocals = entry + 6
    /// `phase` is 0 while the start function runs, 1 in `zkmain`; `chain` marks the start
    /// function's final return, which enters `zkmain` instead of halting.
    static let phase = entry + 7, chain = entry + 8
    /// The linear memory size in pages: the module's initial size, changed only by a successful
    /// `memory.grow`, sent with every load and store for the bounds check.
    static let pages = entry + 9
    static let width = entry + 10
}

/// The CPU table of the zkwasm proof: one row per executed instruction (plus one
/// ``ZkWasmOperation/zeroLocal`` row per local a call initialises), then inactive padding rows.
///
/// ## Values
/// 64-bit values are 4 limbs of 16 bits, `v = Σᵢ 2¹⁶ⁱ·vᵢ`, each range checked against
/// ``ZkWasmRangeAIR`` when written (`v2`) or equal to a written value (reads consume only tuples
/// some write or an initial table produced). i32 values have zero upper limbs.
///
/// ## Memory (offline memory checking with timestamps)
/// Stack slots (locals and operands), globals and call frames are one memory over
/// `(space, address)`. Row `clk` has three access slots at timestamps `tₖ = 4·clk + k + 1`:
/// slots 0 and 1 read `v0`/`v1`, slot 2 writes `v2` over the previous value `pv2`. An enabled
/// access consumes `(space, address, old, t′)` and produces `(space, address, new, tₖ)` on
/// ``ZkWasmBus/memory`` with `t′ < tₖ` (`tₖ − t′ − 1 = lo + 2¹⁶·hi`, `lo < 2¹⁶`, `hi < 2¹⁴`). The
/// boundary table (``ZkWasmBoundaryAIR``) produces every cell the segment touches once at time 0
/// with its initial value and consumes its final tuple. As every access consumes a strictly older
/// tuple of its address and every tuple is consumed once, induction over time shows each read
/// returns the latest write.
///
/// ## Control
/// A row's operation is fixed by one-hot selectors whose class id, with `pc`, the immediates and
/// the callee data, is looked up in the committed image (``ZkWasmProgramAIR``). Transition
/// constraints give `pc, fp, sp, depth, pending, publicIndex, outputIndex` of the next row per
/// operation; calls store `(returnPC, fp)` in frame slot `depth + 1` and returns read it back. A
/// run starts at `zkmain`'s entry with `zkmain`'s locals pending and ends with a return at depth
/// 0 (`halt`), after which only padding rows follow. A module with a start function starts there
/// instead (`phase` 0); its return at depth 0 (`chain`) enters `zkmain` with an empty stack and
/// `phase` 1, and only a return at depth 0 in phase 1 halts.
///
/// ## Linear memory size
/// `pages` starts at the module's initial size (the first segment's start state) and changes only
/// by a successful `memory.grow` (never beyond ``memoryLimit``); `memory.size` pushes it, and
/// every load and store sends it to ``ZkWasmMemoryAccessAIR``, which checks the access ends
/// within `pages·65536` bytes.
///
/// ## Segments
/// The table proves one segment of the run: its first row is active and holds the start state,
/// its last row is padding and holds the end state (``ZkWasmCPUState``), both public values. A
/// segment's rows may stop without halting (the padding then holds the state the next instruction
/// starts from) unless it is the final one, which must halt; a non-final segment must not.
///
/// Public values: the 8 field elements of the image commitment, the start state (9), the end
/// state (9) and `final` (1 for the run's last segment), all bound into the transcript.
struct ZkWasmCPUAIR: AIR {
    /// Entry pc of `zkmain` and its declared local count (fixed by the module).
    let entryPC: Int
    let entryLocals: Int
    /// The most pages `memory.grow` may reach (``ZkWasmLimits/memoryLimit(of:)``, at most 16).
    let memoryLimit: Int

    var name: String { "zkwasm-cpu" }
    var mainWidth: Int { CPUColumn.width }
    var numberOfPublicValues: Int { 8 + 2 * ZkWasmCPUState.count + 1 }
    static let startValue = 8, endValue = 8 + ZkWasmCPUState.count, finalValue = 8 + 2 * ZkWasmCPUState.count
    var lookupBatchSize: Int { 2 }

    func evaluate(_ b: inout AIRBuilder) {
        typealias C = CPUColumn
        let reader = b
        func m(_ c: Int) -> AIRExpression { reader.main(c) }
        func n(_ c: Int) -> AIRExpression { reader.nextMain(c) }
        func f(_ op: ZkWasmOperation) -> AIRExpression { reader.main(C.flags + op.rawValue) }
        func sum(_ ops: [ZkWasmOperation]) -> AIRExpression { ops.map(f).reduce(0, +) }
        func limbs(_ base: Int) -> [AIRExpression] { (0..<4).map { m(base + $0) } }
        let all = ZkWasmOperation.allCases
        let active = sum(all)
        let nextActive = all.map { n(C.flags + $0.rawValue) }.reduce(0, +)
        for op in all { b.assertBoolean(f(op)) }
        b.assertBoolean(active)
        let pc = m(C.pc), fp = m(C.fp), sp = m(C.sp), depth = m(C.depth), pending = m(C.pending)
        let a = m(C.a), bImm = m(C.b), arity = m(C.imm)
        let v0 = limbs(C.v0), v1 = limbs(C.v1), v2 = limbs(C.v2), pv2 = limbs(C.pv2)
        let taken = m(C.taken), nonTop = m(C.nonTop), halt = m(C.halt)

        // Boundary: the segment starts active in its start state and ends inactive in its end
        // state (the verifier chains them).
        let isFinal = b.publicValue(Self.finalValue)
        b.assertZeroOnFirstRow(active - 1)
        b.assertZeroOnFirstRow(m(C.clk))
        b.assertZeroOnLastRow(active)
        for (k, column) in ZkWasmCPUState.columns.enumerated() {
            b.assertZeroOnFirstRow(m(column) - b.publicValue(Self.startValue + k))
            b.assertZeroOnLastRow(m(column) - b.publicValue(Self.endValue + k))
        }
        b.assertZeroOnTransition(n(C.clk) - m(C.clk) - 1)

        // Depth test and halting.
        b.assertZero(m(C.nonTop) - depth * m(C.depthInverse))
        b.assertZero(depth * (1 - nonTop))
        let phase = m(C.phase), chain = m(C.chain)
        b.assertBoolean(phase)
        b.assertBoolean(chain)
        b.assertZero(halt + chain - f(.return) * (1 - nonTop))
        b.assertZero(chain * phase)
        b.assertZero(halt * (1 - phase))
        b.assertZero(halt * (1 - isFinal))
        b.assertZeroOnTransition(n(C.phase) - phase - chain)
        b.assertZeroOnTransition(nextActive * (1 - active))
        b.assertZeroOnTransition(halt * nextActive)
        b.assertZeroOnTransition(isFinal * active * (1 - nextActive) * (1 - halt))

        // Pending locals: a call sets them, zero-local rows count them down, other rows have none.
        b.assertZero((active - f(.zeroLocal)) * pending)
        b.assertZero(f(.zeroLocal) * (pending * m(C.pendingInverse) - 1))

        // Conditions (i32 in limbs 0 and 1): taken = (v0 ≠ 0) for br_if, if, require, select.
        let condition = v0[0] + v0[1]
        let conditional = f(.brIf) + f(.if) + f(.require) + f(.select)
        b.assertZero(conditional * (taken - condition * m(C.conditionInverse)))
        b.assertZero(conditional * condition * (1 - taken))
        b.assertZero(f(.require) * (1 - taken))
        b.assertZero((f(.br) + f(.brIf)) * arity * (arity - 1))

        // Next state. Padding rows keep their state.
        func next(_ column: Int, _ cases: [(ZkWasmOperation, AIRExpression)]) {
            let listed = Set(cases.map(\.0))
            let unchanged = all.filter { !listed.contains($0) }.map(f).reduce(0, +) + (1 - active)
            var expected = unchanged * m(column)
            for (op, e) in cases { expected = expected + f(op) * e }
            b.assertZeroOnTransition(n(column) - expected)
        }
        let loads = ZkWasmOperation.loads, stores = ZkWasmOperation.stores
        let sequential: [ZkWasmOperation] = [.nop, .const, .localGet, .localSet, .localTee, .globalGet, .globalSet, .pop, .input, .require, .output]
            + ZkWasmOperation.binary + [.eqz32, .eqz64, .lowHalf, .memorySize, .memoryGrow, .select] + ZkWasmOperation.unaryInPlace + loads + stores
        next(C.pc, sequential.map { ($0, pc + 1) } + [
            (.br, a), (.brIf, taken * a + (1 - taken) * (pc + 1)), (.if, taken * (pc + 1) + (1 - taken) * a), (.else, a),
            (.call, m(C.calleeEntry)), (.return, v1[0] + chain * (AIRExpression(integerLiteral: Int64(entryPC)) - v1[0])),
            (.brTable, m(C.target)), (.callIndirect, m(C.indirectEntry)),
        ])
        next(C.sp, ZkWasmOperation.binary.map { ($0, sp - 1) } + [
            (.const, sp + 1), (.localGet, sp + 1), (.localSet, sp - 1), (.globalGet, sp + 1), (.globalSet, sp - 1), (.pop, sp - 1),
            (.br, sp - bImm), (.brIf, sp - 1 - taken * bImm), (.if, sp - 1), (.zeroLocal, sp + 1), (.return, fp + bImm),
            (.require, sp - 1), (.output, sp - 1),
            (.memorySize, sp + 1), (.select, sp - 2), (.brTable, sp - 1 - m(C.targetDrop)), (.callIndirect, sp - 1),
        ] + stores.map { ($0, sp - 2) })
        next(C.fp, [(.call, sp - m(C.calleeParameters)), (.callIndirect, sp - 1 - m(C.indirectParameters)), (.return, v1[1] - chain * v1[1])])
        next(C.depth, [(.call, depth + 1), (.callIndirect, depth + 1), (.return, depth - 1 + chain)])
        next(C.pending, [
            (.call, m(C.calleeLocals)), (.callIndirect, m(C.indirectLocals)), (.zeroLocal, pending - 1),
            (.return, chain * AIRExpression(integerLiteral: Int64(entryLocals))),
        ])
        next(C.publicIndex, [(.input, m(C.publicIndex) + v0[0])])
        next(C.outputIndex, [(.output, m(C.outputIndex) + 1)])
        let pages = m(C.pages)
        next(C.pages, [(.memoryGrow, pages + taken * v0[0])])

        // Values.
        for i in 0..<4 {
            b.assertZero(f(.const) * (v2[i] - m(C.imm + i)))
            b.assertZero(sum([.localGet, .localSet, .localTee, .globalGet, .globalSet, .br, .return]) * (v2[i] - v0[i]))
            b.assertZero(f(.brIf) * (v2[i] - v1[i]))
            b.assertZero(f(.zeroLocal) * v2[i])
            b.assertBoolean(m(C.carry + i))
        }
        let calling = f(.call) + f(.callIndirect)
        b.assertZero(calling * (v2[0] - pc - 1))
        b.assertZero(calling * (v2[1] - fp))
        b.assertZero(calling * v2[2])
        b.assertZero(calling * v2[3])
        // call_indirect: the i32 table index (upper limb below 2¹⁴, so no wrap modulo p) and the
        // expected type (the fetched b) select a function table row, which gives the callee.
        let indirect = f(.callIndirect)
        b.assertZero(indirect * v0[2])
        b.assertZero(indirect * v0[3])
        b.send(bus: ZkWasmBus.range14, values: [v0[1]], multiplicity: indirect)
        b.send(
            bus: ZkWasmBus.function,
            values: [v0[0] + 65536 * v0[1], bImm, m(C.indirectEntry), m(C.indirectParameters), m(C.indirectLocals)], multiplicity: indirect)
        // Low half (wrap, zero-extend) and memory.size.
        b.assertZero(f(.lowHalf) * (v2[0] - v0[0]))
        b.assertZero(f(.lowHalf) * (v2[1] - v0[1]))
        b.assertZero(f(.memorySize) * (v2[0] - pages))
        b.assertZero(f(.memorySize) * v2[1])
        for i in 2..<4 { b.assertZero((f(.lowHalf) + f(.memorySize)) * v2[i]) }
        // memory.grow(δ), δ = v0₀ + 2¹⁶·v0₁ (i32: upper limbs zero): `taken` says it succeeded,
        // `z` = [v0₁ ≠ 0] (with v0₁'s inverse in the first difference column). Success needs
        // v0₁ = 0 and L − P − v0₀ ≥ 0; failure needs v0₁ ≠ 0 (δ ≥ 2¹⁶ > L) or P + v0₀ − L − 1 ≥ 0,
        // with page count P and limit L ≤ 16. P ≤ L on every row (it starts at the initial size,
        // which the parser keeps within the limit, and grows only within it) and v0₀ < 2¹⁶, so
        // both differences are integers in (−2¹⁷, 2¹⁷); one below 0 would be p − k ≥ 2¹⁶ in the
        // field and fail the 16-bit range check. The result is P on success, else 2³² − 1, and
        // the next row's page count is P + v0₀ on success, else P.
        let grow = f(.memoryGrow)
        let limit = AIRExpression(integerLiteral: Int64(memoryLimit))
        let large = m(C.z)
        b.assertZero(grow * taken * (1 - taken))
        b.assertZero(grow * (v0[1] * m(C.inverse) - large))
        b.assertZero(grow * v0[1] * (1 - large))
        b.assertZero(grow * taken * large)
        let growSlack = taken * (limit - pages - v0[0]) + (1 - taken) * (pages + v0[0] - limit - 1)  // range checked at the end
        b.assertZero(grow * (v2[0] - taken * pages - (1 - taken) * 65535))
        b.assertZero(grow * (v2[1] - (1 - taken) * 65535))
        // wasm_input(kind): kind ∈ {0, 1}.
        b.assertBoolean(f(.input) * v0[0])
        for i in 1..<4 { b.assertZero(f(.input) * v0[i]) }
        // i32 operands and results have zero upper limbs.
        for op in ZkWasmOperation.thirtyTwoBit {
            for i in 2..<4 {
                b.assertZero(f(op) * v0[i])
                b.assertZero(f(op) * v1[i])
                b.assertZero(f(op) * v2[i])
            }
        }
        // x + y = z + carry·2^(16k), limb by limb: add (v0 + v1 = v2), sub (v2 + v1 = v0).
        func adder(_ op: ZkWasmOperation, _ x: [AIRExpression], _ y: [AIRExpression], _ z: [AIRExpression], limbs count: Int) {
            for i in 0..<count {
                let carryIn = i == 0 ? AIRExpression(0) : m(C.carry + i - 1)
                b.assertZero(f(op) * (x[i] + y[i] + carryIn - z[i] - 65536 * m(C.carry + i)))
            }
        }
        adder(.add32, v0, v1, v2, limbs: 2)
        adder(.add64, v0, v1, v2, limbs: 4)
        adder(.sub32, v2, v1, v0, limbs: 2)
        adder(.sub64, v2, v1, v0, limbs: 4)
        // Unsigned comparisons: with the difference D (in the `inverse` columns, range checked
        // as 16-bit limbs), lt/ge prove v1 + D = v0 + c·2^(16k), so c = [v0 < v1]; gt/le prove
        // v0 + D = v1 + c·2^(16k), so c = [v1 < v0]. The result is c or 1 − c.
        let difference = (0..<4).map { m(C.inverse + $0) }
        for (op, k) in [(ZkWasmOperation.ltU32, 2), (.ltU64, 4), (.geU32, 2), (.geU64, 4)] {
            adder(op, v1, difference, v0, limbs: k)
            let c = m(C.carry + k - 1)
            b.assertZero(f(op) * (v2[0] - (op == .ltU32 || op == .ltU64 ? c : 1 - c)))
        }
        for (op, k) in [(ZkWasmOperation.gtU32, 2), (.gtU64, 4), (.leU32, 2), (.leU64, 4)] {
            adder(op, v0, difference, v1, limbs: k)
            let c = m(C.carry + k - 1)
            b.assertZero(f(op) * (v2[0] - (op == .gtU32 || op == .gtU64 ? c : 1 - c)))
        }
        // Signed comparisons compare x ⊕ 2ⁿ⁻¹ and y ⊕ 2ⁿ⁻¹ unsigned: with the top limb
        // t = 2¹⁵·s + r (s a bit, 2r < 2¹⁶), the flipped limb is r + 2¹⁵·(1 − s).
        let signs = (0..<2).map { m(C.sign + $0) }, rests = (0..<2).map { m(C.rest + $0) }
        for sign in signs { b.assertBoolean(sign) }
        for (op, k) in [(ZkWasmOperation.ltS32, 2), (.ltS64, 4), (.geS32, 2), (.geS64, 4), (.gtS32, 2), (.gtS64, 4), (.leS32, 2), (.leS64, 4)] {
            var flipped = [v0, v1]
            for j in 0..<2 {
                b.assertZero(f(op) * (flipped[j][k - 1] - 32768 * signs[j] - rests[j]))
                flipped[j][k - 1] = rests[j] + 32768 * (1 - signs[j])
            }
            let swapped = [.gtS32, .gtS64, .leS32, .leS64].contains(op)
            adder(op, flipped[swapped ? 0 : 1], difference, flipped[swapped ? 1 : 0], limbs: k)
            let c = m(C.carry + k - 1)
            b.assertZero(f(op) * (v2[0] - ([.ltS32, .ltS64, .gtS32, .gtS64].contains(op) ? c : 1 - c)))
        }
        for i in 1..<4 { b.assertZero(sum(ZkWasmOperation.unsignedComparisons + ZkWasmOperation.signedComparisons) * v2[i]) }
        // Sign extensions: the low byte is r + 2⁷·s (2r < 2⁸) with high byte `rest₁`, or the
        // 16-bit limb is r + 2¹⁵·s (2r < 2¹⁶); the limbs above become s·(2¹⁶ − 1).
        let s = signs[0], r = rests[0]
        b.assertZero((f(.extend8S32) + f(.extend8S64)) * (v0[0] - r - 128 * s - 256 * rests[1]))
        b.assertZero((f(.extend8S32) + f(.extend8S64)) * (v2[0] - r - 128 * s - 65280 * s))
        b.assertZero((f(.extend16S32) + f(.extend16S64)) * (v0[0] - r - 32768 * s))
        b.assertZero(f(.extend32S64) * (v0[1] - r - 32768 * s))
        b.assertZero((f(.extend16S32) + f(.extend16S64) + f(.extend32S64)) * (v2[0] - v0[0]))
        b.assertZero(f(.extend32S64) * (v2[1] - v0[1]))
        b.assertZero((f(.extend8S32) + f(.extend16S32) + f(.extend8S64) + f(.extend16S64)) * (v2[1] - 65535 * s))
        for i in 2..<4 { b.assertZero((f(.extend8S64) + f(.extend16S64) + f(.extend32S64)) * (v2[i] - 65535 * s)) }
        let signedComparison = sum(ZkWasmOperation.signedComparisons)
        b.send(bus: ZkWasmBus.range16, values: [2 * rests[0]], multiplicity: signedComparison + f(.extend16S32) + f(.extend16S64) + f(.extend32S64))
        b.send(bus: ZkWasmBus.range16, values: [2 * rests[1]], multiplicity: signedComparison)
        b.send(bus: ZkWasmBus.range8, values: [2 * rests[0]], multiplicity: f(.extend8S32) + f(.extend8S64))
        b.send(bus: ZkWasmBus.range8, values: [rests[1]], multiplicity: f(.extend8S32) + f(.extend8S64))
        // popcnt: each 16-bit limb's bit count (in the difference columns) is looked up; the
        // result is their sum (i32 operands have zero upper limbs, counting 0).
        let counting = f(.popcnt32) + f(.popcnt64)
        for i in 0..<4 { b.send(bus: ZkWasmBus.popcount, values: [v0[i], difference[i]], multiplicity: counting) }
        b.assertZero(counting * (v2[0] - difference.reduce(0, +)))
        for i in 1..<4 { b.assertZero(counting * v2[i]) }
        // clz / ctz: per limb i the lookup gives its zero count cᵢ (difference columns) and
        // zᵢ = [limb i = 0] (carry columns). Walking from the top limb (clz) or the bottom one
        // (ctz), eⱼ = 1 while every limb passed so far is zero (products in the entry columns, to
        // keep the degree at 3), and the result is Σ eⱼ·cⱼ: the counts up to the first non-zero
        // limb, which a zero limb's count 16 extends to the width for x = 0.
        let zeroFlags = (0..<4).map { m(C.carry + $0) }
        let products = [m(C.entry), m(C.target), m(C.targetDrop)]
        for op in ZkWasmOperation.zeroCounts {
            let k = ZkWasmOperation.thirtyTwoBit.contains(op) ? 2 : 4
            let order = op == .clz32 || op == .clz64 ? Array((0..<k).reversed()) : Array(0..<k)
            var prefix: AIRExpression = 1
            var total: AIRExpression = difference[order[0]]
            for j in 1..<k {
                let step = prefix * zeroFlags[order[j - 1]]
                if k == 2 {
                    prefix = step
                } else {
                    b.assertZero(f(op) * (products[j - 1] - step))
                    prefix = products[j - 1]
                }
                total = total + prefix * difference[order[j]]
            }
            b.assertZero(f(op) * (v2[0] - total))
        }
        let zeroCounting = sum(ZkWasmOperation.zeroCounts)
        let direction = f(.ctz32) + f(.ctz64)
        for i in 0..<4 { b.send(bus: ZkWasmBus.zeroCount, values: [direction, v0[i], difference[i], zeroFlags[i]], multiplicity: zeroCounting) }
        for i in 1..<4 { b.assertZero(zeroCounting * v2[i]) }
        // select keeps the value it overwrites (its first operand) when the condition holds.
        for i in 0..<4 { b.assertZero(f(.select) * (v2[i] - taken * pv2[i] - (1 - taken) * v1[i])) }
        // br_table: with b the default entry (the fetched immediate, limbs imm₀, imm₁) and D in the
        // difference columns, b + D = index + c·2³² gives c = [index < b]; the entry is the index
        // when c = 1, else b, and the branch table gives its target, drop count and arity. The
        // carried value moves like br's.
        let brTable = f(.brTable)
        adder(.brTable, [m(C.imm), m(C.imm + 1)], difference, v0, limbs: 2)
        let below = m(C.carry + 1)
        b.assertZero(brTable * (m(C.entry) - below * (v0[0] + 65536 * v0[1]) - (1 - below) * (m(C.imm) + 65536 * m(C.imm + 1))))
        b.assertZero(brTable * v0[2])
        b.assertZero(brTable * v0[3])
        for i in 0..<4 { b.assertZero(brTable * (v2[i] - v1[i])) }
        b.send(bus: ZkWasmBus.branch, values: [pc, m(C.entry), m(C.target), m(C.targetDrop), m(C.targetArity)], multiplicity: brTable)
        // ALU tables prove the whole tuple; shifts, rotations and divisions send the fetched kind `a`.
        let aluKind = ZkWasmOperation.alu.map { f($0) * AIRExpression(integerLiteral: Int64($0.aluKind)) }.reduce(0, +)
            + (f(.arithmetic32) + f(.arithmetic64)) * a
        b.send(bus: ZkWasmBus.alu, values: [aluKind] + v0 + v1 + v2, multiplicity: sum(ZkWasmOperation.alu))
        // Equality: z = 1 iff all limb differences dᵢ = v0ᵢ − v1ᵢ vanish (|dᵢ| < 2¹⁶ < p).
        let equality = sum(ZkWasmOperation.equality)
        let z = m(C.z)
        b.assertBoolean(z)
        var inverseSum: AIRExpression = 0
        for i in 0..<4 {
            let d = v0[i] - v1[i]
            b.assertZero(equality * z * d)
            inverseSum = inverseSum + d * m(C.inverse + i)
            b.assertZero((f(.eqz32) + f(.eqz64)) * v1[i])
        }
        b.assertZero(equality * (1 - z) * (1 - inverseSum))
        b.assertZero(sum([.eq32, .eq64, .eqz32, .eqz64]) * (v2[0] - z))
        b.assertZero((f(.ne32) + f(.ne64)) * (v2[0] - (1 - z)))
        for i in 1..<4 { b.assertZero(equality * v2[i]) }

        // Memory access slots: (enabled, space, address).
        let stack = AIRExpression(integerLiteral: Int64(ZkWasmSpace.stack))
        let global = AIRExpression(integerLiteral: Int64(ZkWasmSpace.global))
        let frame = AIRExpression(integerLiteral: Int64(ZkWasmSpace.frame))
        let slots: [[(ZkWasmOperation, AIRExpression, AIRExpression)]] = [
            ZkWasmOperation.binary.map { ($0, stack, sp - 2) } + [
                (.eqz32, stack, sp - 1), (.eqz64, stack, sp - 1), (.localGet, stack, fp + a), (.localSet, stack, sp - 1),
                (.localTee, stack, sp - 1), (.globalGet, global, a), (.globalSet, stack, sp - 1), (.br, stack, sp - 1),
                (.brIf, stack, sp - 1), (.if, stack, sp - 1), (.return, stack, sp - 1), (.input, stack, sp - 1),
                (.require, stack, sp - 1), (.output, stack, sp - 1),
                (.lowHalf, stack, sp - 1), (.select, stack, sp - 1), (.brTable, stack, sp - 1), (.callIndirect, stack, sp - 1),
                (.memoryGrow, stack, sp - 1),
            ] + ZkWasmOperation.unaryInPlace.map { ($0, stack, sp - 1) } + loads.map { ($0, stack, sp - 1) } + stores.map { ($0, stack, sp - 2) },
            ZkWasmOperation.binary.map { ($0, stack, sp - 1) } + [(.brIf, stack, sp - 2), (.return, frame, depth), (.select, stack, sp - 2), (.brTable, stack, sp - 2)]
                + stores.map { ($0, stack, sp - 1) },
            ZkWasmOperation.binary.map { ($0, stack, sp - 2) } + [
                (.eqz32, stack, sp - 1), (.eqz64, stack, sp - 1), (.const, stack, sp), (.localGet, stack, sp),
                (.localSet, stack, fp + a), (.localTee, stack, fp + a), (.globalGet, stack, sp), (.globalSet, global, a),
                (.br, stack, sp - 1 - bImm), (.brIf, stack, sp - 2 - bImm), (.call, frame, depth + 1), (.callIndirect, frame, depth + 1), (.zeroLocal, stack, sp),
                (.return, stack, fp), (.input, stack, sp - 1),
                (.lowHalf, stack, sp - 1), (.memorySize, stack, sp), (.memoryGrow, stack, sp - 1), (.select, stack, sp - 3),
                (.brTable, stack, sp - 2 - m(C.targetDrop)),
            ] + ZkWasmOperation.unaryInPlace.map { ($0, stack, sp - 1) } + loads.map { ($0, stack, sp - 1) },
        ]
        let enabled: [AIRExpression] = [
            sum(ZkWasmOperation.binary + [.eqz32, .eqz64, .localGet, .localSet, .localTee, .globalGet, .globalSet, .brIf, .if, .input, .require, .output, .lowHalf, .select, .brTable, .callIndirect, .memoryGrow]
                + ZkWasmOperation.unaryInPlace + loads + stores)
                + f(.br) * arity + f(.return) * bImm,
            sum(ZkWasmOperation.binary + stores + [.select]) + f(.brIf) * taken * arity + f(.return) * nonTop + brTable * m(C.targetArity),
            sum(ZkWasmOperation.binary + [.eqz32, .eqz64, .const, .localGet, .localSet, .localTee, .globalGet, .globalSet, .call, .callIndirect, .zeroLocal, .input, .lowHalf, .memorySize, .memoryGrow, .select]
                + ZkWasmOperation.unaryInPlace + loads)
                + f(.br) * arity + f(.brIf) * taken * arity + f(.return) * bImm + brTable * m(C.targetArity),
        ]
        for k in 0..<3 {
            for (op, space, address) in slots[k] {
                b.assertZero(f(op) * (m(C.space + k) - space))
                b.assertZero(f(op) * (m(C.address + k) - address))
            }
            let time = 4 * m(C.clk) + AIRExpression(integerLiteral: Int64(k + 1))
            let previous = m(C.previousTimestamp + k)
            b.assertZero(time - previous - 1 - m(C.low + k) - 65536 * m(C.high + k))
            let old = k == 0 ? v0 : k == 1 ? v1 : pv2
            let new = k == 0 ? v0 : k == 1 ? v1 : v2
            b.receive(bus: ZkWasmBus.memory, values: [m(C.space + k), m(C.address + k)] + old + [previous], multiplicity: enabled[k])
            b.send(bus: ZkWasmBus.memory, values: [m(C.space + k), m(C.address + k)] + new + [time], multiplicity: enabled[k])
            b.send(bus: ZkWasmBus.range16, values: [m(C.low + k)], multiplicity: enabled[k])
            b.send(bus: ZkWasmBus.range14, values: [m(C.high + k)], multiplicity: enabled[k])
        }
        // Written values are range checked (call rows write a frame, not a value); comparison
        // rows write a bit and range check their difference limbs instead, as do br_table rows,
        // which write a copy of a value they read.
        let comparing = sum(ZkWasmOperation.unsignedComparisons + ZkWasmOperation.signedComparisons + [.brTable])
        for i in 0..<4 {
            b.send(bus: ZkWasmBus.range16, values: [v2[i] + comparing * (difference[i] - v2[i])], multiplicity: active - calling)
        }

        // Loads and stores: the i32 address operand (v0, upper limb below 2¹⁴) plus the offset
        // (below 2²⁶, fixed by the image) is the effective address, with no wrap modulo p; the
        // byte accesses happen in ZkWasmMemoryAccessAIR at time 4·clk + 4, which also checks the
        // access lies within the page count sent along.
        let memory = sum(loads + stores)
        b.assertZero(memory * v0[2])
        b.assertZero(memory * v0[3])
        b.send(bus: ZkWasmBus.range14, values: [v0[1]], multiplicity: memory)
        let storing = sum(stores)
        // Sign-extending loads: the value written is v2; the bytes read are v2 without the sign
        // fill (s·0xFF00 in limb 0 for 8-bit loads, nothing above the width). The sign s is the
        // top bit of the loaded bytes: r + 2⁷·s with 2r < 2⁸, or r + 2¹⁵·s with 2r < 2¹⁶.
        let unsignedLoad = sum(loads) - sum(ZkWasmOperation.signedLoads)
        let load8 = f(.i32Load8S) + f(.i64Load8S), load16 = f(.i32Load16S) + f(.i64Load16S), load32 = f(.i64Load32S)
        b.assertZero(load8 * (v2[0] - r - 128 * s - 65280 * s))
        b.assertZero(load16 * (v2[0] - r - 32768 * s))
        b.assertZero(load32 * (v2[1] - r - 32768 * s))
        b.assertZero((load8 + load16) * (v2[1] - 65535 * s))
        for i in 2..<4 { b.assertZero((f(.i64Load8S) + f(.i64Load16S) + load32) * (v2[i] - 65535 * s)) }
        b.send(bus: ZkWasmBus.range8, values: [2 * r], multiplicity: load8)
        b.send(bus: ZkWasmBus.range16, values: [2 * r], multiplicity: load16 + load32)
        let signedRaw: [AIRExpression] = [load8 * (v2[0] - 65280 * s) + (load16 + load32) * v2[0], load32 * v2[1], 0, 0]
        let width = (loads + stores).map { f($0) * AIRExpression(integerLiteral: Int64($0.memoryWidth)) }.reduce(0, +)
        let effective = v0[0] + 65536 * v0[1] + m(C.imm) + 65536 * m(C.imm + 1)
        b.send(
            bus: ZkWasmBus.memoryOperation,
            values: [m(C.clk), storing, width, effective] + (0..<4).map { unsignedLoad * v2[$0] + storing * v1[$0] + signedRaw[$0] } + [pages],
            multiplicity: memory)

        // Instruction fetch from the committed image.
        let classID = all.filter { $0 != .zeroLocal }.map { f($0) * AIRExpression(integerLiteral: Int64($0.classID)) }.reduce(0, +)
        b.send(
            bus: ZkWasmBus.fetch,
            values: [pc, classID, a, bImm] + limbs(C.imm) + [m(C.calleeEntry), m(C.calleeParameters), m(C.calleeLocals)],
            multiplicity: active - f(.zeroLocal))

        // Public inputs and outputs.
        b.send(bus: ZkWasmBus.io, values: [1, m(C.publicIndex)] + v2, multiplicity: f(.input) * v0[0])
        b.send(bus: ZkWasmBus.io, values: [2, m(C.outputIndex)] + v0, multiplicity: f(.output))
        // memory.grow's limit check (last, so that the lookups above keep their LogUp pairs).
        b.send(bus: ZkWasmBus.range16, values: [growSlack], multiplicity: grow * (1 - large))
        // The image commitment needs no constraint: the STARK binds every table's public
        // values into the transcript before any challenge.
    }
}
