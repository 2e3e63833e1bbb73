import Foundation
import Testing

@testable import SproutNode

/// Defaults < config file < environment < flags, and clear errors for bad settings.
@Suite struct ConfigurationLoaderTests {
    private func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-config-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func defaultsMatchTheReference() throws {
        let configuration = try ConfigurationLoader.load(environment: [:])
        #expect(configuration.port == 9000)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.api.adminToken == nil)
        #expect(configuration.pipeline.proverConcurrency == 2)
        // Applying every documented default changes nothing: the table and the types agree.
        let flags = ConfigurationKey.all.map { (path: $0.path, value: $0.defaultValue) }
        let applied = try ConfigurationLoader.load(environment: [:], flags: flags)
        #expect(applied.port == configuration.port && applied.pipeline.flushTimeout == configuration.pipeline.flushTimeout)
        #expect(applied.api.maximumMessageBytes == configuration.api.maximumMessageBytes)
        #expect(applied.api.limits.maximumPendingPerProject == configuration.api.limits.maximumPendingPerProject)
        #expect(applied.pipeline.outputAttempts == configuration.pipeline.outputAttempts)
        #expect(applied.pipeline.taskDeadline == configuration.pipeline.taskDeadline)
    }

    @Test func fileThenEnvironmentThenFlags() throws {
        let url = try file(
            """
            port: 9100
            database: sqlite:/tmp/a.sqlite
            api:
              adminToken: from-file
              maxPendingPerProject: 7
            pipeline:
              flushTimeoutSeconds: 0.25
              provers: 4
            projects:
              remote:
                - projectID: 20000
                  uri: https://example.org/20000
                  sha256: ABCD
                - 20001=ipfs://bafy
            """)
        let configuration = try ConfigurationLoader.load(
            file: url, environment: ["SPROUT_PORT": "9200", "SPROUT_ADMIN_TOKEN": "from-env", "SPROUT_PIPELINE_PROVERS": "1"],
            flags: [("pipeline.provers", "3")])
        #expect(configuration.port == 9200)
        #expect(configuration.api.adminToken == "from-env")
        #expect(configuration.pipeline.proverConcurrency == 3)
        #expect(configuration.pipeline.flushTimeout == .milliseconds(250))
        #expect(configuration.api.limits.maximumPendingPerProject == 7)
        #expect(configuration.database == .sqlite(path: "/tmp/a.sqlite"))
        #expect(configuration.remoteProjects == [
            RemoteProject(projectID: 20000, uri: "https://example.org/20000", sha256: "abcd"), RemoteProject(projectID: 20001, uri: "ipfs://bafy"),
        ])
    }

    @Test func environmentNamesFollowThePath() {
        #expect(ConfigurationKey.environmentName(for: "api.maxPendingPerProject") == "SPROUT_API_MAX_PENDING_PER_PROJECT")
        #expect(ConfigurationKey.named("api.adminToken")?.environmentName == "SPROUT_ADMIN_TOKEN")
    }

    @Test func badSettingsSayWhatAndWhere() throws {
        let typo = try file("api:\n  adminTokn: x\n")
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: typo, environment: [:]) }
        do {
            _ = try ConfigurationLoader.load(file: typo, environment: [:])
        } catch {
            #expect(error.description.contains("unknown setting \"api.adminTokn\""))
            #expect(error.description.contains(typo.path))
        }
        do {
            _ = try ConfigurationLoader.load(environment: ["SPROUT_PORT": "nine"])
            Issue.record("a non-numeric port was accepted")
        } catch {
            #expect(error.description == "$SPROUT_PORT: port must be a whole number ≥ 1, not \"nine\"")
        }
        let broken = try file("port: [9000\n")
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(file: broken, environment: [:]) }
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader.load(environment: [:], flags: [("projects.remote", "x=https://a")]) }
    }

    /// The operator guide's reference is the generated one, so it cannot drift from the code.
    @Test func operatorGuideHoldsTheGeneratedReference() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/operators.md").standardized
        let text = try String(contentsOf: guide, encoding: .utf8)
        #expect(text.contains(ConfigurationLoader.referenceMarkdown), "docs/operators.md must contain the output of `sprout config reference`")
    }
}

/// The pending and rate limits of `POST /message`.
@Suite struct AdmissionControlTests {
    @Test func pendingLimitCountsAcceptedMessagesUntilTheStoreRecounts() throws {
        var limits = AdmissionControl.Limits()
        limits.maximumPendingPerProject = 2
        let admission = AdmissionControl(limits: limits)
        try admission.admit(projectID: 1, client: "a")
        try admission.admit(projectID: 1, client: "a")
        #expect(throws: AdmissionControl.Refusal.self) { try admission.admit(projectID: 1, client: "a") }
        try admission.admit(projectID: 2, client: "a")
        admission.update(pending: [1: 1])
        try admission.admit(projectID: 1, client: "a")
    }

    @Test func rateLimitRefillsOverTime() throws {
        var limits = AdmissionControl.Limits()
        limits.messagesPerSecondPerClient = 10
        limits.burstPerClient = 2
        let admission = AdmissionControl(limits: limits)
        let start = ContinuousClock.now
        try admission.admit(projectID: 1, client: "a", now: start)
        try admission.admit(projectID: 1, client: "a", now: start)
        do {
            try admission.admit(projectID: 1, client: "a", now: start)
            Issue.record("a third message inside the burst was accepted")
        } catch {
            #expect(error.description.contains("more than 10.0 messages per second"))
        }
        try admission.admit(projectID: 1, client: "b", now: start)
        try admission.admit(projectID: 1, client: "a", now: start + .milliseconds(110))
    }
}
