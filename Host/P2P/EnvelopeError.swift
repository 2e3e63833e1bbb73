/// Why a signed task or task state was refused.
public enum EnvelopeError: Error, Equatable, Sendable {
    case badSignature
    case malformed(String)
    case inputsDigestMismatch
    case resultDigestMismatch
    /// The state was signed by a node other than the prover the task was assigned to.
    case notAssignedProver(expected: String, got: String)
    /// The state names another task, project or inputs than the task it is checked against.
    case taskMismatch(String)
}

extension Array where Element == UInt8 {
    var hex: String { map { b in String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16) }.joined() }

    init(hex: String) throws(EnvelopeError) {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { throw .malformed("odd-length hex") }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { throw .malformed("bad hex") }
            out.append(b)
        }
        self = out
    }
}
