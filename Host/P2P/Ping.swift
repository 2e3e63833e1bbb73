/// `/ipfs/ping/1.0.0`: the dialer sends 32 random bytes, the listener echoes them.
enum Ping {
    static let protocolID = "/ipfs/ping/1.0.0"
    static let size = 32

    /// Echoes pings until the peer closes the stream (bounded to 1,000 pings per stream).
    static func serve(stream: YamuxStream, reader: StreamReader) async {
        for _ in 0..<1000 {
            guard let payload = try? await reader.readExactly(size) else { break }
            guard (try? await stream.write(payload)) != nil else { break }
        }
        await stream.closeWrite()
    }

    static func ping(stream: YamuxStream, reader: StreamReader) async throws -> Duration {
        var payload = [UInt8](repeating: 0, count: size)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<size { payload[i] = UInt8.random(in: 0...255, using: &rng) }
        let clock = ContinuousClock()
        let start = clock.now
        try await stream.write(payload)
        let echo = try await reader.readExactly(size)
        let rtt = clock.now - start
        guard echo == payload else { throw NegotiationError.malformedMessage }
        return rtt
    }
}
