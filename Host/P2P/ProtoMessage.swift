import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's protobuf encoding, fields in field-number order. Encoding throws only for
    /// a missing required field (not checked with `partial`) or an `Any` it cannot resolve;
    /// none of our messages has an `Any`, so this cannot fail.
    var wireBytes: [UInt8] {
        try! serializedBytes(partial: true)
    }
}
