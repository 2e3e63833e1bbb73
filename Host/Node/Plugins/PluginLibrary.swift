import Foundation
import Logging
import SproutPluginABI
import Synchronization

/// A plugin shared library loaded into this process through the C ABI.
///
/// The loader is one of the few places with unsafe code: dlopen/dlsym, the host services
/// table handed to the plugin, and the buffers the plugin returns (always released with the
/// plugin's own free_buffer). A library whose descriptor lacks `unloadable` is never
/// dlclose()d: the Swift runtime inside such a library cannot be unloaded safely.
public final class PluginLibrary: EngineBackend, @unchecked Sendable {
    // Safety (@unchecked Sendable): `table` and `hostTable` are immutable after init and point to
    // memory that lives until deinit; calls into a plugin that is not thread-safe are serialized
    // by `callLock`.
    public let info: PluginInfo
    public let path: String
    let table: UnsafePointer<sprout_plugin_t>
    private let handle: UnsafeMutableRawPointer
    private let hostTable: UnsafeMutablePointer<sprout_host_t>
    private let logSink: Unmanaged<PluginLogSink>
    private let callLock = Mutex(())

    /// Loads the library at `path` (normally the shadow copy) and negotiates the ABI.
    public init(path: String, logger: Logger = Logger(label: "sprout.plugin")) throws(PluginLoadError) {
        self.path = path
        let head: [UInt8]
        do {
            let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? file.close() }
            head = [UInt8](try file.read(upToCount: 64) ?? Data())
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        guard let elf = ELFHeader(head) else { throw .notSharedLibrary(path: path) }
        guard elf.matchesHost else {
            throw .wrongArchitecture(path: path, found: elf.architecture, expected: ELFHeader.host.name)
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw .dlopenFailed(path: path, reason: dlerror().map { String(cString: $0) } ?? "unknown error")
        }
        guard let symbol = dlsym(handle, SPROUT_PLUGIN_ENTRY_SYMBOL) else {
            // Never loaded anything of ours; closing is safe.
            dlclose(handle)
            throw .missingEntry(path: path)
        }
        let entry = unsafeBitCast(symbol, to: sprout_plugin_entry_fn.self)
        let sink = Unmanaged.passRetained(PluginLogSink(logger: logger, file: URL(fileURLWithPath: path).lastPathComponent))
        let hostTable = UnsafeMutablePointer<sprout_host_t>.allocate(capacity: 1)
        hostTable.initialize(
            to: sprout_host_t(
                struct_size: UInt32(MemoryLayout<sprout_host_t>.size),
                abi: sprout_abi_version_t(major: SPROUT_ABI_VERSION_MAJOR, minor: SPROUT_ABI_VERSION_MINOR),
                host_data: sink.toOpaque(),
                log: { hostData, level, message, length in
                    guard let hostData else { return }
                    let text = message.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) } ?? ""
                    Unmanaged<PluginLogSink>.fromOpaque(hostData).takeUnretainedValue().log(level: level, text)
                },
                get_extension: { _, _ in nil }))
        var plugin: UnsafePointer<sprout_plugin_t>?
        var message = [CChar](repeating: 0, count: 1024)
        let status = entry(hostTable, &plugin, &message, message.count)
        func abandon() {
            // The plugin ran code but refused; its runtime may be live, so the library stays mapped.
            hostTable.deallocate()
            sink.release()
        }
        guard status == SPROUT_OK, let plugin else {
            abandon()
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if status == SPROUT_ERR_ABI_MISMATCH {
                throw .abiMismatch(path: path, plugin: reason.isEmpty ? "another major" : reason, host: Self.hostABI)
            }
            throw .refused(path: path, status: PluginStatus(rawValue: Int32(status.rawValue)).name, reason: reason.isEmpty ? "no reason given" : reason)
        }
        let pluginABI = plugin.pointee.abi
        guard pluginABI.major == SPROUT_ABI_VERSION_MAJOR else {
            abandon()
            throw .abiMismatch(path: path, plugin: "\(pluginABI.major).\(pluginABI.minor)", host: Self.hostABI)
        }
        do throws(PluginLoadError) {
            self.info = try Self.readDescriptor(plugin, path: path)
        } catch {
            abandon()
            throw error
        }
        self.handle = handle
        self.table = plugin
        self.hostTable = hostTable
        self.logSink = sink
    }

    static let hostABI = "\(SPROUT_ABI_VERSION_MAJOR).\(SPROUT_ABI_VERSION_MINOR)"

    private static func readDescriptor(_ plugin: UnsafePointer<sprout_plugin_t>, path: String) throws(PluginLoadError) -> PluginInfo {
        let requiredSize = MemoryLayout<sprout_plugin_t>.size
        guard Int(plugin.pointee.struct_size) >= requiredSize else {
            throw .badDescriptor(path: path, reason: "plugin table is \(plugin.pointee.struct_size) bytes, ABI 1.0 needs \(requiredSize)")
        }
        guard let descriptor = plugin.pointee.descriptor?.pointee,
            Int(descriptor.struct_size) >= MemoryLayout<sprout_descriptor_t>.size
        else { throw .badDescriptor(path: path, reason: "descriptor missing or too small") }
        guard let name = descriptor.name.map(String.init(cString:)), !name.isEmpty else {
            throw .badDescriptor(path: path, reason: "no name")
        }
        let versionText = descriptor.version.map(String.init(cString:)) ?? ""
        guard let version = SemanticVersion(versionText) else {
            throw .badDescriptor(path: path, reason: "version \"\(versionText)\" is not a semantic version (MAJOR.MINOR.PATCH)")
        }
        func strings(_ list: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int) -> [String] {
            guard let list else { return [] }
            return (0..<count).compactMap { list[$0].map(String.init(cString:)) }
        }
        let vmTypes = strings(descriptor.vm_types, descriptor.vm_type_count)
        guard !vmTypes.isEmpty else { throw .badDescriptor(path: path, reason: "serves no vmType") }
        let functions: [(String, Bool)] = [
            ("create_program", plugin.pointee.create_program != nil), ("program_identity", plugin.pointee.program_identity != nil),
            ("execute", plugin.pointee.execute != nil), ("prove", plugin.pointee.prove != nil), ("verify", plugin.pointee.verify != nil),
            ("destroy_program", plugin.pointee.destroy_program != nil), ("free_buffer", plugin.pointee.free_buffer != nil),
        ]
        if let missing = functions.first(where: { !$0.1 }) {
            throw .badDescriptor(path: path, reason: "function \(missing.0) is NULL")
        }
        return PluginInfo(
            name: name, version: version, description: descriptor.description.map(String.init(cString:)) ?? "",
            vmTypes: vmTypes, programFormats: strings(descriptor.program_formats, descriptor.program_format_count),
            capabilities: PluginCapabilities(rawValue: descriptor.capabilities),
            abiMajor: plugin.pointee.abi.major, abiMinor: plugin.pointee.abi.minor)
    }

    deinit {
        guard info.capabilities.contains(.unloadable) else { return }
        table.pointee.shutdown?()
        dlclose(handle)
        hostTable.deallocate()
        logSink.release()
    }

    // MARK: - Calls

    /// Runs `body` under the plugin's serialization rule (ABI §4).
    func serialized<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        if info.capabilities.contains(.threadSafe) { return try body() }
        return try callLock.withLock { _ throws(E) in try body() }
    }

    /// Takes ownership of a plugin buffer: copies it out and frees it with the plugin's free_buffer.
    func take(_ buffer: sprout_buffer_t) -> [UInt8] {
        defer { table.pointee.free_buffer(buffer) }
        guard let data = buffer.data, buffer.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: buffer.len))
    }

    func check(_ status: sprout_status_t, _ error: sprout_buffer_t) throws(EngineCallError) {
        let message = take(error)
        guard status != SPROUT_OK else { return }
        let code = PluginStatus(rawValue: Int32(status.rawValue))
        throw EngineCallError(code, message.isEmpty ? "the plugin gave no reason" : String(decoding: message, as: UTF8.self))
    }

    public func createProgram(code: [UInt8], expParam: String) throws(EngineCallError) -> any EngineProgram {
        var program: OpaquePointer?
        var error = sprout_buffer_t()
        let params = Array(expParam.utf8)
        let status = serialized {
            code.withUnsafeBufferPointer { codeBytes in
                params.withUnsafeBufferPointer { paramBytes in
                    table.pointee.create_program(
                        sprout_bytes_t(data: codeBytes.baseAddress, len: codeBytes.count),
                        sprout_bytes_t(data: paramBytes.baseAddress, len: paramBytes.count), &program, &error)
                }
            }
        }
        try check(status, error)
        guard let program else { throw EngineCallError(.internal, "create_program returned ok but no program") }
        return NativeProgram(library: self, handle: program)
    }
}

/// Receives a plugin's log lines.
final class PluginLogSink: Sendable {
    let logger: Logger
    let file: String

    init(logger: Logger, file: String) {
        self.logger = logger
        self.file = file
    }

    func log(level: Int32, _ text: String) {
        let levels: [Logger.Level] = [.trace, .debug, .info, .warning, .error]
        logger.log(level: levels[Int(max(0, min(4, level)))], "\(text)", metadata: ["plugin": "\(file)"])
    }
}
