import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The store for nodes that share one database: PostgreSQL through postgres-nio.
///
/// Same semantics as `SQLiteStore`; tasks are claimed with `FOR UPDATE SKIP LOCKED`, so several
/// nodes on one database never claim the same task. Every method commits before it returns.
public final class PostgresStore: NodeStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// Connects to `url` (postgres://user:password@host:port/database) and migrates the schema.
    public init(url: String, logger: Logger = Logger(label: "sprout.store")) async throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, let user = components.user
        else {
            throw StoreConfigurationError(message: "\(url) is not a PostgreSQL URL; write postgres://USER:PASSWORD@HOST:PORT/DATABASE")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password, database: database.isEmpty ? nil : database,
            tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        try await migrate()
    }

    deinit { runner.cancel() }

    /// Schema versions, applied once each under an advisory lock so that several nodes starting
    /// together do not race.
    static let migrations: [String] = [
        """
        CREATE TABLE tasks (
            id BIGSERIAL PRIMARY KEY,
            project_id BIGINT NOT NULL,
            project_version TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX tasks_state ON tasks(state, id);
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            project_id BIGINT NOT NULL,
            project_version TEXT NOT NULL,
            client_id TEXT NOT NULL,
            data BYTEA NOT NULL,
            received_at BIGINT NOT NULL,
            seq BIGSERIAL,
            task_id BIGINT REFERENCES tasks(id)
        );
        CREATE INDEX messages_unpacked ON messages(project_id, project_version, client_id, received_at) WHERE task_id IS NULL;
        CREATE INDEX messages_task ON messages(task_id);
        CREATE TABLE task_states (
            id BIGSERIAL PRIMARY KEY,
            task_id BIGINT NOT NULL REFERENCES tasks(id),
            state TEXT NOT NULL,
            time BIGINT NOT NULL,
            comment TEXT NOT NULL,
            result BYTEA NOT NULL
        );
        CREATE INDEX task_states_task ON task_states(task_id, id);
        """,
        """
        ALTER TABLE tasks ADD COLUMN lease_owner TEXT;
        ALTER TABLE tasks ADD COLUMN lease_until BIGINT
        """,
    ]

    private func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(7165431)", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS sprout_schema (version INTEGER NOT NULL)", logger: logger)
            var applied = 0
            for try await version in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM sprout_schema", logger: logger).decode(Int.self) {
                applied = version
            }
            for (index, migration) in Self.migrations.enumerated() where index + 1 > applied {
                for statement in migration.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO sprout_schema (version) VALUES (\(index + 1))", logger: logger)
            }
        }
    }

    public func insertMessage(_ message: MessageRecord) async throws {
        try await client.query(
            """
            INSERT INTO messages (id, project_id, project_version, client_id, data, received_at)
            VALUES (\(message.id), \(Int64(bitPattern: message.projectID)), \(message.projectVersion), \(message.clientID), \(ByteBuffer(bytes: message.data)), \(message.receivedAt))
            """, logger: logger)
    }

    public func message(id: String) async throws -> MessageRecord? {
        let rows = try await client.query(
            "SELECT id, project_id, project_version, client_id, data, received_at, task_id FROM messages WHERE id = \(id)", logger: logger)
        for try await (id, project, version, client, data, received, task) in rows.decode((String, Int64, String, String, ByteBuffer, Int64, Int64?).self) {
            return MessageRecord(
                id: id, projectID: UInt64(bitPattern: project), projectVersion: version, clientID: client, data: Array(buffer: data),
                receivedAt: received, taskID: task)
        }
        return nil
    }

    public func states(ofMessage id: String) async throws -> [StateEntry]? {
        let rows = try await client.query("SELECT received_at, task_id FROM messages WHERE id = \(id)", logger: logger)
        for try await (received, task) in rows.decode((Int64, Int64?).self) {
            var states = [StateEntry(state: .received, time: received)]
            if let task { states += try await log(taskID: task) }
            return states
        }
        return nil
    }

    public func pendingGroups() async throws -> [PendingGroup] {
        let rows = try await client.query(
            """
            SELECT project_id, project_version, client_id, COUNT(*)::BIGINT, MIN(received_at)
            FROM messages WHERE task_id IS NULL GROUP BY project_id, project_version, client_id
            """, logger: logger)
        var groups: [PendingGroup] = []
        for try await (project, version, client, count, oldest) in rows.decode((Int64, String, String, Int64, Int64).self) {
            groups.append(PendingGroup(projectID: UInt64(bitPattern: project), projectVersion: version, clientID: client, count: Int(count), oldest: oldest))
        }
        return groups
    }

    public func unfinishedMessageCounts() async throws -> [UInt64: Int] {
        let rows = try await client.query(
            """
            SELECT project_id, COUNT(*)::BIGINT FROM messages WHERE task_id IS NULL GROUP BY project_id
            UNION ALL
            SELECT m.project_id, COUNT(*)::BIGINT FROM tasks t JOIN messages m ON m.task_id = t.id
            WHERE t.state IN ('packed', 'dispatched', 'proved') GROUP BY m.project_id
            """, logger: logger)
        var counts: [UInt64: Int] = [:]
        for try await (project, count) in rows.decode((Int64, Int64).self) { counts[UInt64(bitPattern: project), default: 0] += Int(count) }
        return counts
    }

    public func packTasks(projectID: UInt64, projectVersion: String, clientID: String, amount: Int, maxTasks: Int, at time: Int64) async throws -> [TaskRecord] {
        let project = Int64(bitPattern: projectID)
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            // SKIP LOCKED: a message another node is packing right now is left to it.
            var ids: [String] = []
            let rows = try await connection.query(
                """
                SELECT id FROM messages WHERE task_id IS NULL AND project_id = \(project) AND project_version = \(projectVersion) AND client_id = \(clientID)
                ORDER BY received_at, seq LIMIT \(amount * maxTasks) FOR UPDATE SKIP LOCKED
                """, logger: logger)
            for try await id in rows.decode(String.self) { ids.append(id) }
            var tasks: [TaskRecord] = []
            for start in stride(from: 0, to: ids.count, by: amount) {
                let members = Array(ids[start..<min(start + amount, ids.count)])
                var taskID: Int64 = 0
                for try await id in try await connection.query(
                    "INSERT INTO tasks (project_id, project_version, state, created_at) VALUES (\(project), \(projectVersion), 'packed', \(time)) RETURNING id",
                    logger: logger
                ).decode(Int64.self) {
                    taskID = id
                }
                try await connection.query("UPDATE messages SET task_id = \(taskID) WHERE id = ANY(\(members))", logger: logger)
                try await Self.append(connection, logger: logger, taskID: taskID, StateEntry(state: .packed, time: time))
                tasks.append(TaskRecord(id: taskID, projectID: projectID, projectVersion: projectVersion, state: .packed, attempts: 0))
            }
            return tasks
        }
    }

    public func claimPackedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? {
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                "SELECT id, project_id, project_version, attempts FROM tasks WHERE state = 'packed' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                logger: logger)
            var claimed: TaskRecord?
            for try await (id, project, version, attempts) in rows.decode((Int64, Int64, String, Int).self) {
                claimed = TaskRecord(id: id, projectID: UInt64(bitPattern: project), projectVersion: version, state: .dispatched, attempts: attempts)
            }
            guard let claimed else { return nil }
            try await Self.append(connection, logger: logger, taskID: claimed.id, StateEntry(state: .dispatched, time: time))
            try await connection.query(
                "UPDATE tasks SET lease_owner = \(lease.owner), lease_until = \(lease.until) WHERE id = \(claimed.id)", logger: logger)
            return claimed
        }
    }

    public func claimAbandonedTask(at time: Int64, lease: TaskLease) async throws -> TaskRecord? {
        let logger = logger
        return try await client.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT id, project_id, project_version, state, attempts FROM tasks
                WHERE state IN ('dispatched', 'proved') AND (lease_until IS NULL OR lease_until < \(time))
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                """, logger: logger)
            var claimed: TaskRecord?
            for try await (id, project, version, state, attempts) in rows.decode((Int64, Int64, String, String, Int).self) {
                claimed = TaskRecord(
                    id: id, projectID: UInt64(bitPattern: project), projectVersion: version, state: TaskState(rawValue: state) ?? .failed, attempts: attempts)
            }
            guard let claimed else { return nil }
            try await connection.query(
                "UPDATE tasks SET lease_owner = \(lease.owner), lease_until = \(lease.until) WHERE id = \(claimed.id)", logger: logger)
            return claimed
        }
    }

    public func renewLeases(taskIDs: [Int64], lease: TaskLease) async throws {
        guard !taskIDs.isEmpty else { return }
        try await client.query(
            "UPDATE tasks SET lease_until = \(lease.until) WHERE id = ANY(\(taskIDs)) AND lease_owner = \(lease.owner)", logger: logger)
    }

    public func releaseLeases(owner: String) async throws {
        try await client.query("UPDATE tasks SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(owner)", logger: logger)
    }

    public func taskData(taskID: Int64) async throws -> [[UInt8]] {
        var data: [[UInt8]] = []
        let rows = try await client.query("SELECT data FROM messages WHERE task_id = \(taskID) ORDER BY received_at, seq", logger: logger)
        for try await bytes in rows.decode(ByteBuffer.self) { data.append(Array(buffer: bytes)) }
        return data
    }

    public func record(taskID: Int64, _ entry: StateEntry, owner: String?) async throws {
        let logger = logger
        // The lease check runs in the transaction but throws outside it, so callers see
        // `LeaseLost` itself rather than PostgresNIO's transaction wrapper.
        let held = try await client.withTransaction(logger: logger) { connection in
            if let owner {
                var holder: String?
                let rows = try await connection.query("SELECT lease_owner FROM tasks WHERE id = \(taskID) FOR UPDATE", logger: logger)
                for try await current in rows.decode(String?.self) { holder = current }
                guard holder == owner else { return false }
            }
            try await Self.append(connection, logger: logger, taskID: taskID, entry)
            return true
        }
        if !held, let owner { throw LeaseLost(taskID: taskID, owner: owner) }
    }

    public func countAttempt(taskID: Int64) async throws {
        try await client.query("UPDATE tasks SET attempts = attempts + 1 WHERE id = \(taskID)", logger: logger)
    }

    public func task(projectID: UInt64, taskID: Int64) async throws -> (TaskRecord, [StateEntry])? {
        guard let task = try await tasks(where: "id = \(taskID) AND project_id = \(Int64(bitPattern: projectID))").first else { return nil }
        return (task, try await log(taskID: taskID))
    }

    public func recentTasks(limit: Int) async throws -> [(TaskRecord, [StateEntry])] {
        var result: [(TaskRecord, [StateEntry])] = []
        for task in try await tasks(where: "TRUE ORDER BY id DESC LIMIT \(limit)") {
            result.append((task, try await log(taskID: task.id)))
        }
        return result
    }

    // MARK: - Rows

    /// `condition` is built only from integers and fixed SQL in this file, never from input.
    private func tasks(where condition: String) async throws -> [TaskRecord] {
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "SELECT id, project_id, project_version, state, attempts FROM tasks WHERE \(condition)"), logger: logger)
        var tasks: [TaskRecord] = []
        for try await (id, project, version, state, attempts) in rows.decode((Int64, Int64, String, String, Int).self) {
            tasks.append(
                TaskRecord(id: id, projectID: UInt64(bitPattern: project), projectVersion: version, state: TaskState(rawValue: state) ?? .failed, attempts: attempts))
        }
        return tasks
    }

    private func log(taskID: Int64) async throws -> [StateEntry] {
        var entries: [StateEntry] = []
        let rows = try await client.query("SELECT state, time, comment, result FROM task_states WHERE task_id = \(taskID) ORDER BY id", logger: logger)
        for try await (state, time, comment, result) in rows.decode((String, Int64, String, ByteBuffer).self) {
            entries.append(StateEntry(state: TaskState(rawValue: state) ?? .failed, time: time, comment: comment, result: Array(buffer: result)))
        }
        return entries
    }

    /// Callers take an entry's time before they wait for the database, so a concurrent write can
    /// land first with a later time; an entry is therefore never dated before the task's
    /// previous state or the arrival of its messages, and the state log reads in order.
    private static func append(_ connection: PostgresConnection, logger: Logger, taskID: Int64, _ entry: StateEntry) async throws {
        try await connection.query(
            """
            INSERT INTO task_states (task_id, state, time, comment, result)
            VALUES (\(taskID), \(entry.state.rawValue), GREATEST(\(entry.time),
                (SELECT time FROM task_states WHERE task_id = \(taskID) ORDER BY id DESC LIMIT 1),
                (SELECT MAX(received_at) FROM messages WHERE task_id = \(taskID))),
                \(entry.comment), \(ByteBuffer(bytes: entry.result)))
            """, logger: logger)
        try await connection.query("UPDATE tasks SET state = \(entry.state.rawValue) WHERE id = \(taskID)", logger: logger)
    }
}

/// A database URL or option the node cannot use.
public struct StoreConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
