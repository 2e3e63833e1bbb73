import SproutCoreSTARK
import SproutPluginKit
import Synchronization

/// The last few STARK keys of one program, by statement (public inputs and outputs), so that
/// verifying many receipts of one statement commits the fixed tables (the 2¹⁶-row range table
/// above all) once.
///
/// Threading: safe from any thread (a mutex guards the entries).
final class ZkWasmKeyCache: Sendable {
    struct Statement: Hashable {
        var publicInputs: [UInt64]
        var outputs: [UInt64]
    }

    static let capacity = 4
    private let entries = Mutex<[(Statement, STARKProvingKey)]>([])

    /// The cached key for `statement`, or the one `make` builds (then cached, oldest evicted).
    func key(for statement: Statement, make: () throws(EngineError) -> STARKProvingKey) throws(EngineError) -> STARKProvingKey {
        if let hit = entries.withLock({ $0.first { $0.0 == statement }?.1 }) { return hit }
        let key = try make()
        entries.withLock {
            $0.append((statement, key))
            if $0.count > Self.capacity { $0.removeFirst() }
        }
        return key
    }
}

