import Foundation

/// Sends contract calls from one key: estimates gas, picks EIP-1559 or legacy fees, takes a
/// nonce from a shared `NonceManager`, signs, broadcasts, resubmits with higher fees when the
/// transaction sits unmined, and waits for the receipt plus confirmations (rechecking that the
/// receipt is still in the canonical chain, so a reorg sends it back to waiting).
///
/// Threading: safe to call `send` concurrently; nonces are serialised by the nonce manager.
public final class TransactionSender: Sendable {
    public struct Policy: Sendable {
        /// Blocks that must include or follow the receipt's block (1: the block itself).
        public var confirmations: UInt64 = 1
        public var pollInterval: Duration = .milliseconds(500)
        /// Resubmit with higher fees when no receipt came within this time.
        public var bumpAfter: Duration = .seconds(60)
        public var maxBumps = 5
        /// Each bump raises every fee by this percentage (geth needs at least 10% for a replacement).
        public var bumpPercent: UInt64 = 20
        /// Gas limit = estimate + this percentage.
        public var gasMarginPercent: UInt64 = 20
        /// Give up waiting for a receipt after this long.
        public var receiptTimeout: Duration = .seconds(600)
        /// nil: EIP-1559 when the latest block has a base fee, legacy otherwise.
        public var eip1559: Bool? = nil

        public init() {}
    }

    /// A transaction mined with success and confirmed.
    public struct Delivered: Sendable, Equatable {
        public var hash: String
        public var receipt: EthereumClient.Receipt
        /// Fee bumps (replacements) that were needed.
        public var bumps: Int
    }

    /// A mined transaction whose execution failed.
    public struct TransactionReverted: Error, CustomStringConvertible, Equatable {
        public let hash: String
        public let reason: String?
        public var description: String { "transaction \(hash) reverted" + (reason.map { ": \($0)" } ?? "") }
    }

    public struct ReceiptTimeout: Error, CustomStringConvertible {
        public let hashes: [String]
        public let waited: Duration
        public var description: String { "no receipt after \(waited) for transaction(s) \(hashes.joined(separator: ", "))" }
    }

    public let client: EthereumClient
    public let key: SigningKey
    public let policy: Policy
    public let nonces: NonceManager
    private let chainIDCache = ChainIDCache()

    public init(client: EthereumClient, key: SigningKey, policy: Policy = Policy(), nonces: NonceManager? = nil) {
        self.client = client
        self.key = key
        self.policy = policy
        let address = key.address
        self.nonces = nonces ?? NonceManager { try await client.pendingNonce(of: address) }
    }

    /// Calls `to` with `data`; returns once mined and confirmed. Throws
    /// `EthereumClient.Reverted` when the gas estimate reverts (nothing is sent) and
    /// `TransactionReverted` when the mined transaction failed.
    public func send(to: EthereumAddress, data: [UInt8]) async throws -> Delivered {
        let estimate = try await client.estimateGas(EthereumClient.Call(from: key.address, to: to, data: data))
        let gasLimit = estimate.saturatingAdd(estimate.saturatingMultiply(policy.gasMarginPercent) / 100)
        let chainID = try await chainIDCache.value { try await self.client.chainID() }
        // EIP-2294's bound keeps EIP-155's v = chainID · 2 + 36 within 64 bits.
        guard chainID <= UInt64.max / 2 - 36 else { throw JSONRPCClient.MalformedResponse(method: "eth_chainId", reason: "chain ID \(chainID) is out of range") }
        var fees = try await initialFees()
        var nonceRetries = 0
        while true {
            let nonce = try await nonces.reserve()
            let signed = Transaction(chainID: chainID, nonce: nonce, fees: fees, gasLimit: gasLimit, to: to, data: data).signed(with: key)
            do {
                _ = try await client.sendRawTransaction(signed.raw)
            } catch let error as JSONRPCError where Self.isStaleNonce(error) && nonceRetries < 3 {
                // Someone else (another node with the same key, or a restart) used this nonce.
                await nonces.resynchronize()
                nonceRetries += 1
                fees = try await initialFees()
                continue
            } catch {
                await nonces.resynchronize()
                throw error
            }
            return try await waitForConfirmation(signed, gasLimit: gasLimit)
        }
    }

