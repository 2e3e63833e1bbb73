import Foundation
import GRDB
import Synchronization

/// The default store: one SQLite file in WAL mode, schema managed by migrations.
///
/// WAL with synchronous=NORMAL makes every committed transaction survive the process being
/// killed (the log is in the OS page cache); FULL also survives a power cut at some cost in
/// throughput. Writers are serialized by GRDB; readers run concurrently.
public final class SQLiteStore: NodeStore {
    private let pool: DatabasePool

    public init(path: String, synchronousFull: Bool = false) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronousFull ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA busy_timeout = 5000")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: messages, tasks, state log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tasks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        project_id INTEGER NOT NULL,
                        project_version TEXT NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX tasks_state ON tasks(state, id);
                    CREATE TABLE messages (
                        id TEXT PRIMARY KEY,
                        project_id INTEGER NOT NULL,
                        project_version TEXT NOT NULL,
                        client_id TEXT NOT NULL,
                        data BLOB NOT NULL,
                        received_at INTEGER NOT NULL,
                        task_id INTEGER REFERENCES tasks(id)
                    );
                    CREATE INDEX messages_unpacked ON messages(project_id, project_version, client_id, received_at) WHERE task_id IS NULL;
                    CREATE INDEX messages_task ON messages(task_id);
                    CREATE TABLE task_states (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        task_id INTEGER NOT NULL REFERENCES tasks(id),
                        state TEXT NOT NULL,
                        time INTEGER NOT NULL,
                        comment TEXT NOT NULL,
                        result BLOB NOT NULL
                    );
                    CREATE INDEX task_states_task ON task_states(task_id, id);
                    """)
        }
        migrator.registerMigration("v2: task leases") { db in
            try db.execute(sql: "ALTER TABLE tasks ADD COLUMN lease_owner TEXT; ALTER TABLE tasks ADD COLUMN lease_until INTEGER")
        }
        return migrator
    }

    /// Group commit: concurrent inserts wait together and are written in one transaction, so a
    /// burst of messages costs one commit instead of one each. Each caller returns only after
    /// the transaction holding its message has committed.
    public func insertMessage(_ message: MessageRecord) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startWriter = insertQueue.withLock { queue in
                queue.waiting.append((message, continuation))
                defer { queue.writing = true }
                return !queue.writing
            }
            if startWriter { Task { await self.drainInserts() } }
        }
    }

    private struct InsertQueue {
        var waiting: [(MessageRecord, CheckedContinuation<Void, any Error>)] = []
        var writing = false
    }

    private let insertQueue = Mutex(InsertQueue())

    private func drainInserts() async {
        while true {
            let batch = insertQueue.withLock { queue in
                defer { queue.waiting = [] }
                if queue.waiting.isEmpty { queue.writing = false }
                return queue.waiting
            }
            if batch.isEmpty { return }
            do {
                try await pool.write { db in
                    for (message, _) in batch { try Self.insert(db, message) }
                }
                batch.forEach { $0.1.resume() }
            } catch {
                // One bad row must not fail its neighbours: retry them one by one.
                for (message, continuation) in batch {
                    do {
                        try await pool.write { db in try Self.insert(db, message) }
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    private static func insert(_ db: Database, _ message: MessageRecord) throws {
        try db.execute(
            sql: "INSERT INTO messages (id, project_id, project_version, client_id, data, received_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [message.id, Int64(bitPattern: message.projectID), message.projectVersion, message.clientID, Data(message.data), message.receivedAt])
    }

    public func message(id: String) async throws -> MessageRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [id]).map(Self.message)
        }
    }

    public func states(ofMessage id: String) async throws -> [StateEntry]? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT received_at, task_id FROM messages WHERE id = ?", arguments: [id]) else { return nil }
            var states = [StateEntry(state: .received, time: row["received_at"])]
            if let taskID: Int64 = row["task_id"] { states += try Self.log(db, taskID: taskID) }
            return states
        }
    }

    public func pendingGroups() async throws -> [PendingGroup] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT project_id, project_version, client_id, COUNT(*) AS count, MIN(received_at) AS oldest
                    FROM messages WHERE task_id IS NULL GROUP BY project_id, project_version, client_id
                    """
            ).map { row in
                PendingGroup(
                    projectID: UInt64(bitPattern: row["project_id"]), projectVersion: row["project_version"], clientID: row["client_id"],
                    count: row["count"], oldest: row["oldest"])
            }
        }
    }

    public func unfinishedMessageCounts() async throws -> [UInt64: Int] {
        try await pool.read { db in
            var counts: [UInt64: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT project_id, COUNT(*) AS count FROM messages WHERE task_id IS NULL GROUP BY project_id
                    UNION ALL
                    SELECT m.project_id, COUNT(*) AS count FROM tasks t JOIN messages m ON m.task_id = t.id
                    WHERE t.state IN ('packed', 'dispatched', 'proved') GROUP BY m.project_id
                    """)
            for row in rows { counts[UInt64(bitPattern: row["project_id"]), default: 0] += row["count"] as Int }
            return counts
        }
    }

    public func packTasks(projectID: UInt64, projectVersion: String, clientID: String, amount: Int, maxTasks: Int, at time: Int64) async throws -> [TaskRecord] {
        try await pool.write { db in
            let ids = try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM messages WHERE task_id IS NULL AND project_id = ? AND project_version = ? AND client_id = ?
                    ORDER BY received_at, rowid LIMIT ?
                    """,
                arguments: [Int64(bitPattern: projectID), projectVersion, clientID, amount * maxTasks])
            var tasks: [TaskRecord] = []
            for start in stride(from: 0, to: ids.count, by: amount) {
                let members = Array(ids[start..<min(start + amount, ids.count)])
                try db.execute(
                    sql: "INSERT INTO tasks (project_id, project_version, state, created_at) VALUES (?, ?, 'packed', ?)",
                    arguments: [Int64(bitPattern: projectID), projectVersion, time])
                let taskID = db.lastInsertedRowID
                try db.execute(
                    sql: "UPDATE messages SET task_id = ? WHERE id IN (\(members.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments([taskID] + members.map { $0 as any DatabaseValueConvertible }))
                try Self.append(db, taskID: taskID, StateEntry(state: .packed, time: time))
                tasks.append(TaskRecord(id: taskID, projectID: projectID, projectVersion: projectVersion, state: .packed, attempts: 0))
            }
            return tasks
        }
    }

    public func claimPackedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE state = 'packed' ORDER BY id LIMIT 1") else { return nil }
            var task = Self.task(row)
            task.state = .dispatched
            try Self.append(db, taskID: task.id, StateEntry(state: .dispatched, time: time))
            try Self.lease(db, taskID: task.id, lease)
            return task
        }
    }

    public func claimAbandonedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM tasks WHERE state IN ('dispatched', 'proved') AND (lease_until IS NULL OR lease_until < ?) ORDER BY id LIMIT 1",
                    arguments: [time])
            else { return nil }
            let task = Self.task(row)
            try Self.lease(db, taskID: task.id, lease)
            return task
        }
    }

    public func renewLeases(taskIDs: [Int64], lease: TaskLease) async throws {
        guard !taskIDs.isEmpty else { return }
        try await pool.write { db in
            for id in taskIDs {
                try db.execute(sql: "UPDATE tasks SET lease_until = ? WHERE id = ? AND lease_owner = ?", arguments: [lease.until, id, lease.owner])
            }
        }
    }

    public func releaseLeases(owner: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE tasks SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", arguments: [owner])
        }
    }

    private static func lease(_ db: Database, taskID: Int64, _ lease: TaskLease) throws {
        try db.execute(sql: "UPDATE tasks SET lease_owner = ?, lease_until = ? WHERE id = ?", arguments: [lease.owner, lease.until, taskID])
    }

    public func taskData(taskID: Int64) async throws -> [[UInt8]] {
        try await pool.read { db in
            try Data.fetchAll(db, sql: "SELECT data FROM messages WHERE task_id = ? ORDER BY received_at, rowid", arguments: [taskID]).map { [UInt8]($0) }
        }
    }

    public func record(taskID: Int64, _ entry: StateEntry, owner: String?) async throws {
        try await pool.write { db in
            if let owner {
                let holder = try String.fetchOne(db, sql: "SELECT lease_owner FROM tasks WHERE id = ?", arguments: [taskID])
                guard holder == owner else { throw LeaseLost(taskID: taskID, owner: owner) }
            }
            try Self.append(db, taskID: taskID, entry)
        }
    }

    public func countAttempt(taskID: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE tasks SET attempts = attempts + 1 WHERE id = ?", arguments: [taskID])
        }
    }

    public func task(projectID: UInt64, taskID: Int64) async throws -> (TaskRecord, [StateEntry])? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ? AND project_id = ?", arguments: [taskID, Int64(bitPattern: projectID)])
            else { return nil }
            return (Self.task(row), try Self.log(db, taskID: taskID))
        }
    }

    public func recentTasks(limit: Int) async throws -> [(TaskRecord, [StateEntry])] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tasks ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                let task = Self.task(row)
                return (task, try Self.log(db, taskID: task.id))
            }
        }
    }

    // MARK: - Rows

    /// Callers take an entry's time before they wait for the writer, so a concurrent write can
    /// land first with a later time; an entry is therefore never dated before the task's
    /// previous state or the arrival of its messages, and the state log reads in order.
    private static func append(_ db: Database, taskID: Int64, _ entry: StateEntry) throws {
        try db.execute(
            sql: """
                INSERT INTO task_states (task_id, state, time, comment, result) VALUES (?, ?, MAX(?,
                    COALESCE((SELECT time FROM task_states WHERE task_id = ? ORDER BY id DESC LIMIT 1), 0),
                    COALESCE((SELECT MAX(received_at) FROM messages WHERE task_id = ?), 0)), ?, ?)
                """,
            arguments: [taskID, entry.state.rawValue, entry.time, taskID, taskID, entry.comment, Data(entry.result)])
        try db.execute(sql: "UPDATE tasks SET state = ? WHERE id = ?", arguments: [entry.state.rawValue, taskID])
    }

    private static func log(_ db: Database, taskID: Int64) throws -> [StateEntry] {
        try Row.fetchAll(db, sql: "SELECT state, time, comment, result FROM task_states WHERE task_id = ? ORDER BY id", arguments: [taskID]).map { row in
            StateEntry(
                state: TaskState(rawValue: row["state"]) ?? .failed, time: row["time"], comment: row["comment"],
                result: [UInt8](row["result"] as Data))
        }
    }

    private static func task(_ row: Row) -> TaskRecord {
        TaskRecord(
            id: row["id"], projectID: UInt64(bitPattern: row["project_id"]), projectVersion: row["project_version"],
            state: TaskState(rawValue: row["state"]) ?? .failed, attempts: row["attempts"])
    }

    private static func message(_ row: Row) -> MessageRecord {
        MessageRecord(
            id: row["id"], projectID: UInt64(bitPattern: row["project_id"]), projectVersion: row["project_version"],
            clientID: row["client_id"], data: [UInt8](row["data"] as Data), receivedAt: row["received_at"], taskID: row["task_id"])
    }
}
