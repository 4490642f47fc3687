import ACP
import AgentSessions
import DesktopRuntime
import Foundation
import HTTPTypes
import Hummingbird
import SandboxAgentAPI
import ServiceLifecycle
import NIOCore
import SessionStore

/// `/v1/sessions/*`: server-side sessions with one event schema.
struct SessionRoutes {
    let sessions: SessionManager
    let desktop: SessionDesktop
    let screenshots: SessionScreenshots
    let jsonLimit: Int

    struct PromptBody: Decodable {
        var prompt: JSONValue
    }

    struct ModeBody: Decodable {
        var modeId: String
    }

    struct ConfigBody: Decodable {
        var configId: String
        var value: JSONValue
    }

    func register(on routes: RouteTable) {
        routes.on(.post, "/v1/sessions") { request, _ in
            var body = try await JSONBody.decode(SessionCreateRequest.self, from: request, limit: jsonLimit)
            var recording: DesktopRecordingInfo?
            if let option = body.desktop {
                let id = body.id ?? SessionManager.newSessionId()
                body.id = id
                body.mcpServers = try await desktop.attach(option, sessionId: id, to: body.mcpServers)
                // Claude Code would hide MCP tools behind its ToolSearch tool; computer use wants them at hand.
                body.env = (body.env ?? [:]).merging(["ENABLE_TOOL_SEARCH": "false"]) { given, _ in given }
                recording = try await desktop.startRecording(option)
            }
            let record = try await sessions.create(body)
            if let recording { SessionDesktop.note(recording, in: try await sessions.log(record.id)) }
            return try JSONBody.response(record.session)
        }
        routes.on(.get, "/v1/sessions") { request, _ in
            let limit = try request.query.int("limit", range: 1...500) ?? 50
            let scope = request.query.string("scope") ?? "own"
            guard scope == "own" || scope == "all" else { throw APIError.invalidRequest("scope must be 'own' or 'all', got '\(scope)'") }
            let page = try await sessions.list(after: request.query.string("cursor"), limit: limit, allInstances: scope == "all")
            return try JSONBody.response(SessionListResponse(items: page.items.map(\.session), nextCursor: page.nextCursor))
        }
        routes.on(.get, "/v1/sessions/:id") { _, context in
            try JSONBody.response(try await sessions.record(context.sessionId()).session)
        }
        routes.on(.delete, "/v1/sessions/:id") { _, context in
            try JSONBody.response(try await sessions.end(context.sessionId()).session)
        }
        routes.on(.get, "/v1/sessions/:id/screenshots/:screenshotId") { _, context in
            let session = try await sessions.record(context.sessionId())
            let id = context.parameters.get("screenshotId") ?? ""
            guard let image = screenshots.image(id, of: session.id) else {
                throw APIError(
                    .notFound, code: "screenshot_not_found", title: "Screenshot not found",
                    detail: "session \(session.id) has no screenshot \(id) (the server keeps the newest \(screenshots.perSession) per session, in memory)")
            }
            // An id always names the same image.
            return Response(
                status: .ok, headers: [.contentType: image.contentType, .cacheControl: "private, max-age=86400, immutable"],
                body: .init(byteBuffer: image.data))
        }
        routes.on(.post, "/v1/sessions/:id/resume") { _, context in
            try JSONBody.response(try await sessions.resume(context.sessionId()).session)
        }
        routes.on(.post, "/v1/sessions/:id/prompt") { request, context in
            let body = try await JSONBody.decode(PromptBody.self, from: request, limit: jsonLimit)
            let blocks = try PromptContent.blocks(from: body.prompt)
            let session = try await sessions.liveForPrompt(context.sessionId())
            guard try request.query.bool("wait") ?? true else {
                try await session.startPrompt(blocks)
                return try JSONBody.response(PromptAccepted(), status: .accepted)
            }
            // A server shutdown waits for running handlers; a turn waited on here is cancelled
            // then, so the shutdown never hangs on an agent that does not finish.
            let stopReason = try await withGracefulShutdownHandler {
                try await session.prompt(blocks)
            } onGracefulShutdown: {
                Task { try? await session.cancel() }
            }
            return try JSONBody.response(PromptResult(stopReason: stopReason))
        }
        routes.on(.post, "/v1/sessions/:id/cancel") { _, context in
            let session = try await sessions.live(context.sessionId())
            try await session.cancel()
            return try JSONBody.response(await session.record.session)
        }
        routes.on(.post, "/v1/sessions/:id/mode") { request, context in
            let session = try await sessions.live(context.sessionId())
            let body = try await JSONBody.decode(ModeBody.self, from: request, limit: jsonLimit)
            try await session.setMode(body.modeId)
            return try JSONBody.response(await session.record.session)
        }
        routes.on(.post, "/v1/sessions/:id/config") { request, context in
            let session = try await sessions.live(context.sessionId())
            let body = try await JSONBody.decode(ConfigBody.self, from: request, limit: jsonLimit)
            let options = try await session.setConfigOption(body.configId, value: body.value)
            return try JSONBody.response(["configOptions": options])
        }
        routes.on(.get, "/v1/sessions/:id/permissions") { _, context in
            let session = try await sessions.live(context.sessionId())
            return try JSONBody.response(PermissionListResponse(permissions: await session.pendingPermissions))
        }
        routes.on(.post, "/v1/sessions/:id/permissions/:permissionId") { request, context in
            let session = try await sessions.live(context.sessionId())
            let reply = try await JSONBody.decode(PermissionReplyRequest.self, from: request, limit: jsonLimit).parsed()
            guard let permissionId = context.parameters.get("permissionId") else { throw APIError.invalidRequest("missing permission id") }
            let optionId = try await session.answerPermission(permissionId, reply: reply)
            return try JSONBody.response(PermissionReplyResponse(permissionId: permissionId, optionId: optionId))
        }
        routes.on(.get, "/v1/sessions/:id/questions") { _, context in
            let session = try await sessions.live(context.sessionId())
            return try JSONBody.response(QuestionListResponse(questions: await session.pendingQuestions))
        }
        routes.on(.post, "/v1/sessions/:id/questions/:questionId") { request, context in
            let session = try await sessions.live(context.sessionId())
            let answer = try await JSONBody.decode(QuestionAnswerRequest.self, from: request, limit: jsonLimit).answer()
            guard let questionId = context.parameters.get("questionId") else { throw APIError.invalidRequest("missing question id") }
            return try JSONBody.response(try await session.answerQuestion(questionId, answer))
        }
        routes.on(.get, "/v1/sessions/:id/events") { request, context in
            let log = try await sessions.log(context.sessionId())
            let offset = Int64(try request.query.int("offset") ?? 0)
            let limit = try request.query.int("limit", range: 1...1000) ?? 100
            return try await events(log, offset: offset, limit: limit)
        }
        routes.on(.get, "/v1/sessions/:id/events/stream") { request, context in
            let log = try await sessions.log(context.sessionId())
            var offset = Int64(try request.query.int("offset") ?? 0)
            if let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!] {
                guard let index = Int64(lastEventID), index >= 0 else {
                    throw APIError.invalidRequest("header Last-Event-ID must be an event index, got '\(lastEventID)'")
                }
                offset = max(offset, index + 1)
            }
            let messages = log.subscribe(from: offset).map { batch in
                batch.map { ServerSentEvents.Message(event: nil, id: "\($0.eventIndex)", data: $0.json).encoded }.joined()
            }
            return ServerSentEvents.response(messages)
        }
    }

    /// A `SessionEventPage`, with each payload spliced in unchanged.
    private func events(_ log: EventLog, offset: Int64, limit: Int) async throws -> Response {
        let items = try await log.events(offset: offset, limit: limit)
        let page = SessionEventPage(items: items, nextOffset: items.last.map { $0.eventIndex + 1 } ?? offset)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: page.json)))
    }
}

struct PromptResult: Encodable {
    var stopReason: String
}

struct PromptAccepted: Encodable {
    var status = "accepted"
}

extension RequestContext {
    /// The `:id` path parameter of session routes.
    func sessionId() throws -> String {
        guard let id = parameters.get("id") else { throw APIError.invalidRequest("missing session id") }
        return id
    }
}
