import Testing

@testable import SproutEthereum

@Suite struct TransactionSenderTests {
    let key = try! SigningKey(hex: "0x" + String(repeating: "46", count: 32))
    let contract = try! EthereumAddress("0x3535353535353535353535353535353535353535")

    func sender(_ chain: FakeChain, _ adjust: (inout TransactionSender.Policy) -> Void = { _ in }) -> TransactionSender {
        var policy = TransactionSender.Policy()
        policy.pollInterval = .milliseconds(1)
        policy.bumpAfter = .milliseconds(20)
        adjust(&policy)
        return TransactionSender(client: EthereumClient(rpc: JSONRPCClient(transport: chain)), key: key, policy: policy)
    }

    @Test func sendsAndWaitsForConfirmations() async throws {
        let chain = FakeChain(sender: key.address)
        let delivered = try await sender(chain) { $0.confirmations = 3 }.send(to: contract, data: [0xab, 0xcd])
        let state = chain.state.withLock { $0 }
        let mined = try #require(state.mined[delivered.hash])
        #expect(mined.data == [0xab, 0xcd] && mined.nonce == 0 && delivered.bumps == 0)
        #expect(state.head + 1 >= mined.block + 3)
    }

    @Test func bumpsTheFeesOfAStuckTransaction() async throws {
        // The initial tip is 1 gwei; only a tip ≥ 1.4 gwei gets mined: two 20% bumps.
        let chain = FakeChain(sender: key.address) { $0.minimumTip = 1_400_000_000 }
        let delivered = try await sender(chain).send(to: contract, data: [1])
        #expect(delivered.bumps == 2)
        let mined = try #require(chain.state.withLock { $0.mined[delivered.hash] })
        #expect(mined.tip == 1_440_000_000 && mined.nonce == 0)
    }

    @Test func givesUpWhenNoBumpGetsMined() async throws {
        let chain = FakeChain(sender: key.address) { $0.minimumTip = .max }
        await #expect(throws: TransactionSender.ReceiptTimeout.self) {
            try await sender(chain) {
                $0.maxBumps = 2
                $0.receiptTimeout = .milliseconds(200)
            }.send(to: contract, data: [1])
        }
        #expect(chain.state.withLock { $0.calls.filter { $0 == "eth_sendRawTransaction" }.count } == 3)
    }

    @Test func aRevertingEstimateSendsNothingAndDecodesTheReason() async throws {
        let reason = RevertReason.errorSelector + (try ABICodec.encode([.string], [.string("proof rejected")]))
        let chain = FakeChain(sender: key.address) { $0.estimateRevert = reason }
        await #expect {
            try await sender(chain).send(to: contract, data: [1])
        } throws: { error in
            "\(error)" == "execution reverted: proof rejected"
        }
        #expect(!chain.state.withLock { $0.calls.contains("eth_sendRawTransaction") })
    }

    @Test func aMinedRevertIsReplayedForItsReason() async throws {
        let chain = FakeChain(sender: key.address) { $0.executionRevert = RevertReason.panicSelector + Word256(0x12).bytes }
        await #expect {
            try await sender(chain).send(to: contract, data: [1])
        } throws: { error in
            (error as? TransactionSender.TransactionReverted)?.reason == "panic 0x12 (division or modulo by zero)"
        }
    }

    @Test func aReceiptFromAnOrphanedBlockIsNotTrusted() async throws {
        let chain = FakeChain(sender: key.address) { $0.staleReceipts = 2 }
        let delivered = try await sender(chain).send(to: contract, data: [1])
        #expect(chain.state.withLock { $0.staleReceipts } == 0)
        #expect(delivered.receipt.blockHash != Hex.prefixed(Keccak.hash("orphaned")))
    }

    @Test func concurrentSendsTakeConsecutiveNonces() async throws {
        let chain = FakeChain(sender: key.address)
        let shared = sender(chain)
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<16 { group.addTask { try await shared.send(to: contract, data: [UInt8(index)]).hash } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let state = chain.state.withLock { $0 }
        #expect(Set(hashes.compactMap { state.mined[$0]?.nonce }) == Set(0..<16))
        #expect(state.nonceReads == 1)
    }

    @Test func nonceManagerSharesOneChainReadAndResynchronizes() async throws {
        let reads = Counter()
        let manager = NonceManager { await reads.increment(); return 40 }
        let nonces = try await withThrowingTaskGroup(of: UInt64.self) { group in
            for _ in 0..<50 { group.addTask { try await manager.reserve() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(nonces.sorted() == Array(40..<90))
        #expect(await reads.value == 1)
        await manager.resynchronize()
        #expect(try await manager.reserve() == 40)
        #expect(await reads.value == 2)
    }
}

actor Counter {
    var value = 0
    func increment() { value += 1 }
}
