import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and writes WorkerFrames on a pair of file descriptors, with an optional deadline.
struct FrameChannel {
    let input: Int32
    let output: Int32

    enum Failure: Error {
        /// The other side closed the pipe (it exited or crashed).
        case closed
        case deadline
        case malformed(WorkerFrame.Malformed)
        case io(Int32)
    }

    func send(_ frame: WorkerFrame) throws(Failure) {
        let bytes = frame.encoded()
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(output, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                throw errno == EPIPE ? .closed : .io(errno)
            }
            written += result
        }
    }

    /// Waits for the next frame until `deadline` (nil: forever).
    func receive(deadline: ContinuousClock.Instant?) throws(Failure) -> WorkerFrame {
        let header = try read(4, deadline: deadline)
        let length = Int(header.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length <= WorkerFrame.maximumSize else { throw .malformed(.init(reason: "frame of \(length) bytes")) }
        let body = try read(length, deadline: deadline)
        do {
            return try WorkerFrame(body: body)
        } catch {
            throw .malformed(error)
        }
    }

    private func read(_ count: Int, deadline: ContinuousClock.Instant?) throws(Failure) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                let milliseconds = max(0, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
                var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, Int32(min(milliseconds, Int64(Int32.max))))
                if ready == 0 { throw .deadline }
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw .io(errno)
                }
            }
            let result = buffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress! + filled, count - filled) }
            if result == 0 { throw .closed }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(errno)
            }
            filled += result
        }
        return buffer
    }
}
