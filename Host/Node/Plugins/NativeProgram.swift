import SproutPluginABI

/// A program handle of a plugin loaded in this process; destroyed with the plugin's
/// destroy_program when the last reference goes.
final class NativeProgram: EngineProgram, @unchecked Sendable {
    // Safety (@unchecked Sendable): the handle is only passed to the plugin, under the library's
    // serialization rule, and destroyed once in deinit.
    let library: PluginLibrary
    private let handle: OpaquePointer

    init(library: PluginLibrary, handle: OpaquePointer) {
        self.library = library
        self.handle = handle
    }

    deinit {
        library.serialized { library.table.pointee.destroy_program(handle) }
    }

    func identity() throws(EngineCallError) -> [UInt8] {
        var out = sprout_buffer_t()
        var error = sprout_buffer_t()
        let status = library.serialized { library.table.pointee.program_identity(handle, &out, &error) }
        try library.check(status, error)
        return library.take(out)
    }

    func execute(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try run(inputs, control, library.table.pointee.execute)
    }

    func prove(inputs: [[UInt8]], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try run(inputs, control, library.table.pointee.prove)
    }

    func verify(receipt: [UInt8], control: CallControl) throws(EngineCallError) -> [UInt8] {
        try run([receipt], control) { handle, inputs, _, call, out, error in
            library.table.pointee.verify(handle, inputs![0], call, out, error)
        }
    }

    private typealias Call = (
        OpaquePointer?, UnsafePointer<sprout_bytes_t>?, Int, UnsafePointer<sprout_call_t>?,
        UnsafeMutablePointer<sprout_buffer_t>?, UnsafeMutablePointer<sprout_buffer_t>?
    ) -> sprout_status_t

    private func run(_ inputs: [[UInt8]], _ control: CallControl, _ call: Call) throws(EngineCallError) -> [UInt8] {
        var out = sprout_buffer_t()
        var error = sprout_buffer_t()
        let status = withCallTable(control) { callTable in
            withBorrowedList(inputs) { list in
                library.serialized { call(handle, list.baseAddress, list.count, callTable, &out, &error) }
            }
        }
        try library.check(status, error)
        return library.take(out)
    }
}

/// Lends `inputs` to C as a `sprout_bytes_t` array valid for the duration of `body`.
func withBorrowedList<T>(_ inputs: [[UInt8]], _ body: (UnsafeBufferPointer<sprout_bytes_t>) -> T) -> T {
    // Safety: every pointer taken here stays valid until body returns, because the arrays are
    // pinned by the nested withUnsafeBufferPointer calls.
    func lend(_ index: Int, _ collected: inout [sprout_bytes_t]) -> T {
        if index == inputs.count { return collected.withUnsafeBufferPointer(body) }
        return inputs[index].withUnsafeBufferPointer { bytes in
            collected.append(sprout_bytes_t(data: bytes.baseAddress, len: bytes.count))
            return lend(index + 1, &collected)
        }
    }
    var collected: [sprout_bytes_t] = []
    collected.reserveCapacity(inputs.count)
    return lend(0, &collected)
}

/// Lends a `sprout_call_t` that routes progress and cancellation to `control`.
func withCallTable<T>(_ control: CallControl, _ body: (UnsafePointer<sprout_call_t>) -> T) -> T {
    let unmanaged = Unmanaged.passUnretained(control)
    var table = sprout_call_t(
        struct_size: UInt32(MemoryLayout<sprout_call_t>.size),
        abi: sprout_abi_version_t(major: SPROUT_ABI_VERSION_MAJOR, minor: SPROUT_ABI_VERSION_MINOR),
        call_data: unmanaged.toOpaque(),
        progress: { data, phase, length, fraction in
            guard let data else { return }
            let text = phase.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
            Unmanaged<CallControl>.fromOpaque(data).takeUnretainedValue().report(text, fraction)
        },
        is_cancelled: { data in
            guard let data else { return 0 }
            return Unmanaged<CallControl>.fromOpaque(data).takeUnretainedValue().isCancelled ? 1 : 0
        })
    // Safety: control outlives the call because the caller holds it for the whole of body.
    return withExtendedLifetime(control) { withUnsafePointer(to: &table, body) }
}
