import Foundation

/// The body of `POST /message`, bound the way gin's `ShouldBindJSON` binds sprout's
/// `HandleMessageReq`: Go's case-insensitive key matching, unknown keys ignored, then the
/// `binding:"required"` check (not the zero value) with the validator's exact messages.
public struct MessageRequest: Sendable, Equatable {
    public var projectID: UInt64
    public var projectVersion: String
    public var data: String

    /// A 400 error body text.
    public struct BindError: Error, Equatable {
        public let message: String
    }

    public static func bind(_ body: [UInt8]) throws(BindError) -> MessageRequest {
        guard let first = body.first(where: { !Self.isSpace($0) }) else { throw BindError(message: "EOF") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(body))
        } catch {
            if !"{[\"-0123456789tfn".utf8.contains(first) {
                throw BindError(message: "invalid character '\(Character(UnicodeScalar(first)))' looking for beginning of value")
            }
            throw BindError(message: "unexpected EOF")
        }
        guard case .object(let fields) = value else {
            throw BindError(message: "json: cannot unmarshal \(value.goType) into Go value of type apitypes.HandleMessageReq")
        }
        var request = MessageRequest(projectID: 0, projectVersion: "", data: "")
        if let id = lookup("projectID", in: fields) {
            switch id {
            case .null: break
            case .unsigned(let number): request.projectID = number
            default: throw BindError(message: "json: cannot unmarshal \(id.goType) into Go struct field HandleMessageReq.projectID of type uint64")
            }
        }
        for (tag, keyPath) in [("projectVersion", \MessageRequest.projectVersion), ("data", \MessageRequest.data)] {
            guard let field = lookup(tag, in: fields) else { continue }
            switch field {
            case .null: break
            case .string(let text): request[keyPath: keyPath] = text
            default: throw BindError(message: "json: cannot unmarshal \(field.goType) into Go struct field HandleMessageReq.\(tag) of type string")
            }
        }
        var failures: [String] = []
        if request.projectID == 0 { failures.append("ProjectID") }
        if request.projectVersion.isEmpty { failures.append("ProjectVersion") }
        if request.data.isEmpty { failures.append("Data") }
        guard failures.isEmpty else {
            throw BindError(
                message: failures.map { "Key: 'HandleMessageReq.\($0)' Error:Field validation for '\($0)' failed on the 'required' tag" }.joined(separator: "\n"))
        }
        return request
    }

    /// Go's rule: an exact key match wins, otherwise a case-insensitive one.
    private static func lookup(_ tag: String, in fields: [String: JSONValue]) -> JSONValue? {
        if let exact = fields[tag] { return exact }
        return fields.first { $0.key.lowercased() == tag.lowercased() }?.value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// Any JSON value, told apart the way Go's decoder tells them apart.
indirect enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), unsigned(UInt64), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .unsigned(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// How Go's error messages name the JSON type, e.g. "string" or "number -1".
    var goType: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .unsigned(let value): "number \(value)"
        case .number(let value): "number \(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
