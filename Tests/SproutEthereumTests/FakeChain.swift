import Foundation
import Synchronization

@testable import SproutEthereum

/// A scripted chain behind the JSON-RPC transport: it decodes and verifies every raw
/// transaction it is sent (EIP-1559 fields, signature recovering to `sender`, nonce order,
/// 10% replacement rule) and mines only those whose tip reaches `minimumTip`.
final class FakeChain: JSONRPCTransport, Sendable {
    struct Mined: Sendable {
        var hash: String
        var nonce: UInt64
        var tip: UInt64
        var data: [UInt8]
        var block: UInt64
    }

    struct State: Sendable {
        var head: UInt64 = 100
        var blockSalt: UInt64 = 0
        var nonce: UInt64 = 0
        var pending: [UInt64: (hash: String, tip: UInt64, data: [UInt8])] = [:]
        var mined: [String: Mined] = [:]
        var minimumTip: UInt64 = 0
        var estimateRevert: [UInt8]?
        var executionRevert: [UInt8]?
        var nonceReads = 0
        /// Serve one receipt with a stale block hash, as a node does right after a reorg.
        var staleReceipts = 0
        var calls: [String] = []
    }

    let sender: EthereumAddress
    let state: Mutex<State>

    init(sender: EthereumAddress, configure: (inout State) -> Void = { _ in }) {
        self.sender = sender
        var initial = State()
        configure(&initial)
        state = Mutex(initial)
    }

    func send(_ body: Data) async throws -> Data {
        let request = try JSONValue(parsing: body)
        let method = request["method"]?.string ?? ""
        let params = request["params"]?.array ?? []
        let answer: JSONValue = state.withLock { state in
            state.calls.append(method)
            do {
                return .object(["jsonrpc": .string("2.0"), "id": request["id"] ?? .null, "result": try handle(method, params, &state)])
            } catch let error as JSONRPCError {
                var object: [String: JSONValue] = ["code": .number(String(error.code)), "message": .string(error.message)]
                if let data = error.data { object["data"] = data }
                return .object(["jsonrpc": .string("2.0"), "id": request["id"] ?? .null, "error": .object(object)])
            } catch {
                return .object(["jsonrpc": .string("2.0"), "id": request["id"] ?? .null, "error": .object(["code": .number("-32603"), "message": .string("\(error)")])])
            }
        }
        return try answer.serialized()
    }

    private func blockHash(_ number: UInt64, _ state: State) -> String { Hex.prefixed(Keccak.hash("block \(number) \(state.blockSalt)")) }

    private func handle(_ method: String, _ params: [JSONValue], _ state: inout State) throws -> JSONValue {
        switch method {
        case "eth_chainId": return .string("0x539")
        case "eth_blockNumber":
            state.head += 1  // a block per poll, so confirmations accrue
            mine(&state)
            return .string(Hex.quantity(state.head))
        case "eth_gasPrice": return .string(Hex.quantity(11_000_000_000))
        case "eth_maxPriorityFeePerGas": return .string(Hex.quantity(1_000_000_000))
        case "eth_getBlockByNumber":
            let tag = params.first?.string ?? "latest"
            let number = tag == "latest" ? state.head : try Hex.decodeQuantity(tag)
            return .object(["number": .string(Hex.quantity(number)), "hash": .string(blockHash(number, state)), "baseFeePerGas": .string(Hex.quantity(10_000_000_000))])
        case "eth_getTransactionCount":
            state.nonceReads += 1
            return .string(Hex.quantity(state.nonce + UInt64(state.pending.count)))
        case "eth_estimateGas":
            if let revert = state.estimateRevert { throw JSONRPCError(method: method, code: 3, message: "execution reverted", data: .string(Hex.prefixed(revert))) }
            return .string("0x5208")
        case "eth_call":
            if let revert = state.executionRevert { throw JSONRPCError(method: method, code: 3, message: "execution reverted", data: .string(Hex.prefixed(revert))) }
            return .string("0x")
        case "eth_sendRawTransaction":
            return .string(try accept(try Hex.decode(params.first?.string ?? ""), &state))
        case "eth_getTransactionReceipt":
            mine(&state)
            guard let hash = params.first?.string, let mined = state.mined[hash] else { return .null }
            var blockHash = self.blockHash(mined.block, state)
            if state.staleReceipts > 0 {
                state.staleReceipts -= 1
                blockHash = Hex.prefixed(Keccak.hash("orphaned"))
            }
            return .object([
                "transactionHash": .string(hash), "blockNumber": .string(Hex.quantity(mined.block)), "blockHash": .string(blockHash),
                "status": .string(state.executionRevert == nil ? "0x1" : "0x0"), "gasUsed": .string("0x5208"),
            ])
        default:
            throw JSONRPCError(method: method, code: -32601, message: "no method \(method)", data: nil)
        }
    }

    /// Verifies a type-2 transaction as a node would, then pools it.
    private func accept(_ raw: [UInt8], _ state: inout State) throws -> String {
        guard raw.first == 0x02, case .list(let fields) = try RLP.decode(Array(raw.dropFirst())), fields.count == 12 else {
            throw JSONRPCError(method: "eth_sendRawTransaction", code: -32000, message: "not an EIP-1559 transaction", data: nil)
        }
        func uint(_ item: RLP) -> UInt64 {
            guard case .bytes(let bytes) = item else { return .max }
            return bytes.reduce(0) { $0 << 8 | UInt64($1) }
        }
        func bytes(_ item: RLP) -> [UInt8] {
            guard case .bytes(let bytes) = item else { return [] }
            return bytes
        }
        let signingHash = Keccak.hash([0x02] + RLP.list(Array(fields[0..<9])).encoded)
        let signature = SigningKey.Signature(
            r: [UInt8](repeating: 0, count: 32 - bytes(fields[10]).count) + bytes(fields[10]),
            s: [UInt8](repeating: 0, count: 32 - bytes(fields[11]).count) + bytes(fields[11]), recoveryID: UInt8(uint(fields[9])))
        guard uint(fields[0]) == 1337, SigningKey.recoverAddress(hash: signingHash, signature: signature) == sender else {
            throw JSONRPCError(method: "eth_sendRawTransaction", code: -32000, message: "invalid sender", data: nil)
        }
        let nonce = uint(fields[1])
        let tip = uint(fields[2])
        let hash = Hex.prefixed(Keccak.hash(raw))
        guard nonce >= state.nonce else { throw JSONRPCError(method: "eth_sendRawTransaction", code: -32000, message: "nonce too low", data: nil) }
        if let existing = state.pending[nonce] {
            guard tip * 10 >= existing.tip * 11 else {
                throw JSONRPCError(method: "eth_sendRawTransaction", code: -32000, message: "replacement transaction underpriced", data: nil)
            }
        }
        state.pending[nonce] = (hash, tip, bytes(fields[7]))
        return hash
    }

    /// Mines pooled transactions in nonce order while their tip is high enough.
    private func mine(_ state: inout State) {
        while let next = state.pending[state.nonce], next.tip >= state.minimumTip {
            state.head += 1
            state.mined[next.hash] = Mined(hash: next.hash, nonce: state.nonce, tip: next.tip, data: next.data, block: state.head)
            state.pending[state.nonce] = nil
            state.nonce += 1
        }
    }
}
