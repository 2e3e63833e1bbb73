import SproutCoreSTARK
import SproutPluginKit
import Synchronization

/// The STARK key of one program (every statement and segment shares it: inputs, outputs and
/// segment boundaries are public values and lookups, not fixed tables), so that proving and
/// verifying many runs commits the fixed tables (the 2¹⁶-row range table above all) once.
///
/// Threading: safe from any thread (a mutex guards the entry).
final class ZkWasmKeyCache: Sendable {
    private let entry = Mutex<STARKProvingKey?>(nil)

    /// The cached key, or the one `make` builds (then cached).
    func key(make: () throws(EngineError) -> STARKProvingKey) throws(EngineError) -> STARKProvingKey {
        if let hit = entry.withLock({ $0 }) { return hit }
        let key = try make()
        entry.withLock { $0 = key }
        return key
    }
}
