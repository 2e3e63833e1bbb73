/// A 20-byte account address; `description` is the EIP-55 mixed-case checksum form.
public struct EthereumAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public let reason: String
        public var description: String { "address \"\(text.prefix(80))\" \(reason)" }
    }

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 20, "an address is 20 bytes")
        self.bytes = bytes
    }

    /// Parses `0x` + 40 hex digits. Mixed case must be a valid EIP-55 checksum (a typo check);
    /// all-lower or all-upper is accepted as is.
    public init(_ text: String) throws(ParseError) {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { throw ParseError(text: text, reason: "lacks the 0x prefix") }
        let body = text.dropFirst(2)
        guard body.utf8.count == 40, let bytes = try? Hex.decode(String(body)) else {
            throw ParseError(text: text, reason: "is not 40 hex digits")
        }
        self.bytes = bytes
        let letters = body.filter(\.isLetter)
        let mixed = letters.contains(where: \.isUppercase) && letters.contains(where: \.isLowercase)
        if mixed, String(description.dropFirst(2)) != body {
            throw ParseError(text: text, reason: "has a wrong EIP-55 checksum (expected \(description))")
        }
    }

    /// The address of an uncompressed public key (64 bytes x‖y): the last 20 bytes of its Keccak-256.
    public init(publicKey: [UInt8]) {
        precondition(publicKey.count == 64, "an uncompressed public key without its 0x04 prefix is 64 bytes")
        bytes = Array(Keccak.hash(publicKey).suffix(20))
    }

    /// EIP-55: a hex letter is upper case where the matching nibble of keccak(lowercase hex) is ≥ 8.
    public var description: String {
        let lower = Hex.encode(bytes)
        let hash = Keccak.hash(lower)
        var out = "0x"
        for (index, character) in lower.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 15
            out.append(nibble >= 8 ? Character(character.uppercased()) : character)
        }
        return out
    }

    public var lowercased: String { Hex.prefixed(bytes) }
}
