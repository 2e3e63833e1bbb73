import Foundation

/// A risc0 project's codeExpParam, a JSON object:
///
/// - `"elf"`, `"image_id"`: names of the constants in a `methods.rs` (sprout's convention,
///   e.g. `{"image_id":"RANGE_ID","elf":"RANGE_ELF"}`); required for methods.rs, unused for a raw ELF.
/// - `"cycle_limit"`: most user cycles one task may run (default 2²⁷).
/// - `"env"`: an object of strings the guest sees through `sys_getenv` (default empty).
/// - `"args"`: an array of strings for `sys_argc`/`sys_argv` (default empty).
/// - `"segment_limit_po2"`: proofs split the run into segments of at most `2^k − 1`
///   instructions, `k` in 6…21 (default 20); a segment's trace is what a proof holds in memory.
public struct Risc0ProgramOptions: Sendable, Equatable {
    public var elfConstant: String?
    public var imageIDConstant: String?
    public var cycleLimit: UInt64 = Risc0HostEnvironment.defaultCycleLimit
    public var environment: [String: String] = [:]
    public var arguments: [String] = []
    public var segmentPo2 = 20

    public init() {}

    public init(expParam: String) throws(Risc0LoadError) {
        let trimmed = expParam.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
            throw .expParam("must be a JSON object such as {\"image_id\":\"RANGE_ID\",\"elf\":\"RANGE_ELF\"}, got: \(trimmed.prefix(200))")
        }
        for (key, value) in object {
            switch key {
            case "elf", "image_id":
                guard let name = value as? String, !name.isEmpty else { throw .expParam("\"\(key)\" must name a constant of methods.rs") }
                if key == "elf" { elfConstant = name } else { imageIDConstant = name }
            case "cycle_limit":
                guard let number = value as? NSNumber, number.doubleValue >= 1,
                    number.doubleValue <= Double(1 << 40), number.doubleValue == number.doubleValue.rounded()
                else { throw .expParam("\"cycle_limit\" must be an integer between 1 and 2^40") }
                cycleLimit = number.uint64Value
            case "env":
                guard let env = value as? [String: String] else { throw .expParam("\"env\" must be an object of strings") }
                environment = env
            case "args":
                guard let args = value as? [String] else { throw .expParam("\"args\" must be an array of strings") }
                arguments = args
            case "segment_limit_po2":
                guard let number = value as? NSNumber, number.doubleValue >= 6, number.doubleValue <= 21, number.doubleValue == number.doubleValue.rounded() else {
                    throw .expParam("\"segment_limit_po2\" must be an integer between 6 and 21")
                }
                segmentPo2 = number.intValue
            default:
                throw .expParam("unknown key \"\(key)\"; known keys: elf, image_id, cycle_limit, env, args, segment_limit_po2")
            }
        }
    }
}
