import Foundation
import SproutCoreBN254
import SproutPluginKit

/// A native circuit's receipt (JSON): which circuit and key, the public instances and the
/// proof, all hex. `vk` is the program identity (Keccak-256 of the verifying key's bytes).
struct Halo2Receipt: Codable, Equatable {
    static let currentFormat = "sprout-halo2-receipt/1"

    var format: String
    var circuit: String
    var vk: String
    /// Instance columns, each a list of 32-byte big-endian hex scalars.
    var instances: [[String]]
    var proof: String

    static func encodeInstances(_ instances: [[Fr]]) -> [[String]] {
        instances.map { $0.map { "0x" + HexText.encode($0.bigEndianBytes) } }
    }

    static func decodeInstances(_ text: [[String]]) throws(EngineError) -> [[Fr]] {
        var out: [[Fr]] = []
        for column in text {
            var values: [Fr] = []
            for s in column {
                guard let bytes = HexText.decode(s), bytes.count == 32, let v = Fr(bigEndianBytes: bytes) else {
                    throw EngineError(.verificationFailed, "instance \(s) is not a 32-byte scalar below r")
                }
                values.append(v)
            }
            out.append(values)
        }
        return out
    }

    /// The public output of a run: `{"circuit":…,"instances":[[…]]}`.
    static func output(circuit: String, instances: [[Fr]]) -> [UInt8] {
        let object: [String: Any] = ["circuit": circuit, "instances": encodeInstances(instances)]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    func bytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data())
    }

    init(circuit: String, vk: String, instances: [[Fr]], proof: [UInt8]) {
        format = Self.currentFormat; self.circuit = circuit; self.vk = vk
        self.instances = Self.encodeInstances(instances); self.proof = HexText.encode(proof)
    }

    init(bytes: [UInt8]) throws(EngineError) {
        do { self = try JSONDecoder().decode(Self.self, from: Data(bytes)) } catch {
            throw EngineError(.verificationFailed, "not a halo2 receipt: \(error)")
        }
        guard format == Self.currentFormat else { throw EngineError(.verificationFailed, "receipt format \(format), expected \(Self.currentFormat)") }
    }
}
