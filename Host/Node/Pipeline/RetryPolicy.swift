/// How an output sink repeats a delivery that failed: up to `attempts` tries, waiting
/// `backoff` before the second and twice as long before each further one (at most 2^16 ×
/// `backoff`), so a receiver that is down for a while is not hammered.
struct RetryPolicy: Sendable {
    let attempts: Int
    let backoff: Duration

    /// Thrown by a try whose failure another try cannot mend (the receiver refused the
    /// document): the delivery fails at once with `reason`.
    struct Permanent: Error {
        let reason: String
    }

    /// A delivery that failed for good; the description becomes the task's state comment.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `body` until it returns. Cancellation stops at once; otherwise the last failure
    /// is thrown as a `Failure` that says how many tries were made.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        let tries = max(1, attempts)
        var reason = "not attempted"
        for attempt in 1...tries {
            if attempt > 1 { try await Task.sleep(for: backoff * (1 << min(attempt - 2, 16))) }
            do {
                return try await body()
            } catch let error as Permanent {
                throw Failure(description: error.reason)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                reason = "\(error)"
            }
        }
        throw Failure(description: "\(reason) (gave up after \(tries) attempts)")
    }
}
