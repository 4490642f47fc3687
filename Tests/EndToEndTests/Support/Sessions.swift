import Foundation
import NIOHTTP1
import NIOCore

/// Session helpers over raw HTTP, so tests see exactly what a client sees.
struct SessionAPI: Sendable {
    /// What tests use of the server: its address.
    struct Server: Sendable {
        let url: URL

        func address(_ pathAndQuery: String) -> String { url.absoluteString + pathAndQuery }
    }

    let server: Server

    init(server: TestServer) {
        self.server = Server(url: server.url)
    }

    func create(agent: String = "mock", extra: [String: Any] = [:]) async throws -> String {
        var body: [String: Any] = ["agent": agent, "cwd": FileManager.default.temporaryDirectory.path]
        body.merge(extra) { $1 }
        let result = try await HTTP.json(.POST, server.address("/v1/sessions"), body)
        guard result.status == 200, let id = try result.json()["id"] as? String else {
            throw TestFailure("create session failed: \(result.status) \(result.text)")
        }
        return id
    }

    /// `POST …/prompt`; `timeout` bounds the wait for the turn's end.
    func prompt(_ id: String, _ text: String, wait: Bool = true, timeout: TimeAmount = .seconds(30)) async throws -> HTTPResult {
        try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/prompt\(wait ? "" : "?wait=false")"), ["prompt": text], timeout: timeout)
    }

    /// Every event of the session so far from `offset` on, paging through `GET …/events`.
    func events(_ id: String, from offset: Int = 0) async throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var offset = offset
        while true {
            let page = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/events?offset=\(offset)&limit=1000")).json()
            let items = page["items"] as? [[String: Any]] ?? []
            all += items
            guard let next = page["nextOffset"] as? Int, !items.isEmpty else { return all }
            offset = next
        }
    }

    /// Waits until a permission request is pending and returns it.
    func pendingPermission(_ id: String) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = try await eventually {
            let list = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/permissions")).json()
            found = (list["permissions"] as? [[String: Any]])?.first
            return found != nil
        }
        guard let found else { throw TestFailure("no permission request appeared") }
        return found
    }

    /// Waits until a question is pending and returns it.
    func pendingQuestion(_ id: String) async throws -> [String: Any] {
        var found: [String: Any]?
        _ = try await eventually {
            let list = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/questions")).json()
            found = (list["questions"] as? [[String: Any]])?.first
            return found != nil
        }
        guard let found else { throw TestFailure("no question appeared") }
        return found
    }

    /// `POST /v1/sessions/{id}/questions/{questionId}` with `body`.
    func answer(_ id: String, _ questionId: String, _ body: [String: Any]) async throws -> HTTPResult {
        try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/questions/\(questionId)"), body)
    }

    /// Waits until the transcript holds the response to the session/prompt and returns its stop reason.
    func stopReason(_ id: String) async throws -> String? {
        var reason: String?
        _ = try await eventually {
            let events = try await self.events(id)
            let promptIDs = events.compactMap { event -> Int? in
                let payload = event["payload"] as? [String: Any]
                return payload?["method"] as? String == "session/prompt" ? payload?["id"] as? Int : nil
            }
            guard let last = promptIDs.last else { return false }
            // The agent's answer: the server's answers to the agent's own requests (`terminal/*`,
            // `fs/*`) count their ids separately and may carry the same id.
            let answer = events.lazy.filter { $0["sender"] as? String == "agent" }.compactMap { $0["payload"] as? [String: Any] }
                .first { $0["id"] as? Int == last && $0["method"] == nil && ($0["result"] != nil || $0["error"] != nil) }
            guard let answer else { return false }
            reason = (answer["result"] as? [String: Any])?["stopReason"] as? String
            return true
        }
        return reason
    }
}

extension Array where Element == [String: Any] {
    /// The `session/update` payloads' `update` objects, in order.
    var updates: [[String: Any]] {
        compactMap { event in
            let payload = event["payload"] as? [String: Any]
            guard payload?["method"] as? String == "session/update" else { return nil }
            return (payload?["params"] as? [String: Any])?["update"] as? [String: Any]
        }
    }

    /// Concatenated text of the updates of `kind` (e.g. agent_message_chunk).
    func text(of kind: String) -> String {
        updates.filter { $0["sessionUpdate"] as? String == kind }
            .compactMap { ($0["content"] as? [String: Any])?["text"] as? String }.joined()
    }

    /// Server notifications named `method`.
    func server(_ method: String) -> [[String: Any]] {
        compactMap { event in
            guard event["sender"] as? String == "server", let payload = event["payload"] as? [String: Any],
                payload["method"] as? String == method
            else { return nil }
            return payload["params"] as? [String: Any] ?? [:]
        }
    }
}
