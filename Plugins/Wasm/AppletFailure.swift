import SproutPluginKit
import WasmKit

/// Turns what WasmKit throws during a run into the ABI's error classes.
enum AppletFailure {
    static func classify(_ error: any Error, limits: AppletLimits) -> EngineError {
        let text = String(describing: error)
        if text.contains("out of fuel") {
            return EngineError(.resourceLimit, "the applet used its whole fuel budget of \(limits.fuel) units (an endless loop?); raise codeExpParam \"fuel\" if the work is legitimate")
        }
        if text.contains("call stack exhausted") {
            return EngineError(.resourceLimit, "the applet exhausted its call stack (unbounded recursion?)")
        }
        if text.contains("initial memory size exceeds") {
            return EngineError(.resourceLimit, "the applet's initial memory is larger than the limit of \(limits.memoryBytes) bytes; raise codeExpParam \"memoryBytes\"")
        }
        if let exit = error as? WASIPreview1.Exit {
            return EngineError(.executionFailed, "the applet called proc_exit(\(exit.code))")
        }
        return EngineError(.executionFailed, "the applet trapped: \(text)")
    }
}
