import Foundation
import SproutPluginKit
import WasmKit

/// The part of WASI preview 1 that applets link against. There is no file system: stdout and
/// stderr go to the host log, every other descriptor is EBADF, and there are no arguments or
/// environment variables.
struct WASIPreview1 {
    /// `proc_exit` ends the run with this error.
    struct Exit: Error { let code: UInt32 }

    static let success: UInt32 = 0
    static let badDescriptor: UInt32 = 8
    static let invalid: UInt32 = 28

    static let provided: Set<String> = [
        "fd_write", "fd_close", "fd_seek", "fd_read", "fd_fdstat_get", "fd_prestat_get", "fd_prestat_dir_name",
        "clock_time_get", "clock_res_get", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get",
        "random_get", "proc_exit", "sched_yield",
    ]

    let host: PluginHost

    func define(in imports: inout Imports, store: Store) {
        func function(_ name: String, _ parameters: [ValueType], _ results: [ValueType], _ body: @escaping Function.Implementation) {
            imports.define(module: "wasi_snapshot_preview1", name: name, Function(store: store, parameters: parameters, results: results, body: body))
        }
        let errno: [ValueType] = [.i32]
        function("fd_write", [.i32, .i32, .i32, .i32], errno) { [host] caller, args in
            let fd = args[0].i32
            guard fd == 1 || fd == 2 else { return [.i32(Self.badDescriptor)] }
            let memory = try GuestMemory(caller)
            var written: [UInt8] = []
            for index in 0..<args[2].i32 {
                let vector = args[1].i32 &+ index &* 8  // wraps only for hostile pointers, which the bounds check then refuses
                let base = try memory.readU32(vector)
                let length = try memory.readU32(vector &+ 4)
                written += try memory.read(base, count: Int(length))
            }
            try memory.writeU32(UInt32(written.count), at: args[3].i32)
            let text = String(decoding: written, as: UTF8.self).trimmingCharacters(in: .newlines)
            if !text.isEmpty { host.log(fd == 1 ? .info : .warning, text) }
            return [.i32(Self.success)]
        }
        for name in ["fd_close", "fd_fdstat_get", "fd_prestat_get"] {
            let arity = name == "fd_close" ? 1 : 2
            function(name, Array(repeating: .i32, count: arity), errno) { _, _ in [.i32(Self.badDescriptor)] }
        }
        function("fd_prestat_dir_name", [.i32, .i32, .i32], errno) { _, _ in [.i32(Self.badDescriptor)] }
        function("fd_read", [.i32, .i32, .i32, .i32], errno) { _, _ in [.i32(Self.badDescriptor)] }
        function("fd_seek", [.i32, .i64, .i32, .i32], errno) { _, _ in [.i32(Self.badDescriptor)] }
        function("clock_time_get", [.i32, .i64, .i32], errno) { caller, args in
            let nanoseconds = UInt64(Date().timeIntervalSince1970 * 1e9)
            try GuestMemory(caller).writeU64(nanoseconds, at: args[2].i32)
            return [.i32(Self.success)]
        }
        function("clock_res_get", [.i32, .i32], errno) { caller, args in
            try GuestMemory(caller).writeU64(1_000, at: args[1].i32)
            return [.i32(Self.success)]
        }
        for (sizes, values) in [("args_sizes_get", "args_get"), ("environ_sizes_get", "environ_get")] {
            function(sizes, [.i32, .i32], errno) { caller, args in
                let memory = try GuestMemory(caller)
                try memory.writeU32(0, at: args[0].i32)
                try memory.writeU32(0, at: args[1].i32)
                return [.i32(Self.success)]
            }
            function(values, [.i32, .i32], errno) { _, _ in [.i32(Self.success)] }
        }
        function("random_get", [.i32, .i32], errno) { caller, args in
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<args[1].i32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try GuestMemory(caller).write(bytes, at: args[0].i32)
            return [.i32(Self.success)]
        }
        function("proc_exit", [.i32], []) { _, args in throw Exit(code: args[0].i32) }
        function("sched_yield", [], errno) { _, _ in [.i32(Self.success)] }
    }
}
