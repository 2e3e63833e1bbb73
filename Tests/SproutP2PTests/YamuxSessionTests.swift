import Synchronization
import Testing

@testable import SproutP2P

/// The Yamux state machine alone: frames in through a queue, frames out into a buffer.
@Suite struct YamuxSessionTests {
    final class Sink: ByteSink {
        let written = Mutex<[UInt8]>([])
        func write(_ bytes: [UInt8]) async throws { written.withLock { $0 += bytes } }
    }

    final class Events: Sendable {
        let inbound = Mutex<[UInt32]>([])
        let closed = Mutex(false)
    }

    static func frame(_ type: YamuxSession.FrameType, _ flags: YamuxSession.Flags, _ id: UInt32, _ payload: [UInt8] = [], length: UInt32? = nil) -> [UInt8] {
        YamuxSession.header(type, flags, id, length ?? UInt32(payload.count)) + payload
    }

    static func run(_ frames: [[UInt8]]) async -> (Sink, Events) {
        let sink = Sink(), events = Events()
        let session = YamuxSession(
            writer: sink, isClient: true,
            onInbound: { s in events.inbound.withLock { $0.append(s.id) } },
            onClose: { events.closed.withLock { $0 = true } })
        let queue = ChunkQueue()
        for f in frames { queue.push(f) }
        queue.finish()
        await session.run(reader: StreamReader { try await queue.next() })
        return (sink, events)
    }

    @Test func acceptsInboundStreamAndAnswersPing() async {
        let (sink, events) = await Self.run([
            Self.frame(.windowUpdate, .syn, 2),
            Self.frame(.data, [], 2, [1, 2, 3]),
            Self.frame(.ping, .syn, 0, length: 77),
        ])
        #expect(events.inbound.withLock { $0 } == [2])
        let out = sink.written.withLock { $0 }
        // ACK for stream 2, then the ping answer carrying the same opaque value.
        #expect(Array(out.prefix(12)) == Self.frame(.windowUpdate, .ack, 2))
        #expect(Array(out.suffix(12)) == Self.frame(.ping, .ack, 0, length: 77))
        #expect(events.closed.withLock { $0 })  // the input ended
    }

    @Test func endsSessionWhenPeerOverrunsTheWindow() async {
        let chunk = [UInt8](repeating: 7, count: 200 * 1024)
        let (sink, events) = await Self.run([
            Self.frame(.windowUpdate, .syn, 2),
            Self.frame(.data, [], 2, chunk),
            Self.frame(.data, [], 2, chunk),  // 400 KiB > the 256 KiB window granted
            Self.frame(.ping, .syn, 0, length: 1),
        ])
        #expect(events.closed.withLock { $0 })
        // The ping after the violation was never answered.
        #expect(Array(sink.written.withLock { $0 }.suffix(12)) != Self.frame(.ping, .ack, 0, length: 1))
    }

    @Test func rejectsBadVersion() async {
        var bad = Self.frame(.ping, .syn, 0, length: 1)
        bad[0] = 1
        let (sink, events) = await Self.run([bad, Self.frame(.ping, .syn, 0, length: 2)])
        #expect(events.closed.withLock { $0 })
        #expect(sink.written.withLock { $0 }.isEmpty)
    }
}
