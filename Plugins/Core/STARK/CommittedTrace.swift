import Dispatch
import SproutCoreField
import SproutCoreMerkle
import SproutCoreNTT
import Synchronization

/// A set of base-field columns of one height `n`, committed as their low-degree extension.
///
/// Maths: column `c` is a polynomial `pᶜ(X) = Σⱼ aⱼᶜ Xʲ` of degree `< n`; the tree's row `i` is
/// `(p⁰(x), p¹(x), …)` at `x = g·ω_N^{rev(i)}`, `N = n·blowup`, `g` = ``STARKProver/cosetShift``
/// (bit-reversed order, as FRI expects). The coefficients are kept for the openings at `z`.
/// Threading: immutable.
struct CommittedTrace: Sendable {
    let logHeight: Int
    let logBlowup: Int
    /// `coefficients[c][j] = aⱼᶜ`.
    let coefficients: [[BabyBear]]
    let tree: MerkleTree

    var width: Int { coefficients.count }

    /// Commits columns given by their evaluations on `H` (natural order).
    init(evaluations columns: [[BabyBear]], logBlowup: Int) {
        let coefficients = parallelColumns(columns.count) { NTT.interpolate(columns[$0]) }
        self.init(coefficients: coefficients, logBlowup: logBlowup)
    }

    /// Commits columns given by their coefficients (all of one power-of-two length).
    init(coefficients: [[BabyBear]], logBlowup: Int) {
        let n = coefficients[0].count
        let logHeight = n.trailingZeroBitCount
        let width = coefficients.count
        let values = CommittedTrace.lowDegreeExtension(of: coefficients, logSize: logHeight + logBlowup)
        self.logHeight = logHeight
        self.logBlowup = logBlowup
        self.coefficients = coefficients
        self.tree = MerkleTree(matrix: RowMajorMatrix(width: width, values: values))
    }

    /// The row-major, bit-reversed evaluations of the columns on `g·H` with `|H| = 2^logSize`.
    static func lowDegreeExtension(of coefficients: [[BabyBear]], logSize: Int) -> [BabyBear] {
        let shift = STARKProver.cosetShift
        let extensions = parallelColumns(coefficients.count) {
            NTT.evaluateOnCoset(coefficients: coefficients[$0], logSize: logSize, shift: shift, bitReversedOutput: true)
        }
        let width = coefficients.count
        var values = [BabyBear](repeating: .zero, count: (1 << logSize) * width)
        for (c, column) in extensions.enumerated() {
            var index = c
            for v in column {
                values[index] = v
                index += width
            }
        }
        return values
    }

    /// `(pᶜ(z))_c` given `powers[j] = zʲ` for `j < n`. Complexity: `n·width` mixed products.
    func evaluate(powers: [BabyBearExt4]) -> [BabyBearExt4] {
        parallelColumns(width) { c in
            var accumulator = BabyBearExt4.zero
            let column = coefficients[c]
            for j in 0..<column.count { accumulator = accumulator + powers[j] * column[j] }
            return accumulator
        }
    }
}

/// `(0..<count).map(body)` with the items spread over the cores.
func parallelColumns<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count <= 1 { return (0..<count).map(body) }
    let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let value = body(index)
        slots.withLock { $0[index] = value }
    }
    return slots.withLock { $0.map { $0! } }
}

/// `(0..<count).map(body)` computed in contiguous chunks on all cores (for per-row work).
func parallelRows<T: Sendable>(_ count: Int, _ body: @Sendable (Range<Int>) -> [T]) -> [T] {
    let chunks = count < 1024 ? 1 : 16
    if chunks == 1 { return body(0..<count) }
    let size = (count + chunks - 1) / chunks
    let parts = parallelColumns(chunks) { k in body(min(count, k * size)..<min(count, (k + 1) * size)) }
    var result: [T] = []
    result.reserveCapacity(count)
    for part in parts { result.append(contentsOf: part) }
    return result
}

/// `[1, x, x², …, x^{count−1}]`.
func powers<F: FieldElement>(of x: F, count: Int) -> [F] {
    var result = [F](repeating: .one, count: count)
    for j in stride(from: 1, to: count, by: 1) { result[j] = result[j - 1] * x }
    return result
}
