import Foundation
import Testing

@testable import SproutNode

/// The same store semantics on both backends: SQLite, and a real PostgreSQL server
/// (`make test` starts one and sets SPROUT_TEST_POSTGRES to an admin URL).
@Suite struct NodeStoreTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// A fresh, empty store of `backend`.
    static func freshStore(_ backend: Backend) async throws -> any NodeStore {
        switch backend {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-store-\(UUID().uuidString).sqlite").path
            return try SQLiteStore(path: path)
        case .postgres:
            let admin = try #require(
                ProcessInfo.processInfo.environment["SPROUT_TEST_POSTGRES"],
                "SPROUT_TEST_POSTGRES is not set: run the tests with `make test`, which starts PostgreSQL and sets it")
            return try await PostgresStore(url: try createDatabase(admin: admin))
        }
    }

    /// Creates a database for one test with psql and returns its URL.
    static func createDatabase(admin: String) throws -> String {
        let name = "sprout_test_\(UUID().uuidString.prefix(8).lowercased())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", admin, "-q", "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "psql could not create a test database on \(admin)")
        var components = try #require(URLComponents(string: admin))
        components.path = "/\(name)"
        return try #require(components.string)
    }

    func message(_ id: String, _ data: String, at time: Int64, project: UInt64 = 7) -> MessageRecord {
        MessageRecord(id: id, projectID: project, projectVersion: "0.1", clientID: "", data: Array(data.utf8), receivedAt: time, taskID: nil)
    }

    /// A writer takes its time before it waits for the database, so a packer or prover can
    /// write with a time older than what is already stored; the log still reads in order.
    @Test(arguments: Backend.allCases)
    func stateTimesNeverGoBackwards(backend: Backend) async throws {
        let store = try await Self.freshStore(backend)
        try await store.insertMessage(message("m1", "one", at: 5_000))
        let task = try #require(try await store.packTasks(projectID: 7, projectVersion: "0.1", clientID: "", amount: 1, maxTasks: 1, at: 4_000).first)
        _ = try #require(try await store.claimPackedTask(at: 3_000, lease: TaskLease(owner: "a", until: 9_000)))
        try await store.record(taskID: task.id, StateEntry(state: .proved, time: 6_000, result: [1]), owner: "a")
        let states = try #require(try await store.states(ofMessage: "m1"))
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .proved])
        #expect(states.map(\.time) == [5_000, 5_000, 5_000, 6_000])
    }

    @Test(arguments: Backend.allCases)
    func messagesAreStoredAndTheirStatesGrow(backend: Backend) async throws {
        let store = try await Self.freshStore(backend)
        #expect(try await store.states(ofMessage: "missing") == nil)
        try await store.insertMessage(message("m1", "one", at: 1_000))
        try await store.insertMessage(message("m2", "two", at: 2_000))
        try await store.insertMessage(message("m3", "three", at: 3_000, project: UInt64.max))
        #expect(try await store.message(id: "m3")?.projectID == UInt64.max)
        #expect(try await store.states(ofMessage: "m1") == [StateEntry(state: .received, time: 1_000)])
        let groups = try await store.pendingGroups().sorted { $0.projectID < $1.projectID }
        #expect(groups.map(\.count) == [2, 1])
        #expect(groups.first?.oldest == 1_000)
        #expect(try await store.unfinishedMessageCounts() == [7: 2, UInt64.max: 1])

        let tasks = try await store.packTasks(projectID: 7, projectVersion: "0.1", clientID: "", amount: 2, maxTasks: 5, at: 4_000)
        #expect(tasks.count == 1)
        let task = try #require(tasks.first)
        #expect(try await store.taskData(taskID: task.id) == [Array("one".utf8), Array("two".utf8)])
        #expect(try await store.message(id: "m2")?.taskID == task.id)

        let claimed = try #require(try await store.claimPackedTask(at: 5_000, lease: TaskLease(owner: "a", until: 9_000)))
        #expect(claimed.id == task.id && claimed.state == .dispatched)
        #expect(try await store.claimPackedTask(at: 5_001, lease: TaskLease(owner: "b", until: 9_000)) == nil)
        // Node a's lease is live: nobody takes the task over.
        #expect(try await store.claimAbandonedTask(at: 8_999, lease: TaskLease(owner: "b", until: 20_000)) == nil)

        try await store.countAttempt(taskID: task.id)
        try await store.record(taskID: task.id, StateEntry(state: .proved, time: 6_000, result: [0, 1, 0xFF]), owner: "a")
        await #expect(throws: LeaseLost.self) {
            try await store.record(taskID: task.id, StateEntry(state: .outputted, time: 6_500), owner: "b")
        }
        try await store.record(taskID: task.id, StateEntry(state: .outputted, time: 7_000), owner: "a")
        #expect(try await store.claimAbandonedTask(at: 50_000, lease: TaskLease(owner: "b", until: 60_000)) == nil)
        // Packed and proving tasks count as unfinished; an outputted one no longer does.
        #expect(try await store.unfinishedMessageCounts() == [UInt64.max: 1])
        let states = try #require(try await store.states(ofMessage: "m1"))
        #expect(states.map(\.state) == [.received, .packed, .dispatched, .proved, .outputted])
        #expect(states[3].result == [0, 1, 0xFF])
        let (record, log) = try #require(try await store.task(projectID: 7, taskID: task.id))
        #expect(record.attempts == 1 && record.state == .outputted && log.count == 4)
        #expect(try await store.task(projectID: 8, taskID: task.id) == nil)
        #expect(try await store.recentTasks(limit: 10).count == 1)
    }

    @Test(arguments: Backend.allCases)
    func concurrentClaimsNeverShareATask(backend: Backend) async throws {
        let store = try await Self.freshStore(backend)
        for index in 0..<40 { try await store.insertMessage(message("c\(index)", "\(index)", at: Int64(index))) }
        _ = try await store.packTasks(projectID: 7, projectVersion: "0.1", clientID: "", amount: 1, maxTasks: 40, at: 100)
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while let task = try await store.claimPackedTask(at: 200, lease: TaskLease(owner: "n", until: 300)) { mine.append(task.id) }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }

    /// A node that dies loses its tasks when its lease runs out, or at once when it restarts
    /// under the same name; a stalled node's late writes are refused.
    @Test(arguments: Backend.allCases)
    func leasesExpireRenewAndFence(backend: Backend) async throws {
        let store = try await Self.freshStore(backend)
        for index in 0..<2 { try await store.insertMessage(message("l\(index)", "\(index)", at: Int64(index))) }
        let packed = try await store.packTasks(projectID: 7, projectVersion: "0.1", clientID: "", amount: 1, maxTasks: 2, at: 10)
        let first = try #require(try await store.claimPackedTask(at: 100, lease: TaskLease(owner: "a", until: 1_000)))
        let second = try #require(try await store.claimPackedTask(at: 100, lease: TaskLease(owner: "a", until: 1_000)))
        #expect([first.id, second.id] == packed.map(\.id))
        try await store.renewLeases(taskIDs: [first.id], lease: TaskLease(owner: "a", until: 5_000))
        // At 2_000 only the unrenewed task is abandoned; b takes it over in its current state.
        let taken = try #require(try await store.claimAbandonedTask(at: 2_000, lease: TaskLease(owner: "b", until: 3_000)))
        #expect(taken.id == second.id && taken.state == .dispatched)
        #expect(try await store.claimAbandonedTask(at: 2_000, lease: TaskLease(owner: "b", until: 3_000)) == nil)
        await #expect(throws: LeaseLost.self) {
            try await store.record(taskID: second.id, StateEntry(state: .proved, time: 2_100), owner: "a")
        }
        // a restarts: its leases go at once, so its first task is free again before 5_000.
        try await store.releaseLeases(owner: "a")
        let resumed = try #require(try await store.claimAbandonedTask(at: 2_200, lease: TaskLease(owner: "a", until: 9_000)))
        #expect(resumed.id == first.id)
        #expect(try await store.states(ofMessage: "l1")?.map(\.state) == [.received, .packed, .dispatched])
    }
}
