import Foundation

/// How a project's `ethereumContract` output fills its method's inputs, decided when the
/// project loads (sprout v0.8 `output/ethereum.go`):
///
/// | input name | value |
/// |---|---|
/// | `proof`, `_proof` | the result bytes (`bytes`, or `string` for its UTF-8 text) |
/// | `projectId`, `_projectId` | the project ID |
/// | `receiver`, `_receiver` | the output's `receiverAddress` |
/// | `data_snark`, `_data_snark` | `abi.encode(bytes seal, bytes postStateDigest, bytes journal)` of the result JSON's `Snark.snark`, `Snark.post_state_digest`, `Snark.journal` |
/// | `proof_snark_seal`, `proof_snark_post_state_digest`, `proof_snark_journal` | those fields alone |
/// | any other name | the field of that name in the first message's data (a JSON object) |
///
/// Message values: an `address` is 0x-hex; a `uintN` string is hexadecimal with an optional 0x
/// (sprout's `SetString(s, 16)`) and a JSON number is decimal; an `intN` is a decimal or 0x-hex
/// string or a number; `bool` is true/false; `bytes`/`bytesN` are hex; a `string` takes the
/// field's text (other JSON as its text); arrays are JSON arrays of such values.
public struct ContractCallPlan: Sendable {
    public enum Source: Sendable, Equatable {
        case proof
        case projectID
        case receiver(EthereumAddress)
        case dataSnark
        /// `Snark.<field>` of the result JSON.
        case snarkField(String)
        case message(field: String)
    }

    public struct PlanError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public struct ValueError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public let function: ContractABI.Function
    public let sources: [Source]

    /// Checks that `method` exists in the ABI and that every input can be filled.
    public init(abiJSON: String, method: String, receiverAddress: String?) throws(PlanError) {
        let abi: ContractABI
        do {
            abi = try ContractABI(json: abiJSON)
        } catch {
            throw PlanError(reason: "\(error)")
        }
        guard let function = abi.functions[method] else {
            throw PlanError(reason: "contractMethod \"\(method)\" is not a function of contractAbiJSON (functions: \(abi.functions.keys.sorted().joined(separator: ", ")))")
        }
        self.function = function
        var sources: [Source] = []
        for input in function.inputs {
            func require(_ ok: Bool, _ expected: String) throws(PlanError) {
                guard ok else { throw PlanError(reason: "input \"\(input.name)\" of \(function.signature) must be \(expected), not \(input.type)") }
            }
            switch input.name {
            case "proof", "_proof":
                try require(input.type == .bytes || input.type == .string, "bytes or string")
                sources.append(.proof)
            case "projectId", "_projectId":
                switch input.type {
                case .uint(let bits): try require(bits >= 64, "uint64 or wider")
                case .int(let bits): try require(bits > 64, "int72 or wider")
                default: try require(false, "an integer")
                }
                sources.append(.projectID)
            case "receiver", "_receiver":
                try require(input.type == .address, "address")
                guard let receiverAddress, !receiverAddress.isEmpty else {
                    throw PlanError(reason: "input \"\(input.name)\" of \(function.signature) needs output.ethereum.receiverAddress")
                }
                do {
                    sources.append(.receiver(try EthereumAddress(receiverAddress)))
                } catch {
                    throw PlanError(reason: "receiverAddress: \(error)")
                }
            case "data_snark", "_data_snark":
                try require(input.type == .bytes, "bytes")
                sources.append(.dataSnark)
            case "proof_snark_seal", "proof_snark_post_state_digest", "proof_snark_journal":
                try require(input.type == .bytes, "bytes")
                let field = String(input.name.dropFirst("proof_snark_".count))
                sources.append(.snarkField(field == "seal" ? "snark" : field))
            case "":
                throw PlanError(reason: "an unnamed input of \(function.signature) cannot be mapped to a value")
            default:
                sources.append(.message(field: input.name))
            }
        }
        self.sources = sources
    }

