/// The cell queries of a circuit in the fixed order the prover sends evaluations and the
/// verifier reads them: per kind, columns by index, rotations ascending.
struct QueryPlan: Sendable {
    let advice: [(column: Int, rotation: Int)]
    let fixed: [(column: Int, rotation: Int)]
    let instance: [(column: Int, rotation: Int)]
    /// Position of each (column, rotation) within its kind's list.
    let index: [Column: [Int: Int]]
    /// Permutation columns split into chunks of ``ConstraintSystem/permutationChunkSize``.
    let permutationChunks: [[Int]]

    init(_ cs: ConstraintSystem) {
        let cells = cs.queriedCells
        var index: [Column: [Int: Int]] = [:]
        func list(_ kind: ColumnKind, _ count: Int) -> [(column: Int, rotation: Int)] {
            var out: [(column: Int, rotation: Int)] = []
            for c in 0..<count {
                let column = Column(kind: kind, index: c)
                for r in (cells[column] ?? []).sorted() {
                    index[column, default: [:]][r] = out.count
                    out.append((c, r))
                }
            }
            return out
        }
        advice = list(.advice, cs.numAdvice)
        fixed = list(.fixed, cs.numFixed)
        instance = list(.instance, cs.numInstance)
        self.index = index
        let chunk = cs.permutationChunkSize
        permutationChunks = stride(from: 0, to: cs.permutationColumns.count, by: chunk).map {
            Array($0..<min($0 + chunk, cs.permutationColumns.count))
        }
    }
}
