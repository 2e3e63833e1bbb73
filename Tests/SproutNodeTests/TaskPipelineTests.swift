import Foundation
import Testing

@testable import SproutNode

/// The pipeline with the C fixture engine: packing, flush timeout, outputs and failures.
@Suite struct TaskPipelineTests {
    final class Harness {
        let scratch: ScratchDirectory
        let store: SQLiteStore
        let projects: ProjectCatalog
        let pipeline: TaskPipeline
        let outputPath: String

        init(amount: Int = 1, flushTimeout: Duration = .seconds(5)) throws {
            scratch = try ScratchDirectory()
            let pluginsDirectory = scratch.url.appendingPathComponent("plugins")
            let projectsDirectory = scratch.url.appendingPathComponent("projects")
            try FileManager.default.createDirectory(at: pluginsDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: projectsDirectory, withIntermediateDirectories: true)
            try Data(contentsOf: try BuildProducts.library("sprout_fixture_minimal")).write(to: pluginsDirectory.appendingPathComponent("fixture.so"))
            outputPath = scratch.url.appendingPathComponent("out.jsonl").path
            let project = #"[{"vmType":"fixture","code":"70726f67","version":"0.1","aggregation":{"amount":\#(amount)},"output":{"type":"file","file":{"path":"\#(outputPath)"}}}]"#
            try Data(project.utf8).write(to: projectsDirectory.appendingPathComponent("7"))
            store = try SQLiteStore(path: scratch.url.appendingPathComponent("db.sqlite").path)
            projects = ProjectCatalog(directory: projectsDirectory)
            projects.reload()
            let plugins = PluginRegistry(configuration: .init(directories: [pluginsDirectory]))
            plugins.reload()
            var settings = PipelineSettings()
            settings.flushTimeout = flushTimeout
            pipeline = TaskPipeline(store: store, projects: projects, plugins: plugins, settings: settings)
        }

        func send(_ data: String) async throws -> String {
            let id = UUID().uuidString.lowercased()
            try await store.insertMessage(
                MessageRecord(id: id, projectID: 7, projectVersion: "0.1", clientID: "", data: Array(data.utf8), receivedAt: TaskPipeline.now, taskID: nil))
            return id
        }

        func waitForFinal(_ id: String, seconds: Double = 20) async throws -> [StateEntry] {
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                let states = try await store.states(ofMessage: id) ?? []
                if states.last?.state.isFinal == true { return states }
                try await Task.sleep(for: .milliseconds(20))
            }
            return try await store.states(ofMessage: id) ?? []
        }
    }

    @Test func aMessageGoesThroughEverySproutState() async throws {
        let harness = try Harness()
        try await harness.pipeline.start()
        defer { harness.pipeline.stop() }
        let id = try await harness.send("hello")
        let states = try await harness.waitForFinal(id)
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .proved, .outputted])
        #expect(String(decoding: states[3].result, as: UTF8.self) == "receipt:1.0.0:prog|hello")
        #expect(states[3].comment.isEmpty, "a proving engine's result carries no execute-only note")
        #expect(zip(states, states.dropFirst()).allSatisfy { $0.time <= $1.time })
        let output = try String(contentsOfFile: harness.outputPath, encoding: .utf8)
        #expect(output.contains(#""idempotencyKey":"7/1""#) && output.contains("receipt:1.0.0:prog|hello"))
    }

    @Test func engineProgressIsVisibleWhileProvingAndClearedAfter() async throws {
        let harness = try Harness()
        try await harness.pipeline.start()
        defer { harness.pipeline.stop() }
        let id = try await harness.send("slow")
        var seen: [ProgressBoard.Progress] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, try await harness.store.states(ofMessage: id)?.last?.state.isFinal != true {
            if let taskID = try await harness.store.message(id: id)?.taskID, let current = harness.pipeline.progress.progress(taskID: taskID) {
                seen.append(current)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        // The fixture reports phase "sleep" with fractions rising over 200 ms.
        let sleeping = seen.filter { $0.phase == "sleep" }
        #expect(!sleeping.isEmpty)
        #expect(sleeping.allSatisfy { $0.attempt == 1 && (0...1).contains($0.fraction) })
        #expect(zip(sleeping, sleeping.dropFirst()).allSatisfy { $0.fraction <= $1.fraction })
        let taskID = try #require(try await harness.store.message(id: id)?.taskID)
        #expect(harness.pipeline.progress.progress(taskID: taskID) == nil)
    }

    @Test func aFailingEngineCallEndsFailedWithItsReason() async throws {
        let harness = try Harness()
        try await harness.pipeline.start()
        defer { harness.pipeline.stop() }
        let states = try await harness.waitForFinal(try await harness.send("fail"))
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .failed])
        #expect(states.last?.comment.contains("input \"fail\" makes the fixture fail") == true)
    }

    @Test func messagesArePackedByAggregationAmount() async throws {
        let harness = try Harness(amount: 2, flushTimeout: .seconds(60))
        let first = try await harness.send("a")
        let second = try await harness.send("b")
        let third = try await harness.send("c")
        try await harness.pipeline.packReadyGroups()
        #expect(try await harness.store.message(id: first)?.taskID == 1)
        #expect(try await harness.store.message(id: second)?.taskID == 1)
        // The third waits for a partner (or the flush timeout).
        #expect(try await harness.store.states(ofMessage: third)?.map(\.state) == [.received])
        #expect(try await harness.store.taskData(taskID: 1) == [Array("a".utf8), Array("b".utf8)])
    }

    @Test func aPartialGroupIsFlushedAfterTheTimeout() async throws {
        let harness = try Harness(amount: 3, flushTimeout: .milliseconds(300))
        let id = try await harness.send("alone")
        let received = try #require(try await harness.store.message(id: id)).receivedAt
        try await harness.pipeline.packReadyGroups(now: received + 250_000)
        #expect(try await harness.store.states(ofMessage: id)?.map(\.state) == [.received])
        try await harness.pipeline.packReadyGroups(now: received + 300_000)
        #expect(try await harness.store.states(ofMessage: id)?.map(\.state) == [.received, .packed])
    }

    @Test func unfinishedTasksAreResumedOnStart() async throws {
        let harness = try Harness()
        let id = try await harness.send("resume me")
        try await harness.pipeline.packReadyGroups()
        // This node's previous run claimed the task and died before proving it; its lease has
        // not run out, but a restart under the same node name frees it.
        _ = try await harness.store.claimPackedTask(at: TaskPipeline.now, lease: TaskLease(owner: harness.pipeline.settings.nodeID, until: .max))
        try await harness.pipeline.start()
        defer { harness.pipeline.stop() }
        let states = try await harness.waitForFinal(id)
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .proved, .outputted])
    }

    @Test func aDeadNodesTaskIsTakenOverWhenItsLeaseRunsOut() async throws {
        let harness = try Harness()
        let id = try await harness.send("orphan")
        try await harness.pipeline.packReadyGroups()
        _ = try await harness.store.claimPackedTask(at: TaskPipeline.now, lease: TaskLease(owner: "dead-node", until: TaskPipeline.now + 300_000))
        try await harness.pipeline.start()
        defer { harness.pipeline.stop() }
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await harness.store.states(ofMessage: id)?.last?.state == .dispatched, "a live lease is respected")
        let states = try await harness.waitForFinal(id)
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .proved, .outputted])
    }
}