    private func waitForConfirmation(_ first: SignedTransaction, gasLimit: UInt64) async throws -> Delivered {
        let clock = ContinuousClock()
        let start = clock.now
        var sent = [first]
        var lastSend = start
        while true {
            if let receipt = try await firstReceipt(of: sent) {
                if !receipt.succeeded {
                    throw TransactionReverted(hash: receipt.transactionHash, reason: await revertReason(of: first.transaction, at: receipt.blockNumber))
                }
                if try await isConfirmed(receipt) {
                    return Delivered(hash: receipt.transactionHash, receipt: receipt, bumps: sent.count - 1)
                }
            } else if clock.now - lastSend >= policy.bumpAfter, sent.count <= policy.maxBumps {
                let replacement = try await bumped(sent.last!.transaction).signed(with: key)
                do {
                    _ = try await client.sendRawTransaction(replacement.raw)
                    sent.append(replacement)
                } catch let error as JSONRPCError where Self.isStaleNonce(error) {
                    // An earlier version was mined meanwhile; its receipt shows up next round.
                }
                lastSend = clock.now
            }
            if clock.now - start >= policy.receiptTimeout {
                throw ReceiptTimeout(hashes: sent.map(\.hashHex), waited: policy.receiptTimeout)
            }
            try await Task.sleep(for: policy.pollInterval)
        }
    }

    private func firstReceipt(of sent: [SignedTransaction]) async throws -> EthereumClient.Receipt? {
        for transaction in sent.reversed() {
            if let receipt = try await client.receipt(transaction.hashHex) { return receipt }
        }
        return nil
    }

    /// Enough blocks on top, and the receipt's block still canonical (else a reorg dropped it and
    /// we keep waiting for it to be mined again).
    private func isConfirmed(_ receipt: EthereumClient.Receipt) async throws -> Bool {
        let head = try await client.blockNumber()
        guard head.saturatingAdd(1) >= receipt.blockNumber.saturatingAdd(policy.confirmations) else { return false }
        return try await client.blockHash(at: receipt.blockNumber) == receipt.blockHash
    }

    /// Replays the failed call at its block to get the revert data the receipt lacks.
    private func revertReason(of transaction: Transaction, at block: UInt64) async -> String? {
        let call = EthereumClient.Call(from: key.address, to: transaction.to, data: transaction.data, gas: transaction.gasLimit)
        do {
            _ = try await client.call(call, block: Hex.quantity(block))
            return nil
        } catch let reverted as EthereumClient.Reverted {
            return reverted.reason ?? reverted.nodeMessage
        } catch {
            return nil
        }
    }

    private func initialFees() async throws -> Transaction.Fees {
        let baseFee = policy.eip1559 == false ? nil : try await client.latestBaseFee()
        guard let baseFee else { return .legacy(gasPrice: try await client.gasPrice()) }
        let tip: UInt64
        if let suggested = try? await client.maxPriorityFeePerGas() {
            tip = suggested
        } else {
            let price = try await client.gasPrice()
            tip = max(price > baseFee ? price - baseFee : 0, 1)
        }
        // Twice the base fee rides out six full blocks of base-fee increases.
        return .eip1559(maxPriorityFeePerGas: tip, maxFeePerGas: baseFee.saturatingMultiply(2).saturatingAdd(tip))
    }

    /// The same transaction with every fee raised by `bumpPercent` (rounded up), and a fee cap
    /// no lower than what the current base fee needs.
    func bumped(_ transaction: Transaction) async throws -> Transaction {
        func raise(_ fee: UInt64) -> UInt64 { fee.saturatingAdd(fee.saturatingMultiply(policy.bumpPercent).saturatingAdd(99) / 100) }
        var copy = transaction
        switch transaction.fees {
        case .legacy(let price):
            copy.fees = .legacy(gasPrice: max(raise(price), try await client.gasPrice()))
        case .eip1559(let tip, let cap):
            let newTip = raise(tip)
            let baseFee = try await client.latestBaseFee() ?? 0
            copy.fees = .eip1559(maxPriorityFeePerGas: newTip, maxFeePerGas: max(raise(cap), baseFee.saturatingMultiply(2).saturatingAdd(newTip)))
        }
        return copy
    }

    static func isStaleNonce(_ error: JSONRPCError) -> Bool {
        let message = error.message.lowercased()
        return message.contains("nonce too low") || message.contains("already known") || message.contains("known transaction")
    }
}

/// The chain ID, read once.
actor ChainIDCache {
    private var cached: UInt64?
    func value(_ load: @Sendable () async throws -> UInt64) async throws -> UInt64 {
        if let cached { return cached }
        let loaded = try await load()
        cached = loaded
        return loaded
    }
}

extension UInt64 {
    /// Fee arithmetic on values a node reports: clamps instead of trapping on a hostile answer.
    func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    func saturatingMultiply(_ other: UInt64) -> UInt64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
