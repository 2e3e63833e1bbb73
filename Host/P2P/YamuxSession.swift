import Synchronization

/// Errors of the Yamux session.
public enum YamuxError: Error, Equatable, Sendable {
    case protocolError(String)
    case sessionClosed
    case tooManyStreams
}

/// Yamux (`/yamux/1.0.0`, hashicorp's spec) over a secure channel: 12-byte frame headers
/// (version 0, type, flags, stream ID, length), streams opened by a SYN and answered by an
/// ACK, per-stream flow control with 256 KiB initial windows, and session pings.
/// The dialer uses odd stream IDs, the listener even ones.
public final class YamuxSession: Sendable {
    public static let protocolID = "/yamux/1.0.0"
    static let initialWindow: UInt32 = 256 * 1024
    static let maxStreams = 1024

    enum FrameType: UInt8 { case data = 0, windowUpdate = 1, ping = 2, goAway = 3 }
    struct Flags: OptionSet {
        let rawValue: UInt16
        static let syn = Flags(rawValue: 1), ack = Flags(rawValue: 2), fin = Flags(rawValue: 4), rst = Flags(rawValue: 8)
    }

    private struct State {
        var nextID: UInt32
        var streams: [UInt32: YamuxStream] = [:]
        var closed = false
    }

    let writer: any ByteSink
    private let state: Mutex<State>
    private let onInbound: @Sendable (YamuxStream) -> Void
    private let onClose: @Sendable () -> Void

    init(writer: any ByteSink, isClient: Bool, onInbound: @escaping @Sendable (YamuxStream) -> Void, onClose: @escaping @Sendable () -> Void) {
        self.writer = writer
        state = Mutex(State(nextID: isClient ? 1 : 2))
        self.onInbound = onInbound
        self.onClose = onClose
    }

    public var isClosed: Bool { state.withLock { $0.closed } }

    static func header(_ type: FrameType, _ flags: Flags, _ id: UInt32, _ length: UInt32) -> [UInt8] {
        [0, type.rawValue, UInt8(flags.rawValue >> 8), UInt8(flags.rawValue & 0xff),
         UInt8(id >> 24), UInt8(id >> 16 & 0xff), UInt8(id >> 8 & 0xff), UInt8(id & 0xff),
         UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
    }

    func send(_ type: FrameType, _ flags: Flags, _ id: UInt32, _ length: UInt32, payload: [UInt8] = []) async throws {
        try await writer.write(Self.header(type, flags, id, length) + payload)
    }

    /// Opens an outbound stream; the SYN rides on a zero-delta window update, as go-yamux does.
    public func openStream() async throws -> YamuxStream {
        let stream = try state.withLock { s -> YamuxStream in
            guard !s.closed else { throw YamuxError.sessionClosed }
            guard s.streams.count < Self.maxStreams else { throw YamuxError.tooManyStreams }
            let id = s.nextID
            s.nextID += 2
            let stream = YamuxStream(id: id, session: self)
            s.streams[id] = stream
            return stream
        }
        try await send(.windowUpdate, .syn, stream.id, 0)
        return stream
    }

    func remove(_ id: UInt32) { _ = state.withLock { $0.streams.removeValue(forKey: id) } }

    /// Reads frames until the channel ends or a protocol error; then closes every stream.
    func run(reader: StreamReader) async {
        do {
            while true {
                guard let h = try? await reader.readExactly(12) else { break }
                guard h[0] == 0, let type = FrameType(rawValue: h[1]) else {
                    throw YamuxError.protocolError("bad version \(h[0]) or type \(h[1])")
                }
                let flags = Flags(rawValue: UInt16(h[2]) << 8 | UInt16(h[3]))
                let id = UInt32(h[4]) << 24 | UInt32(h[5]) << 16 | UInt32(h[6]) << 8 | UInt32(h[7])
                let length = UInt32(h[8]) << 24 | UInt32(h[9]) << 16 | UInt32(h[10]) << 8 | UInt32(h[11])
                switch type {
                case .ping:
                    if flags.contains(.syn) { try await send(.ping, .ack, 0, length) }
                case .goAway:
                    throw YamuxError.sessionClosed
                case .data, .windowUpdate:
                    var payload: [UInt8] = []
                    if type == .data {
                        // No window is ever larger than this; the stream checks its own window.
                        guard length <= Self.initialWindow * 2 else { throw YamuxError.protocolError("data frame of \(length) bytes") }
                        payload = try await reader.readExactly(Int(length))
                    }
                    try await dispatch(type, flags, id, length, payload)
                }
            }
        } catch {}
        shutdown()
    }

    private func dispatch(_ type: FrameType, _ flags: Flags, _ id: UInt32, _ length: UInt32, _ payload: [UInt8]) async throws {
        var stream = state.withLock { $0.streams[id] }
        if stream == nil {
            guard flags.contains(.syn) else { return }  // a late frame for a stream already gone
            let accepted = state.withLock { s -> YamuxStream? in
                guard !s.closed, s.streams.count < Self.maxStreams else { return nil }
                let st = YamuxStream(id: id, session: self)
                s.streams[id] = st
                return st
            }
            guard let accepted else {
                try await send(.windowUpdate, .rst, id, 0)
                return
            }
            stream = accepted
            try await send(.windowUpdate, .ack, id, 0)
            onInbound(accepted)
        }
        guard let stream else { return }
        if type == .windowUpdate { stream.grant(length) }
        if !payload.isEmpty, !stream.receive(payload) {
            throw YamuxError.protocolError("stream \(id) overran its receive window")
        }
        if flags.contains(.rst) { stream.remoteReset() } else if flags.contains(.fin) { stream.remoteFinished() }
    }

    /// Ends the session: every stream's readers and writers are woken with an error.
    func shutdown() {
        let (streams, wasOpen) = state.withLock { s -> ([YamuxStream], Bool) in
            let wasOpen = !s.closed
            s.closed = true
            defer { s.streams = [:] }
            return (Array(s.streams.values), wasOpen)
        }
        for s in streams { s.remoteReset() }
        if wasOpen { onClose() }
    }

    /// Sends GoAway (best effort) and shuts down.
    func close() async {
        try? await send(.goAway, [], 0, 0)
        shutdown()
    }
}
