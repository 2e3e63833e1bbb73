/// Follows sprout's project registry contract: its
/// `ProjectUpserted(uint64 indexed projectId, string uri, bytes32 hash)` events
/// (topic0 0x889d6114…3c23, as in sprout v0.8's `project/contracts` binding), read with
/// `eth_getLogs` from a start block and only from blocks with `confirmations` blocks on top,
/// so a reorg shallower than that never shows an event that later vanishes.
///
/// Threading: an actor; `poll` calls are serialised and each event is returned once.
/// Reorgs deeper than `confirmations` are not detected.
public actor ProjectRegistryWatcher {
    /// One registration or update of a project's config location.
    public struct Upsert: Sendable, Equatable {
        public var projectID: UInt64
        public var uri: String
        /// SHA-256 of the config file (sprout's `ProjectMeta.Hash`).
        public var hash: [UInt8]
        public var blockNumber: UInt64
        public var logIndex: UInt64
    }

    public struct MalformedEvent: Error, CustomStringConvertible {
        public let blockNumber: UInt64
        public let reason: String
        public var description: String { "ProjectUpserted event in block \(blockNumber): \(reason)" }
    }

    public static let event = ContractABI.Event(
        name: "ProjectUpserted",
        inputs: [
            .init(name: "projectId", type: .uint(bits: 64), indexed: true), .init(name: "uri", type: .string, indexed: false),
            .init(name: "hash", type: .fixedBytes(32), indexed: false),
        ])

    public let client: EthereumClient
    public let contract: EthereumAddress
    public let confirmations: UInt64
    /// Blocks per `eth_getLogs` request (providers cap the range).
    public let batchSize: UInt64
    /// The next block to read.
    public private(set) var cursor: UInt64

    public init(client: EthereumClient, contract: EthereumAddress, startBlock: UInt64, confirmations: UInt64 = 12, batchSize: UInt64 = 2000) {
        self.client = client
        self.contract = contract
        self.cursor = startBlock
        self.confirmations = max(confirmations, 1)
        self.batchSize = max(batchSize, 1)
    }

    /// What one `poll` found.
    public struct Batch: Sendable {
        public var upserts: [Upsert]
        /// Events that did not decode; skipped, never fatal to the watch.
        public var skipped: [MalformedEvent]
        /// False while confirmed blocks remain unread: call `poll` again at once.
        public var caughtUp: Bool
    }

    /// Reads the next `batchSize` confirmed blocks not read yet; returns their events in chain
    /// order. The cursor moves only after a batch is read whole, so a failed request loses
    /// nothing.
    public func poll() async throws -> Batch {
        // A node may answer anything: saturate instead of trapping near UInt64.max.
        let blocks = try await client.blockNumber().saturatingAdd(1)  // blocks 0…head
        guard blocks >= confirmations, cursor <= blocks - confirmations else { return Batch(upserts: [], skipped: [], caughtUp: true) }
        let safe = blocks - confirmations
        let end = min(safe, cursor.saturatingAdd(batchSize - 1))
        let logs = try await client.logs(address: contract, topic: Self.event.topic, from: cursor, to: end)
        var batch = Batch(upserts: [], skipped: [], caughtUp: end == safe)
        for log in logs.sorted(by: { ($0.blockNumber, $0.logIndex) < ($1.blockNumber, $1.logIndex) }) where !log.removed {
            do {
                batch.upserts.append(try Self.decode(log))
            } catch {
                batch.skipped.append(error)
            }
        }
        cursor = end.saturatingAdd(1)
        return batch
    }

    static func decode(_ log: EthereumClient.Log) throws(MalformedEvent) -> Upsert {
        guard log.topics.count == 2, log.topics[0] == event.topic, log.topics[1].count == 32 else {
            throw MalformedEvent(blockNumber: log.blockNumber, reason: "expected topic0 and an indexed projectId")
        }
        guard let projectID = Word256(bytes: log.topics[1]).uint64 else {
            throw MalformedEvent(blockNumber: log.blockNumber, reason: "projectId is not a uint64")
        }
        let values = try? ABICodec.decode([.string, .fixedBytes(32)], from: log.data)
        guard let values, case .string(let uri) = values[0], case .bytes(let hash) = values[1] else {
            throw MalformedEvent(blockNumber: log.blockNumber, reason: "data is not (string uri, bytes32 hash)")
        }
        return Upsert(projectID: projectID, uri: uri, hash: hash, blockNumber: log.blockNumber, logIndex: log.logIndex)
    }
}
