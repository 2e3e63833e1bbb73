import Foundation

/// How engines run when isolated in worker processes.
public struct IsolationSettings: Sendable {
    /// The `sprout` executable that serves `engine-worker`.
    public var workerExecutable: URL
    /// A call that takes longer is abandoned, the worker killed and restarted.
    public var callDeadline: Duration

    public init(workerExecutable: URL, callDeadline: Duration = .seconds(600)) {
        self.workerExecutable = workerExecutable
        self.callDeadline = callDeadline
    }
}
