import Foundation

/// The functions and events of a contract's ABI JSON (the `contractAbiJSON` of a project's
/// output), enough to encode calls and decode events.
public struct ContractABI: Sendable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var type: ABIType
        public var indexed: Bool
    }

    public struct Function: Sendable, Equatable {
        public var name: String
        public var inputs: [Parameter]
        /// `name(type1,type2)`.
        public var signature: String { "\(name)(\(inputs.map { $0.type.description }.joined(separator: ",")))" }
        /// The first four bytes of keccak(signature).
        public var selector: [UInt8] { Array(Keccak.hash(signature).prefix(4)) }

        public func encodeCall(_ values: [ABIValue]) throws(ABICodec.EncodeError) -> [UInt8] {
            selector + (try ABICodec.encode(inputs.map(\.type), values))
        }
    }

    public struct Event: Sendable, Equatable {
        public var name: String
        public var inputs: [Parameter]
        public var signature: String { "\(name)(\(inputs.map { $0.type.description }.joined(separator: ",")))" }
        /// topic0: keccak(signature).
        public var topic: [UInt8] { Keccak.hash(signature) }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "contract ABI JSON: \(reason)" }
    }

    /// Functions by the name go-ethereum gives them: an overloaded name's later variants are
    /// `name0`, `name1`, … in file order (so sprout's `contractMethod` names the same one).
    public private(set) var functions: [String: Function] = [:]
    public private(set) var events: [String: Event] = [:]

    public init(json: String) throws(ParseError) {
        let entries: [[String: Any]]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
                throw ParseError(reason: "not a JSON array of ABI entries")
            }
            entries = parsed
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(reason: "not valid JSON: \(error.localizedDescription)")
        }
        for entry in entries {
            let kind = entry["type"] as? String ?? "function"
            guard kind == "function" || kind == "event" else { continue }
            guard let name = entry["name"] as? String, !name.isEmpty else { throw ParseError(reason: "a \(kind) without a name") }
            let inputs = try Self.parameters(entry["inputs"], in: name)
            if kind == "function" {
                var key = name
                var suffix = 0
                while functions[key] != nil {
                    key = "\(name)\(suffix)"
                    suffix += 1
                }
                functions[key] = Function(name: name, inputs: inputs)
            } else {
                events[name] = Event(name: name, inputs: inputs)
            }
        }
    }

    private static func parameters(_ raw: Any?, in name: String) throws(ParseError) -> [Parameter] {
        guard let list = raw as? [[String: Any]] ?? (raw == nil ? [] : nil) else { throw ParseError(reason: "\(name): inputs is not an array") }
        var out: [Parameter] = []
        for item in list {
            guard let typeName = item["type"] as? String else { throw ParseError(reason: "\(name): an input without a type") }
            do {
                out.append(Parameter(name: item["name"] as? String ?? "", type: try ABIType(parsing: typeName), indexed: item["indexed"] as? Bool ?? false))
            } catch {
                throw ParseError(reason: "\(name): \(error)")
            }
        }
        return out
    }
}
