import Foundation
import Synchronization
import Testing

@testable import SproutEthereum

/// A chain that answers `eth_blockNumber` and `eth_getLogs` from a list of logs.
final class LogChain: JSONRPCTransport, Sendable {
    let head = Mutex<UInt64>(0)
    let logs: [JSONValue]
    let ranges = Mutex<[(UInt64, UInt64)]>([])

    init(logs: [JSONValue]) { self.logs = logs }

    func send(_ body: Data) async throws -> Data {
        let request = try JSONValue(parsing: body)
        let result: JSONValue
        switch request["method"]?.string {
        case "eth_blockNumber": result = .string(Hex.quantity(head.withLock { $0 }))
        case "eth_getLogs":
            let filter = request["params"]?.array?.first
            let from = try Hex.decodeQuantity(filter?["fromBlock"]?.string ?? "")
            let to = try Hex.decodeQuantity(filter?["toBlock"]?.string ?? "")
            ranges.withLock { $0.append((from, to)) }
            result = .array(logs.filter { log in
                let number = (try? Hex.decodeQuantity(log["blockNumber"]?.string ?? "")) ?? 0
                return (from...to).contains(number)
            })
        default: result = .null
        }
        return try JSONValue.object(["jsonrpc": .string("2.0"), "id": request["id"] ?? .null, "result": result]).serialized()
    }
}

@Suite struct ProjectRegistryWatcherTests {
    let registry = try! EthereumAddress("0x2946259e0334f33a064106302415ad3391bed384")

    /// A ProjectUpserted log as eth_getLogs returns it (layout of a real one from the test chain).
    func log(block: UInt64, projectID: UInt64, uri: String, hash: [UInt8], topic: [UInt8] = ProjectRegistryWatcher.event.topic) throws -> JSONValue {
        .object([
            "address": .string(registry.description), "blockNumber": .string(Hex.quantity(block)), "blockHash": .string(Hex.prefixed(Keccak.hash("b\(block)"))),
            "logIndex": .string("0x0"), "removed": .bool(false),
            "topics": .array([.string(Hex.prefixed(topic)), .string(Hex.prefixed(Word256(projectID).bytes))]),
            "data": .string(Hex.prefixed(try ABICodec.encode([.string, .fixedBytes(32)], [.string(uri), .bytes(hash)]))),
        ])
    }

    @Test func reportsEventsOnlyOnceTheyHaveEnoughConfirmations() async throws {
        let hash = [UInt8](repeating: 1, count: 32)
        let chain = LogChain(logs: [
            try log(block: 5, projectID: 7, uri: "http://x/7", hash: hash), try log(block: 9, projectID: 8, uri: "ipfs://cid", hash: hash),
        ])
        let watcher = ProjectRegistryWatcher(
            client: EthereumClient(rpc: JSONRPCClient(transport: chain)), contract: registry, startBlock: 3, confirmations: 3, batchSize: 100)
        chain.head.withLock { $0 = 9 }  // block 7 is the newest with 3 confirmations
        var batch = try await watcher.poll()
        #expect(batch.upserts.map(\.projectID) == [7] && batch.upserts[0].uri == "http://x/7" && batch.upserts[0].hash == hash && batch.caughtUp)
        #expect(try await watcher.poll().upserts.isEmpty)
        chain.head.withLock { $0 = 11 }
        batch = try await watcher.poll()
        #expect(batch.upserts.map(\.projectID) == [8] && batch.upserts[0].uri == "ipfs://cid")
        #expect(chain.ranges.withLock { $0.map { [$0.0, $0.1] } } == [[3, 7], [8, 9]])
    }

    @Test func readsLongRangesInBatchesAndSkipsMalformedEvents() async throws {
        var bad = try log(block: 4, projectID: 1, uri: "u", hash: [UInt8](repeating: 0, count: 32))
        if case .object(var object) = bad {
            object["data"] = .string("0x1234")
            bad = .object(object)
        }
        let chain = LogChain(logs: [bad, try log(block: 25, projectID: 2, uri: "v", hash: [UInt8](repeating: 2, count: 32))])
        chain.head.withLock { $0 = 30 }
        let watcher = ProjectRegistryWatcher(
            client: EthereumClient(rpc: JSONRPCClient(transport: chain)), contract: registry, startBlock: 0, confirmations: 1, batchSize: 10)
        var upserts: [ProjectRegistryWatcher.Upsert] = []
        var skipped = 0
        var polls = 0
        while true {
            let batch = try await watcher.poll()
            upserts += batch.upserts
            skipped += batch.skipped.count
            polls += 1
            if batch.caughtUp { break }
        }
        #expect(polls == 4 && skipped == 1 && upserts.map(\.projectID) == [2])
        #expect(await watcher.cursor == 31)
    }
}
