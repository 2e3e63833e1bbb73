import Foundation

/// The file `sprout prove` writes and `sprout verify` reads: which engine made the receipt,
/// for which program, and the engine's own receipt bytes.
public struct ReceiptEnvelope: Codable, Sendable, Equatable {
    public static let currentFormat = "sprout-receipt/1"

    public var format: String
    public var vmType: String
    public var engine: String
    public var engineVersion: String
    /// Hex of the program identity (image ID, module commitment) the receipt is bound to.
    public var programIdentity: String
    /// Base64 of the engine's receipt.
    public var receipt: String

    public init(vmType: String, engine: String, engineVersion: String, programIdentity: [UInt8], receipt: [UInt8]) {
        format = Self.currentFormat
        self.vmType = vmType
        self.engine = engine
        self.engineVersion = engineVersion
        self.programIdentity = programIdentity.map { String(format: "%02x", $0) }.joined()
        self.receipt = Data(receipt).base64EncodedString()
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads an envelope, refusing other formats and undecodable receipts.
    public static func read(_ data: Data) throws(Invalid) -> (envelope: ReceiptEnvelope, receipt: [UInt8]) {
        guard let envelope = try? JSONDecoder().decode(ReceiptEnvelope.self, from: data) else {
            throw Invalid(description: "not a receipt file (a JSON object written by `sprout prove`)")
        }
        guard envelope.format == currentFormat else {
            throw Invalid(description: "receipt format \(envelope.format) is not \(currentFormat); prove again with this version of sprout")
        }
        guard let receipt = Data(base64Encoded: envelope.receipt) else { throw Invalid(description: "the receipt field is not base64") }
        return (envelope, [UInt8](receipt))
    }
}
