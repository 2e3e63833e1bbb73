/// An error an engine reports to the host: an ABI status and a message for the user.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// The ABI status codes an engine may return (`sprout_status_t`).
    public enum Status: Int32, Sendable {
        case invalidArgument = 2
        case invalidProgram = 3
        case invalidInput = 4
        case executionFailed = 5
        case resourceLimit = 6
        case cancelled = 7
        case verificationFailed = 8
        case unsupported = 9
        case `internal` = 10
    }

    public var status: Status
    /// What was wrong and, where it helps, what to do.
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}
