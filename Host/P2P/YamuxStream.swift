import Synchronization

/// One Yamux stream. Reads come through `reader()`; our receive window is re-opened as the
/// reader consumes data. Writes wait while the peer's window is exhausted. One writer task per
/// stream: concurrent writers could interleave their frames.
public final class YamuxStream: ByteSink, Sendable {
    public let id: UInt32
    private let session: YamuxSession
    private let inbound = ChunkQueue()
    private static let maxFrame = 64 * 1024

    private struct State {
        var sendWindow = YamuxSession.initialWindow
        var windowWaiter: CheckedContinuation<Void, any Error>?
        var unacknowledged: UInt32 = 0
        /// What the peer may still send before our next window update.
        var receiveWindow = YamuxSession.initialWindow
        var reset = false
        var writeClosed = false
        var readClosed = false
    }
    private let state = Mutex(State())

    init(id: UInt32, session: YamuxSession) {
        self.id = id
        self.session = session
    }

    /// A buffered reader of this stream, for the task that reads it.
    public func reader() -> StreamReader { StreamReader { try await self.nextChunk() } }

    private func nextChunk() async throws -> [UInt8]? {
        guard let chunk = try await inbound.next() else { return nil }
        // Re-open our window once half of it has been consumed.
        let delta = state.withLock { s -> UInt32 in
            s.unacknowledged += UInt32(chunk.count)
            guard s.unacknowledged >= YamuxSession.initialWindow / 2 else { return 0 }
            defer {
                s.receiveWindow += s.unacknowledged
                s.unacknowledged = 0
            }
            return s.unacknowledged
        }
        if delta > 0 { try? await session.send(.windowUpdate, [], id, delta) }
        return chunk
    }

    public func write(_ bytes: [UInt8]) async throws {
        var offset = 0
        while offset < bytes.count {
            let allowed = try await reserveWindow(upTo: min(bytes.count - offset, Self.maxFrame))
            let end = offset + allowed
            try await session.send(.data, [], id, UInt32(allowed), payload: Array(bytes[offset..<end]))
            offset = end
        }
    }

    /// Takes up to `wanted` bytes of send window, waiting while it is zero.
    private func reserveWindow(upTo wanted: Int) async throws -> Int {
        while true {
            let got = try state.withLock { s -> Int in
                if s.reset { throw StreamError.reset }
                if s.writeClosed { throw StreamError.closed }
                let n = min(Int(s.sendWindow), wanted)
                s.sendWindow -= UInt32(n)
                return n
            }
            if got > 0 { return got }
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: Result<Void, any Error>? = state.withLock { s in
                    if s.reset { return .failure(StreamError.reset) }
                    if s.sendWindow > 0 { return .success(()) }
                    s.windowWaiter = c
                    return nil
                }
                if let resumeNow { c.resume(with: resumeNow) }
            }
        }
    }

    func grant(_ delta: UInt32) {
        guard delta > 0 else { return }
        let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            s.sendWindow = s.sendWindow &+ delta
            defer { s.windowWaiter = nil }
            return s.windowWaiter
        }
        waiter?.resume()
    }

    /// Queues received data; false if the peer overran the window we granted, which is a
    /// protocol violation that ends the session (the queue is bounded by the window).
    func receive(_ bytes: [UInt8]) -> Bool {
        let fits = state.withLock { s -> Bool in
            guard UInt32(clamping: bytes.count) <= s.receiveWindow else { return false }
            s.receiveWindow -= UInt32(bytes.count)
            return true
        }
        if fits { inbound.push(bytes) }
        return fits
    }

    func remoteFinished() {
        inbound.finish()
        let both = state.withLock { s -> Bool in
            s.readClosed = true
            return s.writeClosed
        }
        if both { session.remove(id) }
    }

    func remoteReset() {
        inbound.finish(error: StreamError.reset)
        let waiter = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            s.reset = true
            defer { s.windowWaiter = nil }
            return s.windowWaiter
        }
        waiter?.resume(throwing: StreamError.reset)
        session.remove(id)
    }

    /// Half-closes: the peer reads end of stream after our last byte; we can still read.
    public func closeWrite() async {
        let (first, both) = state.withLock { s -> (Bool, Bool) in
            defer { s.writeClosed = true }
            return (!s.writeClosed && !s.reset, s.readClosed)
        }
        if first { try? await session.send(.data, .fin, id, 0) }
        if both { session.remove(id) }
    }

    /// Aborts the stream in both directions.
    public func reset() async {
        try? await session.send(.windowUpdate, .rst, id, 0)
        remoteReset()
    }
}
