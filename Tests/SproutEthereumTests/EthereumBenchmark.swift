import Foundation
import Testing

@testable import SproutEthereum

/// Gated benchmark: runs only with `SPROUT_BENCH=1` and prints one JSON line
/// (`SPROUT_BENCH_JSON {...}`): signing, recovery, whole-transaction signing and ABI encoding
/// rates on one thread of the machine running the tests.
@Suite struct EthereumBenchmark {
    static var enabled: Bool { ProcessInfo.processInfo.environment["SPROUT_BENCH"] == "1" }

    static func perSecond(_ count: Int, _ body: (Int) -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for index in 0..<count { body(index) }
        return Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    @Test(.enabled(if: enabled)) func benchmark() throws {
        let key = try SigningKey(hex: "0x" + String(repeating: "46", count: 32))
        let to = try EthereumAddress("0x3535353535353535353535353535353535353535")
        let plan = try ContractCallPlan(
            abiJSON: #"[{"type":"function","name":"submit","inputs":[{"name":"_proof","type":"bytes"},{"name":"_projectId","type":"uint256"},{"name":"note","type":"string"}]}]"#,
            method: "submit", receiverAddress: nil)
        let proof = [UInt8](repeating: 7, count: 1024)
        let message = Array(#"{"note":"benchmark"}"#.utf8)
        let hash = Keccak.hash("benchmark")
        let signature = key.sign(hash: hash)
        var sink = 0
        let report: [(String, Double)] = [
            ("ecdsa_sign_per_s", Self.perSecond(20_000) { _ in sink &+= Int(key.sign(hash: hash).r[0]) }),
            ("ecdsa_recover_per_s", Self.perSecond(20_000) { _ in sink &+= SigningKey.recoverAddress(hash: hash, signature: signature) == nil ? 0 : 1 }),
            ("call_data_1kib_proof_per_s", Self.perSecond(20_000) { _ in sink &+= (try? plan.callData(projectID: 10000, result: proof, messages: [message]))?.count ?? 0 }),
            ("eip1559_tx_1kib_signed_per_s", Self.perSecond(10_000) { nonce in
                let tx = Transaction(chainID: 1, nonce: UInt64(nonce), fees: .eip1559(maxPriorityFeePerGas: 1_000_000_000, maxFeePerGas: 30_000_000_000), gasLimit: 200_000, to: to, data: proof)
                sink &+= Int(tx.signed(with: key).hash[0])
            }),
        ]
        #expect(sink != 0)
        print("SPROUT_BENCH_JSON {" + report.map { "\"\($0.0)\":\(Int($0.1))" }.joined(separator: ",") + "}")
    }
}
