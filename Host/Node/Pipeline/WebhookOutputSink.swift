import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs each delivery's JSON document to a URL, with an `Idempotency-Key` header, retrying
/// with exponential backoff until the receiver answers 2xx. A 4xx other than 408 and 429 is
/// the receiver refusing the document, so it is not retried.
struct WebhookOutputSink: OutputSink {
    let webhook: WebhookOutput
    let client: HTTPClient
    let attempts: Int
    let backoff: Duration
    let timeout: Duration

    /// The receiver's answer, kept short enough for a state comment.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func deliver(_ delivery: OutputDelivery) async throws -> [UInt8] {
        var failure = Failure(description: "not attempted")
        for attempt in 1...max(1, attempts) {
            if attempt > 1 { try await Task.sleep(for: backoff * (1 << min(attempt - 2, 16))) }
            do {
                let response = try await client.execute(request(for: delivery), timeout: .nanoseconds(timeout.nanoseconds))
                let body = try await response.body.collect(upTo: Self.maximumBody)
                let text = String(buffer: body)
                if (200..<300).contains(response.status.code) { return Array(text.utf8) }
                failure = Failure(description: "webhook \(webhook.url) answered \(response.status.code) \(response.status.reasonPhrase): \(text.prefix(200))")
                let permanent = (400..<500).contains(response.status.code) && ![408, 429].contains(response.status.code)
                if permanent { throw failure }
            } catch let error as Failure {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = Failure(description: "webhook \(webhook.url) could not be reached: \(error)")
            }
        }
        throw Failure(description: "\(failure.description) (gave up after \(max(1, attempts)) attempts)")
    }

    /// Answers longer than this are cut: only their start goes into the task's state log.
    static let maximumBody = 64 * 1024

    private func request(for delivery: OutputDelivery) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: delivery.idempotencyKey)
        for (name, value) in (webhook.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(string: delivery.document))
        return request
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
