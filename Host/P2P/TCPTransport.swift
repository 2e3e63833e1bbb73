import NIOCore
import NIOPosix

/// Moves bytes read by NIO into a `ChunkQueue` for the connection's reading task.
final class InboundPump: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let queue: ChunkQueue

    init(queue: ChunkQueue) { self.queue = queue }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { queue.push(bytes) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        queue.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        queue.finish(error: error)
        context.close(promise: nil)
    }
}

/// A TCP connection's write side. Writes submitted in order reach the socket in order,
/// which the Noise writer relies on (it submits under its lock).
struct TCPWriter: ByteSink {
    let channel: any Channel

    func write(_ bytes: [UInt8]) async throws {
        try await submit(bytes).get()
    }

    func submit(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }
}

/// TCP dialing and listening on SwiftNIO. Each connection is handed over as its channel and
/// the queue its bytes arrive in.
enum TCPTransport {
    static func dial(host: String, port: Int, group: any EventLoopGroup, timeout: TimeAmount) async throws -> (any Channel, ChunkQueue) {
        let queue = ChunkQueue()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(InboundPump(queue: queue)) }
            }
            .connect(host: host, port: port).get()
        return (channel, queue)
    }

    static func listen(
        host: String, port: Int, group: any EventLoopGroup,
        onConnection: @escaping @Sendable (any Channel, ChunkQueue) -> Void
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let queue = ChunkQueue()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(InboundPump(queue: queue))
                    onConnection(channel, queue)
                }
            }
            .bind(host: host, port: port).get()
    }
}
