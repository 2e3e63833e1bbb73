import Foundation

/// What `--code FILE` names: a raw artifact (wasm, ELF, circuit) or a sprout project file,
/// resolved to the engine input: vmType, artifact bytes and expParam.
public struct ProgramSource: Sendable {
    public var vmType: String
    public var code: [UInt8]
    public var expParam: String
    /// The project's engine pin, when the code came from a project file that has one.
    public var engineVersion: String?

    public struct LoadError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Reads `file`; a JSON array is taken as a project file (its config of `version`, or the
    /// first), anything else as the raw artifact for `vmType`.
    public static func load(file: URL, vmType: String?, expParam: String?, version: String? = nil) throws(LoadError) -> ProgramSource {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw LoadError(reason: "cannot read \(file.path): \(error.localizedDescription)")
        }
        guard data.first.map({ $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) == true,
            (try? JSONSerialization.jsonObject(with: data)) is [Any]
        else {
            guard let vmType else { throw LoadError(reason: "\(file.path) is a raw artifact, so --vm must say which engine runs it") }
            return ProgramSource(vmType: vmType, code: [UInt8](data), expParam: expParam ?? "", engineVersion: nil)
        }
        do {
            let project = try ProjectFile(data: data, projectID: UInt64(file.lastPathComponent) ?? 0, path: file.path)
            let config = try project.config(version: version)
            if let vmType, vmType != config.vmType {
                throw LoadError(reason: "--vm \(vmType) disagrees with the project file, whose vmType is \(config.vmType)")
            }
            let code = try CodeArtifact.decode(hex: config.code)
            return ProgramSource(vmType: config.vmType, code: code, expParam: expParam ?? config.codeExpParam ?? "", engineVersion: config.engineVersion)
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(reason: "\(file.path): \(error)")
        }
    }
}
