import Synchronization

/// Progress and cancellation of one engine call, shared between the caller and the engine.
public final class CallControl: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let onProgress: @Sendable (String, Double) -> Void

    public init(onProgress: @escaping @Sendable (_ phase: String, _ fraction: Double) -> Void = { _, _ in }) {
        self.onProgress = onProgress
    }

    /// Asks the engine to stop; it returns `cancelled` at its next check.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    func report(_ phase: String, _ fraction: Double) { onProgress(phase, fraction) }
}
