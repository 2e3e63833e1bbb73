import SproutPluginABI
import SproutPluginKitEntry
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns the registered `SproutEngine` into the C plugin table of the ABI.
///
/// The one place in a Swift plugin with unsafe code: C strings of the descriptor, the plugin
/// table, program handles and owned buffers. Everything it allocates for the descriptor and the
/// table lives as long as the library, as the ABI promises the host.
final class PluginBridge: Sendable {
    static let shared = PluginBridge()

    private struct State {
        var engineType: (any SproutEngine.Type)?
        var engine: (any SproutEngine)?
        var table: UnsafePointer<sprout_plugin_t>?
    }

    private let state = Mutex(State())

    func register(_ engine: any SproutEngine.Type) {
        state.withLock { if $0.engineType == nil { $0.engineType = engine } }
    }

    var engine: (any SproutEngine)? { state.withLock { $0.engine } }

    /// The ABI entry: checks the host's major version, creates the engine once and hands out
    /// the plugin table.
    func entry(
        host: UnsafePointer<sprout_host_t>?, outPlugin: UnsafeMutablePointer<UnsafePointer<sprout_plugin_t>?>?,
        errorMessage: UnsafeMutablePointer<CChar>?, errorCapacity: Int
    ) -> Int32 {
        func refuse(_ status: sprout_status_t, _ message: String) -> Int32 {
            if let errorMessage, errorCapacity > 0 {
                let bytes = Array(message.utf8.prefix(errorCapacity - 1))
                for (index, byte) in bytes.enumerated() { errorMessage[index] = CChar(bitPattern: byte) }
                errorMessage[bytes.count] = 0
            }
            return Int32(status.rawValue)
        }
        guard let host, let outPlugin else { return refuse(SPROUT_ERR_INVALID_ARGUMENT, "host table or out_plugin is NULL") }
        let hostABI = host.pointee.abi
        guard hostABI.major == SPROUT_ABI_VERSION_MAJOR else {
            return refuse(
                SPROUT_ERR_ABI_MISMATCH,
                "plugin speaks ABI \(SPROUT_ABI_VERSION_MAJOR).\(SPROUT_ABI_VERSION_MINOR), host speaks \(hostABI.major).\(hostABI.minor)"
            )
        }
        let result: UnsafePointer<sprout_plugin_t>? = state.withLock { state in
            if let table = state.table { return table }
            guard let engineType = state.engineType else { return nil }
            state.engine = engineType.init(host: PluginHost(table: HostTable(pointer: host)))
            let table = Self.makeTable(descriptor: engineType.descriptor)
            state.table = table
            return table
        }
        guard let result else { return refuse(SPROUT_ERR_INTERNAL, "the plugin registered no engine (sprout_kit_register did nothing)") }
        outPlugin.pointee = result
        return Int32(SPROUT_OK.rawValue)
    }

    // MARK: - Building the C tables

    private static func makeTable(descriptor: EngineDescriptor) -> UnsafePointer<sprout_plugin_t> {
        let abi = sprout_abi_version_t(major: SPROUT_ABI_VERSION_MAJOR, minor: SPROUT_ABI_VERSION_MINOR)
        let cDescriptor = UnsafeMutablePointer<sprout_descriptor_t>.allocate(capacity: 1)
        var capabilities = descriptor.capabilities
        capabilities.remove(.unloadable)  // a Swift runtime in a library is never safe to dlclose
        cDescriptor.initialize(
            to: sprout_descriptor_t(
                struct_size: UInt32(MemoryLayout<sprout_descriptor_t>.size), abi: abi,
                name: permanentCString(descriptor.name), version: permanentCString(descriptor.version),
                description: permanentCString(descriptor.description),
                vm_types: permanentCStringArray(descriptor.vmTypes), vm_type_count: descriptor.vmTypes.count,
                program_formats: permanentCStringArray(descriptor.programFormats),
                program_format_count: descriptor.programFormats.count,
                capabilities: capabilities.rawValue))
        let table = UnsafeMutablePointer<sprout_plugin_t>.allocate(capacity: 1)
        table.initialize(
            to: sprout_plugin_t(
                struct_size: UInt32(MemoryLayout<sprout_plugin_t>.size), abi: abi,
                descriptor: UnsafePointer(cDescriptor),
                create_program: { code, expParam, outProgram, outError in
                    PluginBridge.createProgram(code: code, expParam: expParam, outProgram: outProgram, outError: outError)
                },
                program_identity: { program, outIdentity, outError in
                    guard let box = ProgramBox.from(program) else { return PluginBridge.fail(.invalidArgument, "program is NULL", outError) }
                    PluginBridge.store(box.program.identity, in: outIdentity)
                    return SPROUT_OK
                },
                execute: { program, inputs, count, call, outResult, outError in
                    PluginBridge.run(program, inputs, count, call, outResult, outError) { program, inputs, call throws(EngineError) in
                        try program.execute(inputs: inputs, call: call)
                    }
                },
                prove: { program, inputs, count, call, outReceipt, outError in
                    PluginBridge.run(program, inputs, count, call, outReceipt, outError) { program, inputs, call throws(EngineError) in
                        try program.prove(inputs: inputs, call: call)
                    }
                },
                verify: { program, receipt, call, outOutput, outError in
                    let bytes = [receipt]
                    return bytes.withUnsafeBufferPointer { one in
                        PluginBridge.run(program, one.baseAddress, 1, call, outOutput, outError) { program, inputs, call throws(EngineError) in
                            try program.verify(receipt: inputs[0], call: call)
                        }
                    }
                },
                destroy_program: { program in
                    guard let program else { return }
                    Unmanaged<ProgramBox>.fromOpaque(UnsafeRawPointer(program)).release()
                },
                free_buffer: { buffer in free(buffer.data) },
                get_extension: { _ in nil },
                shutdown: nil))
        return UnsafePointer(table)
    }

