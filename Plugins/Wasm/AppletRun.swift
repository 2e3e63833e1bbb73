import SproutPluginKit
import WasmKit

/// The host side of one applet run: its resource id, payload and the `env` host functions.
final class AppletRun {
    /// Status codes `ws_get_data` returns to the guest (the SDK logs them and returns -1).
    enum DataStatus: UInt32 {
        case ok = 0
        case resourceNotFound = 1
        case allocFailed = 2
    }

    let payload: [UInt8]
    let rid: Int32
    let host: PluginHost

    init(payload: String, rid: Int32, host: PluginHost) {
        self.payload = Array(payload.utf8)
        self.rid = rid
        self.host = host
    }

    func imports(store: Store) -> Imports {
        var imports = Imports()
        imports.define(module: "env", name: "ws_log", Function(store: store, parameters: [.i32, .i32, .i32], results: [.i32]) { [host] caller, args in
            let memory = try GuestMemory(caller)
            let text = try memory.read(args[1].i32, count: Int(args[2].i32))
            host.log(Self.logLevel(args[0].i32), String(decoding: text, as: UTF8.self))
            return [.i32(0)]
        })
        imports.define(module: "env", name: "ws_get_data", Function(store: store, parameters: [.i32, .i32, .i32], results: [.i32]) { [self] caller, args in
            [.i32(try getData(caller, rid: Int32(bitPattern: args[0].i32), addressPointer: args[1].i32, sizePointer: args[2].i32).rawValue)]
        })
        WASIPreview1(host: host).define(in: &imports, store: store)
        return imports
    }

    /// Copies the payload into a buffer from the guest's own `alloc` (the SDK refuses buffers
    /// it did not hand out) and writes its address and length as little-endian i32 words.
    private func getData(_ caller: borrowing Caller, rid requested: Int32, addressPointer: UInt32, sizePointer: UInt32) throws -> DataStatus {
        guard requested == rid else { return .resourceNotFound }
        guard let alloc = caller.instance?.exports[function: "alloc"] else { return .allocFailed }
        let allocated = try alloc([.i32(UInt32(payload.count))])
        guard allocated.count == 1, case .i32(let address) = allocated[0], address != 0 else { return .allocFailed }
        let memory = try GuestMemory(caller)
        try memory.write(payload, at: address)
        try memory.writeU32(address, at: addressPointer)
        try memory.writeU32(UInt32(payload.count), at: sizePointer)
        return .ok
    }

    /// The W3bstream SDK's levels: 1 trace, 2 debug, 3 info... it always logs at 4 (info).
    private static func logLevel(_ level: UInt32) -> PluginHost.LogLevel {
        switch level {
        case 0, 1: .trace
        case 2: .debug
        case 3, 4: .info
        case 5: .warning
        default: .error
        }
    }
}
