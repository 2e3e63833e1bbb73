import SproutPluginKit
import WasmKit

/// The imports and exports an applet may have, checked when the program is created so that a
/// wrong module is refused with its first offending name rather than failing mid-task.
enum AppletInterface {
    /// Host functions in module `env` (W3bstream applet ABI).
    static let envFunctions: Set<String> = ["ws_log", "ws_get_data"]

    static func check(_ module: Module) throws(EngineError) {
        for entry in module.imports {
            guard case .function = entry.descriptor else {
                throw EngineError(.invalidProgram, "the applet imports \(entry.module).\(entry.name), which is not a function; applets may import only host functions")
            }
            switch entry.module {
            case "env" where envFunctions.contains(entry.name): continue
            case "wasi_snapshot_preview1" where WASIPreview1.provided.contains(entry.name): continue
            default:
                throw EngineError(
                    .invalidProgram,
                    "the applet imports \(entry.module).\(entry.name), which this engine does not provide; it provides env.{\(envFunctions.sorted().joined(separator: ","))} and wasi_snapshot_preview1.{\(WASIPreview1.provided.sorted().joined(separator: ","))}"
                )
            }
        }
        let exported = Dictionary(module.exports.map { ($0.name, $0.descriptor) }, uniquingKeysWith: { first, _ in first })
        for name in ["start", "alloc"] {
            guard case .function = exported[name] else {
                throw EngineError(.invalidProgram, "the applet does not export the function \"\(name)\" that the W3bstream applet ABI requires")
            }
        }
        guard case .memory = exported["memory"] else {
            throw EngineError(.invalidProgram, "the applet does not export its linear memory as \"memory\"")
        }
    }
}