    /// The call data for one proved task. `messages` are the task's messages' data; named
    /// inputs read the first one, as sprout does.
    public func callData(projectID: UInt64, result: [UInt8], messages: [[UInt8]]) throws(ValueError) -> [UInt8] {
        var values: [ABIValue] = []
        var messageJSON: JSONValue?
        var resultJSON: JSONValue?
        for (input, source) in zip(function.inputs, sources) {
            switch source {
            case .proof:
                values.append(input.type == .bytes ? .bytes(result) : .string(String(decoding: result, as: UTF8.self)))
            case .projectID:
                if case .uint = input.type { values.append(.uint(Word256(projectID))) } else { values.append(.int(Word256(projectID))) }
            case .receiver(let address):
                values.append(.address(address))
            case .dataSnark:
                if resultJSON == nil { resultJSON = try Self.parseResult(result) }
                var parts: [ABIValue] = []
                for field in ["snark", "post_state_digest", "journal"] {
                    parts.append(.bytes(Array(try Self.snark(field, in: resultJSON!).utf8)))
                }
                do {
                    values.append(.bytes(try ABICodec.encode([.bytes, .bytes, .bytes], parts)))
                } catch {
                    throw ValueError(reason: "\(error)")
                }
            case .snarkField(let field):
                if resultJSON == nil { resultJSON = try Self.parseResult(result) }
                values.append(.bytes(Array(try Self.snark(field, in: resultJSON!).utf8)))
            case .message(let field):
                if messageJSON == nil {
                    guard let first = messages.first, let parsed = try? JSONValue(parsing: Data(first)) else {
                        throw ValueError(reason: "input \"\(field)\" is read from the message data, which is not a JSON object")
                    }
                    messageJSON = parsed
                }
                guard let value = messageJSON?[field], value != .null, value != .string("") else {
                    throw ValueError(reason: "miss param \(field) for contract abi: the message data has no \"\(field)\"")
                }
                values.append(try Self.convert(value, to: input.type, field: field))
            }
        }
        do {
            return try function.encodeCall(values)
        } catch {
            throw ValueError(reason: "\(function.signature): \(error)")
        }
    }

    private static func parseResult(_ result: [UInt8]) throws(ValueError) -> JSONValue {
        guard let parsed = try? JSONValue(parsing: Data(result)) else {
            throw ValueError(reason: "data_snark needs the proof to be JSON with a Snark object")
        }
        return parsed
    }

    private static func snark(_ field: String, in json: JSONValue) throws(ValueError) -> String {
        guard let value = json["Snark"]?[field], let text = text(of: value), !text.isEmpty else {
            throw ValueError(reason: "get Snark.\(field) failed: the proof JSON lacks it")
        }
        return text
    }

    /// A JSON value's text the way gjson's `String()` gives it: strings unquoted, the rest as JSON.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        default: (try? value.serialized()).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    static func convert(_ value: JSONValue, to type: ABIType, field: String) throws(ValueError) -> ABIValue {
        func fail(_ why: String) -> ValueError { ValueError(reason: "message field \"\(field)\" as \(type): \(why)") }
        switch type {
        case .address:
            guard let text = value.string, let address = try? EthereumAddress(text) else { throw fail("not a 0x address") }
            return .address(address)
        case .uint:
            let word: Word256?
            switch value {
            case .number(let text): word = try? Word256(parsing: text)
            case .string(let text): word = try? Word256(hex: text)
            default: word = nil
            }
            guard let word else { throw fail("not an unsigned integer (a hex string or a number)") }
            return .uint(word)
        case .int:
            guard let text = value.string ?? { if case .number(let text) = value { text } else { nil } }(), let word = try? Word256(parsing: text)
            else { throw fail("not an integer") }
            return .int(word)
        case .bool:
            switch value {
            case .bool(let flag): return .bool(flag)
            case .string("true"): return .bool(true)
            case .string("false"): return .bool(false)
            default: throw fail("not true or false")
            }
        case .bytes, .fixedBytes:
            guard let text = value.string, let bytes = try? Hex.decode(text) else { throw fail("not hex bytes") }
            return .bytes(bytes)
        case .string:
            return .string(text(of: value) ?? "")
        case .array(let element), .fixedArray(let element, _):
            guard let items = value.array else { throw fail("not a JSON array") }
            var out: [ABIValue] = []
            for item in items { out.append(try convert(item, to: element, field: field)) }
            return .array(out)
        }
    }
}
