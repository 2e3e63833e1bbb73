import Foundation
import Hummingbird
import NIOCore

/// The node's HTTP API: sprout v0.8's sequencer and coordinator routes, byte-compatible, plus
/// our own (`/projects`, `/plugins`, `/admin/...`, `/openapi.json`).
public struct NodeAPI: Sendable {
    let store: any NodeStore
    let projects: ProjectCatalog
    let plugins: PluginRegistry
    let settings: APISettings
    let metrics: NodeMetrics
    let admission: AdmissionControl
    let progress: ProgressBoard

    public struct APISettings: Sendable {
        /// Bodies of `POST /message` larger than this are refused with 413.
        public var maximumMessageBytes = 1 << 20
        /// Bearer token for `/admin/...`; nil disables those routes.
        public var adminToken: String?
        /// Pending and rate limits of `POST /message`.
        public var limits = AdmissionControl.Limits()

        public init(maximumMessageBytes: Int = 1 << 20, adminToken: String? = nil) {
            self.maximumMessageBytes = maximumMessageBytes
            self.adminToken = adminToken
        }
    }

    public func router() -> Router<NodeRequestContext> {
        let router = Router(context: NodeRequestContext.self)
        router.add(middleware: GinCompatibilityMiddleware())
        router.post("message") { request, context in try await postMessage(request, client: context.clientAddress) }
        router.get("message/:id") { _, context in try await getMessage(context.parameters.require("id")) }
        router.get("message/:id/progress") { _, context in try await getProgress(context.parameters.require("id")) }
        router.get("task/:project/:task") { _, context in
            try await getTask(project: context.parameters.require("project"), task: context.parameters.require("task"))
        }
        router.get("/") { _, _ in
            let html = try await StatusPage(store: store, projects: projects, plugins: plugins, progress: progress).render()
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        router.get("live") { _, _ in Self.json(.object([("status", .string("up"))])) }
        router.get("projects") { _, _ in Self.json(listProjects()) }
        router.get("plugins") { _, _ in Self.json(listPlugins()) }
        router.post("admin/plugins/reload") { request, _ in
            try authorize(request)
            return Self.json(.object([("changes", .array(plugins.reload().map { .string($0) }))]))
        }
        router.post("admin/projects/:project/engine") { request, context in
            try authorize(request)
            return try await pinEngine(request, project: context.parameters.require("project"))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("tasks") { request, _ in try await recentTasks(limit: request.uri.queryParameters.get("limit", as: Int.self) ?? 20) }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        return router
    }

    // MARK: - sprout routes

    private func postMessage(_ request: Request, client: String) async throws -> Response {
        let response = try await acceptMessage(request, client: client)
        if response.status == .ok { metrics.messagesAccepted.increment() } else { metrics.messagesRejected.increment() }
        return response
    }

    private func acceptMessage(_ request: Request, client: String) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: settings.maximumMessageBytes)
        } catch {
            return Self.error(.contentTooLarge, "message body exceeds the limit of \(settings.maximumMessageBytes) bytes; send smaller data or raise maximumMessageBytes")
        }
        let message: MessageRequest
        do {
            message = try MessageRequest.bind(Array(buffer: body))
        } catch {
            return Self.error(.badRequest, error.message)
        }
        guard let project = projects.entry(projectID: message.projectID, version: message.projectVersion) else {
            return Self.error(.badRequest, "project config not exist, projectID \(message.projectID), version \(message.projectVersion)")
        }
        do {
            try admission.admit(projectID: project.projectID, client: client)
        } catch {
            return Self.error(.tooManyRequests, error.description)
        }
        let id = UUID().uuidString.lowercased()
        do {
            try await store.insertMessage(
                MessageRecord(
                    id: id, projectID: project.projectID, projectVersion: project.config.version, clientID: "", data: Array(message.data.utf8),
                    receivedAt: TaskPipeline.now, taskID: nil))
        } catch {
            return Self.error(.internalServerError, "cannot store the message: \(error)")
        }
        return Self.json(.object([("messageID", .string(id))]))
    }

    private func getMessage(_ id: String) async throws -> Response {
        let states = try await store.states(ofMessage: id)
        return Self.json(.object([("messageID", .string(id)), ("states", states.map { .array($0.map(GoJSON.state)) } ?? .null)]))
    }

    /// Our addition beside sprout's route, so its exact body stays unchanged: where the
    /// message's task is while it proves (engine phase, percent, attempt).
    private func getProgress(_ id: String) async throws -> Response {
        guard let message = try await store.message(id: id) else { return Self.error(.notFound, "no message \(id)") }
        let current = message.taskID.flatMap { progress.progress(taskID: $0) }
        return Self.json(
            .object([
                ("messageID", .string(id)), ("taskID", message.taskID.map { .integer($0) } ?? .null),
                ("phase", current.map { .string($0.phase) } ?? .null), ("percent", current.map { .integer(Int64(($0.fraction * 100).rounded(.down))) } ?? .null),
                ("attempt", current.map { .integer(Int64($0.attempt)) } ?? .null),
            ]))
    }

    private func getTask(project: String, task: String) async throws -> Response {
        guard let projectID = UInt64(project), let taskID = Int64(task) else {
            return Self.error(.badRequest, "project and task IDs must be decimal numbers")
        }
        let found = try await store.task(projectID: projectID, taskID: taskID)
        return Self.json(
            .object([
                ("taskID", .integer(taskID)), ("projectID", .unsigned(projectID)),
                ("states", found.map { .array($0.1.filter { $0.state != .packed }.map(GoJSON.state)) } ?? .null),
            ]))
    }

    // MARK: - Our routes

    private func recentTasks(limit: Int) async throws -> Response {
        let tasks = try await store.recentTasks(limit: max(1, min(limit, 1000)))
        return Self.json(
            .array(
                tasks.map { task, log in
                    .object([
                        ("taskID", .integer(task.id)), ("projectID", .unsigned(task.projectID)), ("projectVersion", .string(task.projectVersion)),
                        ("state", .string(task.state.rawValue)), ("attempts", .integer(Int64(task.attempts))),
                        ("states", .array(log.map(GoJSON.state))),
                    ])
                }))
    }

    private func listProjects() -> GoJSON {
        .object([
            (
                "projects",
                .array(
                    projects.entries.map { entry in
                        .object([
                            ("projectID", .unsigned(entry.projectID)), ("version", .string(entry.config.version)), ("vmType", .string(entry.config.vmType)),
                            ("codeBytes", .integer(Int64(entry.code.count))), ("engineVersion", entry.engineRange.map { .string($0.description) } ?? .null),
                            ("engineVersionOverride", plugins.pin(of: entry.projectID).map { .string($0.description) } ?? .null),
                        ])
                    })
            ),
            ("errors", .object(projects.errors.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }

    private func listPlugins() -> GoJSON {
        .array(
            plugins.entries.map { entry in
                .object([
                    ("file", .string(entry.file)), ("sha256", .string(entry.digest)), ("name", entry.info.map { .string($0.name) } ?? .null),
                    ("version", entry.info.map { .string($0.version.description) } ?? .null),
                    ("vmTypes", .array((entry.info?.vmTypes ?? []).map { .string($0) })), ("abi", entry.info.map { .string($0.abi) } ?? .null),
                    ("status", .string(entry.statusText)), ("inFlight", .integer(Int64(entry.inFlight))),
                ])
            })
    }

    private func pinEngine(_ request: Request, project: String) async throws -> Response {
        var request = request
        guard let projectID = UInt64(project) else { return Self.error(.badRequest, "project ID must be a decimal number") }
        guard let entry = projects.entries.first(where: { $0.projectID == projectID }) else {
            return Self.error(.notFound, "project \(projectID) is not loaded")
        }
        let body = try await request.collectBody(upTo: 4096)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any], let text = object["version"] as? String? else {
            return Self.error(.badRequest, "send {\"version\": \"^1.2\"} to pin, or {\"version\": null} to unpin")
        }
        do {
            let range = try text.map { text throws(VersionRange.ParseError) in try VersionRange(text) }
            try plugins.pin(project: projectID, vmType: entry.config.vmType, to: range)
        } catch {
            return Self.error(.badRequest, "\(error)")
        }
        return Self.json(.object([("projectID", .unsigned(projectID)), ("engineVersion", text.map { .string($0) } ?? .null)]))
    }

    private func authorize(_ request: Request) throws {
        guard let token = settings.adminToken else {
            throw HTTPError(.forbidden, message: "the admin API is disabled; start the node with an admin token (--admin-token or SPROUT_ADMIN_TOKEN)")
        }
        guard request.headers[.authorization] == "Bearer \(token)" else {
            throw HTTPError(.unauthorized, message: "admin routes need the header Authorization: Bearer <admin token>")
        }
    }

    // MARK: - Responses

    static func json(_ value: GoJSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: value.rendered)))
    }

    /// gin's error body: `{"error":"…"}`.
    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }
}

/// gin's answers where Hummingbird's defaults differ: a plain-text 404 body, and HTTP errors
/// as `{"error":…}` JSON.
struct GinCompatibilityMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: NodeRequestContext, next: (Request, NodeRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            return Response(status: .notFound, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "404 page not found")))
        } catch let error as HTTPError {
            return NodeAPI.error(error.status, error.body ?? error.status.reasonPhrase)
        }
    }
}
