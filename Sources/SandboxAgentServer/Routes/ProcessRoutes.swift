import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import ProcessRuntime
import SandboxAgentAPI

/// `/v1/processes/*`: decode, call the `ProcessManager`, encode.
struct ProcessRoutes {
    let manager: ProcessManager
    let jsonLimit: Int

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/processes/config") { _, _ in try JSONBody.response(manager.config) }
        routes.on(.post, "/v1/processes/config") { request, _ in
            let config = try await JSONBody.decode(ProcessConfig.self, from: request, limit: jsonLimit)
            return try JSONBody.response(try manager.setConfig(config))
        }
        routes.on(.post, "/v1/processes") { request, _ in
            let create = try await JSONBody.decode(ProcessCreateRequest.self, from: request, limit: jsonLimit)
            return try JSONBody.response(try await manager.start(create).record)
        }
        routes.on(.post, "/v1/processes/run") { request, _ in
            let run = try await JSONBody.decode(ProcessRunRequest.self, from: request, limit: jsonLimit)
            return try JSONBody.response(try await manager.run(run))
        }
        routes.on(.get, "/v1/processes") { request, _ in
            let owner = try request.query.enumeration("owner", as: ProcessOwner.self)
            return try JSONBody.response(ProcessListResponse(processes: manager.list(owner: owner)))
        }
        routes.on(.get, "/v1/processes/:id") { _, context in
            try JSONBody.response(try manager.process(context.processID()).record)
        }
        routes.on(.delete, "/v1/processes/:id") { _, context in
            try manager.remove(try context.processID())
            return Response(status: .noContent)
        }
        routes.on(.post, "/v1/processes/:id/stop") { request, context in
            try await signal(SIGTERM, request, context)
        }
        routes.on(.post, "/v1/processes/:id/kill") { request, context in
            try await signal(SIGKILL, request, context)
        }
        routes.on(.get, "/v1/processes/:id/logs") { request, context in
            try logs(request, process: try manager.process(context.processID()))
        }
        routes.on(.post, "/v1/processes/:id/input") { request, context in
            let process = try manager.process(context.processID())
            let input = try await JSONBody.decode(ProcessInputRequest.self, from: request, limit: jsonLimit)
            let bytes = try Self.decodeInput(input.data, encoding: input.encoding ?? .base64, field: "data")
            let limit = manager.config.maxInputBytesPerRequest
            guard bytes.count <= limit else { throw APIError.payloadTooLarge(limit: limit, what: "the decoded input") }
            try await process.write(ByteBuffer(bytes: bytes))
            return try JSONBody.response(ProcessInputResponse(bytesWritten: bytes.count))
        }
        routes.on(.post, "/v1/processes/:id/terminal/resize") { request, context in
            let process = try manager.process(context.processID())
            let size = try await JSONBody.decode(TerminalSize.self, from: request, limit: jsonLimit)
            try process.resize(size)
            return try JSONBody.response(size)
        }
        TerminalWebSocket(manager: manager).register(on: routes)
    }

    private func signal(_ signal: Int32, _ request: Request, _ context: APIRequestContext) async throws -> Response {
        let waitMs = try request.query.int("waitMs", range: 0...manager.config.maxRunTimeoutMs)
        let record = try await manager.signal(try context.processID(), signal, wait: waitMs.map { .milliseconds($0) })
        return try JSONBody.response(record)
    }

    private func logs(_ request: Request, process: ManagedProcess) throws -> Response {
        let query = request.query
        let stream = try query.enumeration("stream", as: LogStream.self) ?? process.defaultLogStream
        let tail = try query.int("tail")
        var since = UInt64(try query.int("since") ?? 0)
        guard try query.bool("follow") == true else {
            return try JSONBody.response(
                ProcessLogsResponse(processId: process.id, stream: stream, entries: process.logs(stream, since: since, tail: tail)))
        }
        if let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!] {
            guard let sequence = UInt64(lastEventID) else {
                throw APIError.invalidRequest("header Last-Event-ID must be a log sequence number, got '\(lastEventID)'")
            }
            since = max(since, sequence)
        }
        let messages = process.follow(stream, since: since).map { event -> String in
            switch event {
            case .log(let entry):
                ServerSentEvents.Message(event: "log", id: "\(entry.sequence)", data: JSONBody.string(entry)).encoded
            case .exit(let record):
                ServerSentEvents.Message(event: "exit", data: JSONBody.string(record)).encoded
            }
        }
        return ServerSentEvents.response(messages)
    }

    /// The bytes of an input payload; `utf8` and `text` mean the same.
    static func decodeInput(_ data: String, encoding: InputEncoding, field: String) throws -> [UInt8] {
        switch encoding {
        case .utf8, .text:
            return Array(data.utf8)
        case .base64:
            guard let decoded = Data(base64Encoded: data) else {
                throw APIError.invalidRequest("field '\(field)' is not valid base64 (set \"encoding\": \"utf8\" to send text)")
            }
            return Array(decoded)
        }
    }
}

extension RequestContext {
    /// The `:id` path parameter.
    func processID() throws -> String {
        guard let id = parameters.get("id") else { throw APIError.invalidRequest("missing process id") }
        return id
    }
}
