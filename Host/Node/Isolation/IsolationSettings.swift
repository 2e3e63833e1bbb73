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

    /// This process's own executable: the `sprout` binary, which also serves `engine-worker`.
    public static var currentExecutable: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    }
}