    /// A NUL-terminated copy that is never freed: descriptor strings live as long as the library.
    private static func permanentCString(_ string: String) -> UnsafePointer<CChar> {
        UnsafePointer(strdup(string))
    }

    private static func permanentCStringArray(_ strings: [String]) -> UnsafePointer<UnsafePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(strings.count, 1))
        for (index, string) in strings.enumerated() { (array + index).initialize(to: permanentCString(string)) }
        return UnsafePointer(array)
    }

    // MARK: - Calls

    private static func createProgram(
        code: sprout_bytes_t, expParam: sprout_bytes_t, outProgram: UnsafeMutablePointer<OpaquePointer?>?,
        outError: UnsafeMutablePointer<sprout_buffer_t>?
    ) -> sprout_status_t {
        guard let outProgram else { return fail(.invalidArgument, "out_program is NULL", outError) }
        guard let engine = shared.engine else { return fail(.internal, "create_program called before the entry", outError) }
        do throws(EngineError) {
            let program = try engine.makeProgram(code: bytes(code), expParam: String(decoding: bytes(expParam), as: UTF8.self))
            outProgram.pointee = OpaquePointer(Unmanaged.passRetained(ProgramBox(program)).toOpaque())
            return SPROUT_OK
        } catch {
            return fail(error.status, error.message, outError)
        }
    }

    private static func run(
        _ program: OpaquePointer?, _ inputs: UnsafePointer<sprout_bytes_t>?, _ count: Int,
        _ call: UnsafePointer<sprout_call_t>?, _ out: UnsafeMutablePointer<sprout_buffer_t>?,
        _ outError: UnsafeMutablePointer<sprout_buffer_t>?,
        _ body: (any EngineProgram, [[UInt8]], CallContext) throws(EngineError) -> [UInt8]
    ) -> sprout_status_t {
        guard let box = ProgramBox.from(program) else { return fail(.invalidArgument, "program is NULL", outError) }
        guard count == 0 || inputs != nil else { return fail(.invalidArgument, "inputs is NULL with a count of \(count)", outError) }
        let list = (0..<count).map { bytes(inputs![$0]) }
        do throws(EngineError) {
            store(try body(box.program, list, CallContext(call: call)), in: out)
            return SPROUT_OK
        } catch {
            return fail(error.status, error.message, outError)
        }
    }

    private static func bytes(_ borrowed: sprout_bytes_t) -> [UInt8] {
        guard let data = borrowed.data, borrowed.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: borrowed.len))
    }

    /// Copies `bytes` into a malloc'd buffer that the host releases with free_buffer.
    private static func store(_ bytes: [UInt8], in out: UnsafeMutablePointer<sprout_buffer_t>?) {
        guard let out else { return }
        guard !bytes.isEmpty, let memory = malloc(bytes.count)?.assumingMemoryBound(to: UInt8.self) else {
            out.pointee = sprout_buffer_t(data: nil, len: 0)
            return
        }
        bytes.withUnsafeBufferPointer { memory.update(from: $0.baseAddress!, count: bytes.count) }
        out.pointee = sprout_buffer_t(data: memory, len: bytes.count)
    }

    private static func fail(
        _ status: EngineError.Status, _ message: String, _ outError: UnsafeMutablePointer<sprout_buffer_t>?
    ) -> sprout_status_t {
        store(Array(message.utf8), in: outError)
        return sprout_status_t(rawValue: UInt32(status.rawValue))
    }
}

/// The object behind a `sprout_program_t *` handle.
final class ProgramBox {
    let program: any EngineProgram
    init(_ program: any EngineProgram) { self.program = program }

    static func from(_ handle: OpaquePointer?) -> ProgramBox? {
        guard let handle else { return nil }
        return Unmanaged<ProgramBox>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }
}

@_cdecl("sprout_kit_entry")
func sproutKitEntry(
    _ host: UnsafePointer<sprout_host_t>?, _ outPlugin: UnsafeMutablePointer<UnsafePointer<sprout_plugin_t>?>?,
    _ errorMessage: UnsafeMutablePointer<CChar>?, _ errorCapacity: Int
) -> Int32 {
    PluginBridge.shared.entry(host: host, outPlugin: outPlugin, errorMessage: errorMessage, errorCapacity: errorCapacity)
}
