/// Hands out consecutive nonces for one sender to concurrent sends. The first use (and the
/// first after `resynchronize`) reads the chain's pending count; later ones count up locally,
/// so two outputs proved at once never sign the same nonce.
public actor NonceManager {
    private let fetch: @Sendable () async throws -> UInt64
    private var next: UInt64?
    private var loading: Task<UInt64, any Error>?

    public init(fetch: @escaping @Sendable () async throws -> UInt64) {
        self.fetch = fetch
    }

    /// The nonce for the next transaction; each call gets a different one.
    public func reserve() async throws -> UInt64 {
        if next == nil {
            // Concurrent first callers share one read of the chain.
            let task = loading ?? Task { try await fetch() }
            loading = task
            let fetched: UInt64
            do {
                fetched = try await task.value
            } catch {
                loading = nil
                throw error
            }
            loading = nil
            if next == nil { next = fetched }
        }
        let nonce = next!
        next = nonce + 1
        return nonce
    }

    /// Forgets the local count (after a broadcast failed or the node said "nonce too low"), so
    /// the next reservation reads the chain again and fills the gap a failed send left.
    public func resynchronize() {
        next = nil
    }
}
