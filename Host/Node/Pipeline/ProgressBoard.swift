import Synchronization

/// What the engines report while tasks are proving (phase and fraction through the ABI's
/// progress callback), kept in memory for `GET /message/:id/progress` and the CLI's progress
/// display. It is not stored: after a restart a task shows progress again once it is re-proved.
public final class ProgressBoard: Sendable {
    public struct Progress: Sendable, Equatable {
        public var phase: String
        /// 0…1 within the current attempt.
        public var fraction: Double
        public var attempt: Int
    }

    private let entries = Mutex<[Int64: Progress]>([:])

    public init() {}

    public func progress(taskID: Int64) -> Progress? { entries.withLock { $0[taskID] } }

    func report(taskID: Int64, phase: String, fraction: Double, attempt: Int) {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        entries.withLock { $0[taskID] = Progress(phase: phase, fraction: clamped, attempt: attempt) }
    }

    func finish(taskID: Int64) { _ = entries.withLock { $0.removeValue(forKey: taskID) } }
}
