import Crypto
import SproutP2P

/// sprout's prover choice: the prover whose hashed peer ID is nearest, by XOR distance, to the
/// hashed task identity. Every sequencer ranks the same provers the same way, and the load
/// spreads over provers as task identities do.
enum ProverRanking {
    /// The identity of a sequencer's task: sequencer peer, project and task ID.
    static func taskKey(sequencer: PeerID, projectID: UInt64, taskID: Int64) -> [UInt8] {
        var bytes = sequencer.bytes
        for value in [projectID, UInt64(bitPattern: taskID)] {
            bytes += (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
        }
        return Array(SHA256.hash(data: bytes))
    }

    /// `provers` nearest first; ties (equal hashes cannot happen for distinct peers) keep order.
    static func rank(_ provers: [PeerID], for key: [UInt8]) -> [PeerID] {
        provers
            .map { prover in (prover, zip(Array(SHA256.hash(data: prover.bytes)), key).map { $0 ^ $1 }) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }
            .map(\.0)
    }
}
