/// Errors from protocol negotiation.
public enum NegotiationError: Error, Equatable, Sendable {
    case unexpectedHeader(String)
    case protocolNotSupported([String])
    case malformedMessage
}

/// multistream-select 1.0: each message is a uvarint length, the text, and "\n". Both sides
/// send the header `/multistream/1.0.0`; the initiator proposes protocols one at a time and
/// the responder echoes the one it accepts or answers `na`.
public enum MultistreamSelect {
    public static let header = "/multistream/1.0.0"
    static let limit = 1024

    static func encode(_ text: String) -> [UInt8] {
        let body = Array((text + "\n").utf8)
        return Varint.encode(UInt64(body.count)) + body
    }

    static func readMessage(_ reader: StreamReader) async throws -> String {
        let body = try await reader.readLengthPrefixed(limit: limit)
        guard body.last == UInt8(ascii: "\n") else { throw NegotiationError.malformedMessage }
        return String(decoding: body.dropLast(), as: UTF8.self)
    }

    /// Proposes `protocols` in order and returns the one accepted. The header and the first
    /// proposal go in one write, as other implementations do, to save a round trip.
    public static func select(_ protocols: [String], reader: StreamReader, writer: some ByteSink) async throws -> String {
        guard let first = protocols.first else { throw NegotiationError.protocolNotSupported([]) }
        try await writer.write(encode(header) + encode(first))
        let h = try await readMessage(reader)
        guard h == header else { throw NegotiationError.unexpectedHeader(h) }
        for (i, proto) in protocols.enumerated() {
            if i > 0 { try await writer.write(encode(proto)) }
            let answer = try await readMessage(reader)
            if answer == proto { return proto }
            guard answer == "na" else { throw NegotiationError.malformedMessage }
        }
        throw NegotiationError.protocolNotSupported(protocols)
    }

    /// Answers proposals until one of `supported` is proposed, and returns it. Bounded: a
    /// peer that proposes more than 32 unsupported protocols is refused.
    public static func handle(_ supported: Set<String>, reader: StreamReader, writer: some ByteSink) async throws -> String {
        let h = try await readMessage(reader)
        guard h == header else { throw NegotiationError.unexpectedHeader(h) }
        try await writer.write(encode(header))
        for _ in 0..<32 {
            let proposal = try await readMessage(reader)
            if supported.contains(proposal) {
                try await writer.write(encode(proposal))
                return proposal
            }
            try await writer.write(encode("na"))
        }
        throw NegotiationError.protocolNotSupported(Array(supported))
    }
}
