import Foundation

/// Typed `eth_*` calls over a JSON-RPC client.
public struct EthereumClient: Sendable {
    public let rpc: JSONRPCClient

    public init(rpc: JSONRPCClient) { self.rpc = rpc }
    public init(endpoint: URL) { self.rpc = JSONRPCClient(endpoint: endpoint) }

    /// A mined transaction's receipt.
    public struct Receipt: Sendable, Equatable {
        public var transactionHash: String
        public var blockNumber: UInt64
        public var blockHash: String
        /// false: the transaction reverted.
        public var succeeded: Bool
        public var gasUsed: UInt64
    }

    /// One event log.
    public struct Log: Sendable, Equatable {
        public var address: EthereumAddress
        public var topics: [[UInt8]]
        public var data: [UInt8]
        public var blockNumber: UInt64
        public var blockHash: String
        public var logIndex: UInt64
        public var removed: Bool
    }

    /// A call's fields, as `eth_call` / `eth_estimateGas` take them.
    public struct Call: Sendable {
        public var from: EthereumAddress?
        public var to: EthereumAddress?
        public var data: [UInt8]
        public var gas: UInt64?

        public init(from: EthereumAddress? = nil, to: EthereumAddress?, data: [UInt8], gas: UInt64? = nil) {
            self.from = from
            self.to = to
            self.data = data
            self.gas = gas
        }

        var json: JSONValue {
            var object: [String: JSONValue] = ["data": .string(Hex.prefixed(data))]
            if let from { object["from"] = .string(from.lowercased) }
            if let to { object["to"] = .string(to.lowercased) }
            if let gas { object["gas"] = .string(Hex.quantity(gas)) }
            return .object(object)
        }
    }

    /// A call or gas estimate that reverted, with the revert data when the node returned it.
    public struct Reverted: Error, CustomStringConvertible, Equatable {
        public let data: [UInt8]?
        public let nodeMessage: String
        public var reason: String? { data.flatMap(RevertReason.describe) }
        public var description: String {
            if let reason { return "execution reverted: \(reason)" }
            return nodeMessage.isEmpty ? "execution reverted" : nodeMessage
        }
    }

    public func chainID() async throws -> UInt64 { try await quantity("eth_chainId", []) }
    public func blockNumber() async throws -> UInt64 { try await quantity("eth_blockNumber", []) }
    public func gasPrice() async throws -> UInt64 { try await quantity("eth_gasPrice", []) }
    public func maxPriorityFeePerGas() async throws -> UInt64 { try await quantity("eth_maxPriorityFeePerGas", []) }

    /// Transactions sent from `address` including pending ones: the next nonce.
    public func pendingNonce(of address: EthereumAddress) async throws -> UInt64 {
        try await quantity("eth_getTransactionCount", [.string(address.lowercased), .string("pending")])
    }

    /// The latest block's base fee, or nil on a chain without EIP-1559.
    public func latestBaseFee() async throws -> UInt64? {
        let block = try await rpc.call("eth_getBlockByNumber", [.string("latest"), .bool(false)])
        return try block["baseFeePerGas"]?.string.map { text throws in try Hex.decodeQuantity(text) }
    }

    /// The hash of the canonical block at `number`, or nil when there is none yet.
    public func blockHash(at number: UInt64) async throws -> String? {
        let block = try await rpc.call("eth_getBlockByNumber", [.string(Hex.quantity(number)), .bool(false)])
        return block["hash"]?.string
    }

    public func estimateGas(_ call: Call) async throws -> UInt64 {
        do {
            return try await quantity("eth_estimateGas", [call.json])
        } catch let error as JSONRPCError where Self.isRevert(error) {
            throw Reverted(data: error.revertData, nodeMessage: error.message)
        }
    }

    /// `eth_call` at `block` ("latest" or a number); a revert throws `Reverted`.
    public func call(_ call: Call, block: String = "latest") async throws -> [UInt8] {
        do {
            let result = try await rpc.call("eth_call", [call.json, .string(block)])
            return try Hex.decode(result.string ?? "")
        } catch let error as JSONRPCError where Self.isRevert(error) {
            throw Reverted(data: error.revertData, nodeMessage: error.message)
        }
    }

    /// Broadcasts a signed transaction; returns the hash the node reports.
    public func sendRawTransaction(_ raw: [UInt8]) async throws -> String {
        let result = try await rpc.call("eth_sendRawTransaction", [.string(Hex.prefixed(raw))])
        guard let hash = result.string else { throw JSONRPCClient.MalformedResponse(method: "eth_sendRawTransaction", reason: "no hash") }
        return hash
    }

    /// The receipt, or nil while the transaction is not mined.
    public func receipt(_ hash: String) async throws -> Receipt? {
        let result = try await rpc.call("eth_getTransactionReceipt", [.string(hash)])
        guard result != .null else { return nil }
        let method = "eth_getTransactionReceipt"
        guard let number = result["blockNumber"]?.string, let blockHash = result["blockHash"]?.string else { return nil }
        return Receipt(
            transactionHash: result["transactionHash"]?.string ?? hash,
            blockNumber: try Hex.decodeQuantity(number),
            blockHash: blockHash,
            // Pre-Byzantium receipts have no status; every chain we target has it.
            succeeded: try Hex.decodeQuantity(result["status"]?.string ?? "0x1") == 1,
            gasUsed: try Hex.decodeQuantity(result["gasUsed"]?.string ?? { throw JSONRPCClient.MalformedResponse(method: method, reason: "no gasUsed") }()))
    }

    /// `eth_getLogs` over an inclusive block range for one contract and topic0.
    public func logs(address: EthereumAddress, topic: [UInt8], from: UInt64, to: UInt64) async throws -> [Log] {
        let filter = JSONValue.object([
            "address": .string(address.lowercased), "fromBlock": .string(Hex.quantity(from)), "toBlock": .string(Hex.quantity(to)),
            "topics": .array([.string(Hex.prefixed(topic))]),
        ])
        let result = try await rpc.call("eth_getLogs", [filter])
        return try (result.array ?? []).map { item throws in
            guard let addressText = item["address"]?.string, let number = item["blockNumber"]?.string, let blockHash = item["blockHash"]?.string
            else { throw JSONRPCClient.MalformedResponse(method: "eth_getLogs", reason: "a log without address or block") }
            return Log(
                address: try EthereumAddress(addressText.lowercased()),
                topics: try (item["topics"]?.array ?? []).map { topic throws in try Hex.decode(topic.string ?? "") },
                data: try Hex.decode(item["data"]?.string ?? "0x"),
                blockNumber: try Hex.decodeQuantity(number),
                blockHash: blockHash,
                logIndex: try Hex.decodeQuantity(item["logIndex"]?.string ?? "0x0"),
                removed: { if case .bool(true) = item["removed"] { true } else { false } }())
        }
    }

    private func quantity(_ method: String, _ params: [JSONValue]) async throws -> UInt64 {
        let result = try await rpc.call(method, params)
        guard let text = result.string else { throw JSONRPCClient.MalformedResponse(method: method, reason: "result is not a quantity") }
        return try Hex.decodeQuantity(text)
    }

    /// geth answers a reverted call with code 3 and the data; others use -32000/-32015 and
    /// a message starting "execution reverted".
    static func isRevert(_ error: JSONRPCError) -> Bool {
        error.code == 3 || error.message.lowercased().contains("revert")
    }
}
