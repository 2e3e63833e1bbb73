/// The cycles of the equality constraints over the permutation columns, built with halo2's
/// union-by-size cycle merge: `mapping[c][r]` is the next cell `(column, row)` in the cycle of
/// cell `(c, r)`, so σ maps each cell to another cell holding the same value.
struct PermutationMapping {
    var mapping: [[(column: Int, row: Int)]]
    var cycle: [[(column: Int, row: Int)]]
    var sizes: [[Int]]

    init(columns: Int, n: Int) {
        mapping = (0..<columns).map { c in (0..<n).map { (c, $0) } }
        cycle = mapping
        sizes = Array(repeating: Array(repeating: 1, count: n), count: columns)
    }

    mutating func copy(_ a: (column: Int, row: Int), _ b: (column: Int, row: Int)) {
        var left = a, right = b
        var leftCycle = cycle[left.column][left.row], rightCycle = cycle[right.column][right.row]
        if leftCycle == rightCycle { return }
        if sizes[leftCycle.column][leftCycle.row] < sizes[rightCycle.column][rightCycle.row] {
            swap(&left, &right); swap(&leftCycle, &rightCycle)
        }
        sizes[leftCycle.column][leftCycle.row] += sizes[rightCycle.column][rightCycle.row]
        var element = right
        repeat {
            cycle[element.column][element.row] = leftCycle
            element = mapping[element.column][element.row]
        } while element != right
        let t = mapping[left.column][left.row]
        mapping[left.column][left.row] = mapping[right.column][right.row]
        mapping[right.column][right.row] = t
    }
}
