import AsyncHTTPClient

/// Makes the sink for each project's output target; it owns what sinks share (the HTTP client).
public struct OutputRouter: Sendable {
    let client: HTTPClient
    let settings: PipelineSettings
    let ethereum: EthereumSenders

    public init(settings: PipelineSettings, client: HTTPClient = .shared) {
        self.client = client
        self.settings = settings
        self.ethereum = EthereumSenders(settings: settings.ethereum)
    }

    var retry: RetryPolicy { RetryPolicy(attempts: settings.outputAttempts, backoff: settings.outputBackoff) }

    public func sink(for target: OutputTarget) -> any OutputSink {
        switch target {
        case .stdout: LineOutputSink(.standardOutput)
        case .file(let path): LineOutputSink(.file(path: path))
        case .webhook(let webhook):
            WebhookOutputSink(webhook: webhook, client: client, retry: retry, timeout: settings.outputTimeout)
        case .ethereumContract(let output):
            EthereumOutputSink(output: output, senders: ethereum, retry: retry)
        }
    }
}
