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
    let retry: RetryPolicy
    let timeout: Duration

    /// A try that failed; the message goes into the state comment.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func deliver(_ delivery: OutputDelivery) async throws -> [UInt8] {
        try await retry.run {
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request(for: delivery), timeout: .nanoseconds(timeout.nanoseconds))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw Failure(description: "webhook \(webhook.url) could not be reached: \(error)")
            }
            let text = String(buffer: try await response.body.collect(upTo: Self.maximumBody))
            let code = response.status.code
            if (200..<300).contains(code) { return Array(text.utf8) }
            let reason = "webhook \(webhook.url) answered \(code) \(response.status.reasonPhrase): \(text.prefix(200))"
            let refused = (400..<500).contains(code) && ![408, 429].contains(code)
            throw refused ? RetryPolicy.Permanent(reason: reason) as any Error : Failure(description: reason)
        }
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
