import Synchronization

/// A single-consumer queue of byte chunks with an async `next()`: the seam between NIO's
/// event-loop callbacks (or the Yamux demultiplexer) and the task that reads a stream.
/// The producer never blocks; flow control is left to the layer above (Yamux windows).
final class ChunkQueue: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var head = 0
        var queuedBytes = 0
        var finished = false
        var error: (any Error)?
        var waiter: CheckedContinuation<[UInt8]?, any Error>?
    }

    private let state = Mutex(State())

    func push(_ chunk: [UInt8]) {
        guard !chunk.isEmpty else { return }
        let waiter = state.withLock { s -> CheckedContinuation<[UInt8]?, any Error>? in
            guard !s.finished else { return nil }
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.chunks.append(chunk)
            s.queuedBytes += chunk.count
            return nil
        }
        waiter?.resume(returning: chunk)
    }

    /// Bytes queued and not yet taken by the reader.
    var queuedBytes: Int { state.withLock { $0.queuedBytes } }

    /// Ends the queue: readers get the queued chunks, then nil (or `error`).
    func finish(error: (any Error)? = nil) {
        let waiter = state.withLock { s -> CheckedContinuation<[UInt8]?, any Error>? in
            guard !s.finished else { return nil }
            s.finished = true
            s.error = error
            defer { s.waiter = nil }
            return s.waiter
        }
        if let error { waiter?.resume(throwing: error) } else { waiter?.resume(returning: nil) }
    }

    /// The next chunk, or nil once finished and drained. One reader at a time.
    func next() async throws -> [UInt8]? { try await take(coalescingUpTo: 0) }

    /// Like `next()`, but joins the queued chunks into one of up to `limit` bytes (at least
    /// one chunk), so a writer can send a burst in one frame and one system call.
    func nextBatch(limit: Int) async throws -> [UInt8]? { try await take(coalescingUpTo: limit) }

    private func take(coalescingUpTo limit: Int) async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<[UInt8]?, any Error>) in
            let result: Result<[UInt8]?, any Error>? = state.withLock { s in
                if s.head < s.chunks.count {
                    var chunk = s.chunks[s.head]
                    s.head += 1
                    while s.head < s.chunks.count, chunk.count + s.chunks[s.head].count <= limit {
                        chunk += s.chunks[s.head]
                        s.head += 1
                    }
                    s.queuedBytes -= chunk.count
                    if s.head > 64 && s.head * 2 > s.chunks.count {
                        s.chunks.removeFirst(s.head)
                        s.head = 0
                    }
                    return .success(chunk)
                }
                if s.finished { return s.error.map { .failure($0) } ?? .success(nil) }
                precondition(s.waiter == nil, "ChunkQueue has a single reader")
                s.waiter = c
                return nil
            }
            if let result { c.resume(with: result) }
        }
    }
}
