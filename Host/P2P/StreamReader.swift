/// Errors from reading framed data off a byte stream.
public enum StreamError: Error, Equatable, Sendable {
    case endOfStream
    case frameTooLarge(Int, limit: Int)
    case malformedVarint
    case closed
    case reset
}

/// Buffered reads (exact lengths, varints, length-prefixed frames) over a source of chunks.
/// Not Sendable: it belongs to the one task that reads a given stream, and is handed along
/// (e.g. from multistream-select to a protocol handler) so no buffered byte is lost.
public final class StreamReader {
    private let nextChunk: () async throws -> [UInt8]?
    private var buffer: [UInt8] = []
    private var start = 0

    init(_ nextChunk: @escaping () async throws -> [UInt8]?) { self.nextChunk = nextChunk }

    var buffered: Int { buffer.count - start }

    /// Fills the buffer with at least one more chunk; false at end of stream.
    private func fill() async throws -> Bool {
        guard let chunk = try await nextChunk() else { return false }
        if start > 0 && start == buffer.count {
            buffer = chunk
            start = 0
        } else {
            if start > 4096 {
                buffer.removeFirst(start)
                start = 0
            }
            buffer += chunk
        }
        return true
    }

    /// Whatever is buffered or the next chunk; nil at end of stream.
    public func readSome() async throws -> [UInt8]? {
        if buffered == 0, try await !fill() { return nil }
        defer { buffer = []; start = 0 }
        return Array(buffer[start...])
    }

    public func readExactly(_ n: Int) async throws -> [UInt8] {
        while buffered < n {
            guard try await fill() else { throw StreamError.endOfStream }
        }
        defer { start += n }
        return Array(buffer[start..<start + n])
    }

    public func readUVarint() async throws -> UInt64 {
        while true {
            if let (v, next) = Varint.decode(buffer, at: start) {
                start = next
                return v
            }
            if buffered >= 10 { throw StreamError.malformedVarint }
            guard try await fill() else { throw StreamError.endOfStream }
        }
    }

    /// A uvarint length followed by that many bytes, refusing lengths above `limit`.
    public func readLengthPrefixed(limit: Int) async throws -> [UInt8] {
        let n = try await readUVarint()
        guard n <= UInt64(limit) else { throw StreamError.frameTooLarge(Int(clamping: n), limit: limit) }
        return try await readExactly(Int(n))
    }

    /// Everything until end of stream, refusing more than `limit` bytes.
    public func readToEnd(limit: Int) async throws -> [UInt8] {
        while try await fill() {
            if buffered > limit { throw StreamError.frameTooLarge(buffered, limit: limit) }
        }
        defer { start = buffer.count }
        return Array(buffer[start...])
    }
}

/// Something ordered bytes can be written to (a TCP connection, a Noise channel, a Yamux stream).
public protocol ByteSink: Sendable {
    func write(_ bytes: [UInt8]) async throws
}

extension ByteSink {
    public func writeLengthPrefixed(_ bytes: [UInt8]) async throws {
        try await write(Varint.encode(UInt64(bytes.count)) + bytes)
    }
}
