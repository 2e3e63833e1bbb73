/// An unsigned transaction in one of the two formats the node sends: legacy with EIP-155
/// replay protection, or EIP-1559 (type 2) with a fee cap and a priority fee.
public struct Transaction: Sendable, Equatable {
    public enum Fees: Sendable, Equatable {
        case legacy(gasPrice: UInt64)
        case eip1559(maxPriorityFeePerGas: UInt64, maxFeePerGas: UInt64)
    }

    public var chainID: UInt64
    public var nonce: UInt64
    public var fees: Fees
    public var gasLimit: UInt64
    /// nil creates a contract.
    public var to: EthereumAddress?
    public var value: Word256
    public var data: [UInt8]

    public init(chainID: UInt64, nonce: UInt64, fees: Fees, gasLimit: UInt64, to: EthereumAddress?, value: Word256 = .zero, data: [UInt8]) {
        self.chainID = chainID
        self.nonce = nonce
        self.fees = fees
        self.gasLimit = gasLimit
        self.to = to
        self.value = value
        self.data = data
    }

    private var toItem: RLP { .bytes(to?.bytes ?? []) }

    /// What the sender signs: keccak of the EIP-155 list (legacy) or of 0x02 ‖ rlp(fields) (EIP-1559).
    public var signingHash: [UInt8] {
        switch fees {
        case .legacy(let gasPrice):
            return Keccak.hash(
                RLP.list([
                    .uint(nonce), .uint(gasPrice), .uint(gasLimit), toItem, .uint(bigEndian: value.bytes), .bytes(data),
                    .uint(chainID), .uint(0), .uint(0),
                ]).encoded)
        case .eip1559:
            return Keccak.hash([0x02] + RLP.list(eip1559Fields).encoded)
        }
    }

    private var eip1559Fields: [RLP] {
        guard case .eip1559(let tip, let cap) = fees else { return [] }
        return [
            .uint(chainID), .uint(nonce), .uint(tip), .uint(cap), .uint(gasLimit), toItem, .uint(bigEndian: value.bytes), .bytes(data),
            .list([]),  // access list: none
        ]
    }

    /// Signs and returns the raw transaction for `eth_sendRawTransaction` and its hash.
    public func signed(with key: SigningKey) -> SignedTransaction {
        let signature = key.sign(hash: signingHash)
        let raw: [UInt8]
        switch fees {
        case .legacy(let gasPrice):
            // EIP-155: v = recovery id + chain id · 2 + 35.
            let v = UInt64(signature.recoveryID) + chainID * 2 + 35
            raw = RLP.list([
                .uint(nonce), .uint(gasPrice), .uint(gasLimit), toItem, .uint(bigEndian: value.bytes), .bytes(data), .uint(v),
                .uint(bigEndian: signature.r), .uint(bigEndian: signature.s),
            ]).encoded
        case .eip1559:
            raw = [0x02] + RLP.list(eip1559Fields + [.uint(UInt64(signature.recoveryID)), .uint(bigEndian: signature.r), .uint(bigEndian: signature.s)]).encoded
        }
        return SignedTransaction(transaction: self, raw: raw, hash: Keccak.hash(raw), from: key.address)
    }
}

/// A signed transaction ready to broadcast.
public struct SignedTransaction: Sendable, Equatable {
    public var transaction: Transaction
    public var raw: [UInt8]
    /// keccak(raw): the transaction hash the chain reports.
    public var hash: [UInt8]
    public var from: EthereumAddress

    public var hashHex: String { Hex.prefixed(hash) }
}
