import Foundation
import SproutCoreBN254
public import SproutCoreKZG
import SproutCoreHash
import SproutPluginKit

/// A project's choice of native circuit, from its code: `{"circuit": NAME, "k": K, …}`.
///
/// - `simple`: private `a`, `b` from the first data `{"private_a":…, "private_b":…}` (as in
///   sprout's 10001), `"constant"` (default 4); public `[constant·a²·b²]`. Default k 4.
/// - `fibonacci`: `"steps"` (default 8); data `{"a":…, "b":…}`; public `[a, b, f_steps]`.
///   Default k: the smallest that fits.
/// - `range`: `"count"` (default 16) slots; data `{"values":[…]}`, at most `count` values
///   each below 16 (lookup into a 4-bit table); public `[Σ values]`. Default k: smallest fit.
/// - `is_zero`: data `{"value":…}`; public `[value == 0 ? 1 : 0]`. Default k 4.
/// - `poseidon`: data `{"a":…, "b":…}` (integers or 0x-hex field elements), the preimage;
///   public `[Poseidon(a, b)]` with circomlib's width-3 parameters. Default k 7.
///
/// `"params"` (optional): lowercase hex of the SRS, structure-checked on load: a PSE `ParamsKZG`
/// file with `k ≥` the circuit's `k`, or a snarkjs / Perpetual Powers of Tau `.ptau` file (told
/// apart by its `"ptau"` magic) with at least `2ᵏ` powers, of which the first `2ᵏ` are used. Without it the engine uses ``developmentParams(k:)``, an
/// **insecure** SRS whose τ is public: proofs then only show the prover followed the protocol.
public struct CircuitSpec: Sendable, Equatable {
    enum Name: String, Sendable, Decodable { case simple, fibonacci, range, isZero = "is_zero", poseidon }

    private struct JSON: Decodable {
        var circuit: Name
        var k: Int?
        var constant: UInt64?
        var steps: Int?
        var count: Int?
        var params: String?
    }

    var circuit: Name
    var k: Int
    var constant: UInt64
    var steps: Int
    var count: Int
    var paramsHex: String?

    static let maxK = 20

    init(json code: [UInt8]) throws(EngineError) {
        let json: JSON
        do { json = try JSONDecoder().decode(JSON.self, from: Data(code)) } catch {
            throw EngineError(
                .invalidProgram,
                "halo2 code must be a wasm-pack module or JSON like {\"circuit\":\"simple\",\"k\":4} (circuits: simple, fibonacci, range, is_zero, poseidon): \(error)")
        }
        circuit = json.circuit
        constant = json.constant ?? 4
        steps = json.steps ?? 8
        count = json.count ?? 16
        guard steps >= 1, steps <= 1 << 16 else { throw EngineError(.invalidProgram, "steps must be in 1...65536") }
        guard count >= 0, count <= 1 << 16 else { throw EngineError(.invalidProgram, "count must be in 0...65536") }
        let defaultK = switch circuit {
        case .simple, .isZero: 4
        case .poseidon: 7
        case .range: Self.fittingK(rows: 16 + count + 1, blinding: 5)
        case .fibonacci: Self.fittingK(rows: steps, blinding: 5)
        }
        k = json.k ?? defaultK
        guard k >= 1, k <= Self.maxK else { throw EngineError(.invalidProgram, "k = \(k) is outside 1...\(Self.maxK)") }
        paramsHex = json.params
    }

    /// How many public values each instance column of the circuit holds.
    var instanceCounts: [Int] {
        switch circuit {
        case .simple, .isZero, .range, .poseidon: [1]
        case .fibonacci: [3]
        }
    }

    /// The smallest `k ≥ 4` with `rows` usable rows besides `blinding + 1` rows.
    static func fittingK(rows: Int, blinding: Int) -> Int {
        var k = 4
        while (1 << k) < rows + blinding + 1 { k += 1 }
        return k
    }

    /// **INSECURE** development SRS: τ is derived from a public label, so anyone can forge
    /// proofs against it. Deterministic, so every node derives the same keys.
    public static func developmentParams(k: Int) -> KZGParams {
        let label = Array("sprout halo2 insecure development SRS".utf8)
        let tau = Fr(reducingLittleEndianBytes: Keccak256.hash(label))!
        return KZGParams.insecureDevelopmentSetup(k: k, tau: tau)
    }

    func params() throws(EngineError) -> KZGParams {
        guard let hex = paramsHex else { return Self.developmentParams(k: k) }
        guard let bytes = HexText.decode(hex) else { throw EngineError(.invalidProgram, "params is not hex") }
        let params: KZGParams
        do {
            params = KZGParams.isPowersOfTau(bytes)
                ? try KZGParams(powersOfTauBytes: bytes, k: k)
                : try KZGParams(halo2Bytes: bytes)
            try params.verifyStructure()
        } catch { throw EngineError(.invalidProgram, "params: \(error)") }
        guard params.k >= k else { throw EngineError(.invalidProgram, "params have k = \(params.k), the circuit needs \(k)") }
        return params
    }
}
