import Foundation
import NIOHTTP1
import Testing

/// Whatever the agent, a client sees the same event shape for the same scenario: one scenario
/// (text, a tool with output, a failed tool, an edit with its diff, permissions answered with
/// each of ACP's four option kinds, a cancel, the end of a turn) run against the mock, the real
/// Claude Code CLI and the real Codex CLI (each talking to its scripted fake model), each compared
/// step by step in a normalized form (`TurnShape`) with the one shape they all must have. One test
/// per agent, so the three run side by side.
@Suite("One event shape for the mock and the real agents")
struct EventShapeTests {
    /// The shape of each step of the scenario, whatever the agent.
    static let expected: [String: [String]] = {
        let ask = "permission allow_once,allow_always,reject_once,reject_always"
        let allowed = ["tool_call execute pending", ask, "in_progress", "completed", "end end_turn"]
        let rejected = ["tool_call execute pending", ask, "failed", "end end_turn"]
        return [
            "text": ["message", "end end_turn"],
            "tool with output": ["tool_call execute pending", "in_progress", "completed text rawOutput:exitCode,output", "end end_turn"],
            "failed tool": ["tool_call execute pending", "in_progress", "failed rawOutput:exitCode,output", "end end_turn"],
            "edit": ["tool_call edit pending", "in_progress", "completed diff", "end end_turn"],
            "reject once": rejected,
            "allow once": allowed,
            "allow always": allowed,
            "allowed always before": ["tool_call execute pending", "in_progress", "completed", "end end_turn"],
            "reject always": rejected,
            "rejected always before": ["tool_call execute pending", "failed", "end end_turn"],
            "cancel": ["message", "end cancelled"],
            "messageIds": ["every chunk has one"],
        ]
    }()

    /// Every step of `shapes` against ``expected``.
    private func expectTheSharedShape(_ shapes: [String: [String]], _ agent: String) {
        #expect(Set(Self.expected.keys) == Set(ScenarioAgent.steps))
        for step in ScenarioAgent.steps {
            #expect(shapes[step] == Self.expected[step], "\(agent), \(step)")
        }
    }

    @Test func theMockHasTheSharedShape() async throws {
        let shapes = try await withServer(["--no-token", "--storage", "memory"]) { server in
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("sa-shape-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            return try await ScenarioAgent.mock.run(SessionAPI(server: server), in: work)
        }
        expectTheSharedShape(shapes, "mock")
    }

    @Test(.enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
    func claudeCodeHasTheSharedShape() async throws {
        let shapes = try await withClaudeServer { server, _, work in try await ScenarioAgent.claude.run(SessionAPI(server: server), in: work) }
        expectTheSharedShape(shapes, "Claude Code")
    }

    @Test(.enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)))
    func codexHasTheSharedShape() async throws {
        let shapes = try await withCodexServer { server, _, work in try await ScenarioAgent.codex.run(SessionAPI(server: server), in: work) }
        expectTheSharedShape(shapes, "Codex")
    }
}

/// How one agent is steered through the shared scenario: its modes and the prompt for each step.
struct ScenarioAgent {
    var agent: String
    /// The mode that runs tools without asking, and the one that asks before commands.
    var bypassMode: String
    var askMode: String
    /// The prompt that runs a shell command without asking (in `bypassMode`).
    var run: @Sendable (String) -> String
    /// The prompt that runs a command only after a permission request (in `askMode`).
    var ask: @Sendable (String) -> String
    var write: @Sendable (_ path: String, _ text: String) -> String
    var stall: String

    static let steps = [
        "text", "tool with output", "failed tool", "edit", "reject once", "allow once", "allow always", "allowed always before",
        "reject always", "rejected always before", "cancel", "messageIds",
    ]

    static let mock = ScenarioAgent(
        agent: "mock", bypassMode: "bypass", askMode: "default", run: { "/terminal \($0)" }, ask: { "/permission \($0)" },
        write: { "/write \($0) \($1)" }, stall: "/slow 600")
    static let claude = ScenarioAgent(
        agent: "claude", bypassMode: "bypassPermissions", askMode: "default", run: { "please run: \($0)" }, ask: { "please run: \($0)" },
        write: { "please write \($0): \($1)" }, stall: "please stall")
    static let codex = ScenarioAgent(
        agent: "codex", bypassMode: "full-access", askMode: "auto", run: { "please run: \($0)" }, ask: { "please run: \($0)" },
        write: { "please patch \($0): \($1)" }, stall: "please stall")

    /// Runs every step and returns each one's shape. Tool steps leave out what the agent says
    /// around the tool (the mock's scripts and the fake models' differ in words, not in shape).
    func run(_ api: SessionAPI, in work: URL) async throws -> [String: [String]] {
        let sessions = [try await toolSession(api, in: work), try await askingSession(api, in: work), try await rejectingSession(api, in: work)]
        var shapes = sessions.reduce(into: [String: [String]]()) { $0.merge($1.shapes) { first, _ in first } }
        var chunks: [[String: Any]] = []
        for (id, _) in sessions {
            chunks += try await api.events(id).updates.filter { ["agent_message_chunk", "agent_thought_chunk"].contains($0["sessionUpdate"] as? String) }
        }
        let named = !chunks.isEmpty && chunks.allSatisfy { ($0["messageId"] as? String)?.isEmpty == false }
        shapes["messageIds"] = [named ? "every chunk has one" : "missing: \(chunks.filter { $0["messageId"] == nil }.prefix(3))"]
        return shapes
    }

    /// Text, tools run without asking, an edit, and a cancelled turn.
    private func toolSession(_ api: SessionAPI, in work: URL) async throws -> (id: String, shapes: [String: [String]]) {
        var shapes: [String: [String]] = [:]
        let tools = try await api.create(agent: agent, extra: ["cwd": work.path])
        shapes["text"] = try await turn(api, tools, "hello shapes")
        try await setMode(api, tools, bypassMode)
        shapes["tool with output"] = try await turn(api, tools, run("echo shaped output"), tool: true)
        shapes["failed tool"] = try await turn(api, tools, run("false"), tool: true)
        shapes["edit"] = try await turn(api, tools, write(work.appendingPathComponent("edited.txt").path, "edited text"), tool: true)
        shapes["cancel"] = try await cancelledTurn(api, tools)
        return (tools, shapes)
    }

    /// Permissions answered reject-once, allow-once and allow-always, then the allowed command again.
    private func askingSession(_ api: SessionAPI, in work: URL) async throws -> (id: String, shapes: [String: [String]]) {
        var shapes: [String: [String]] = [:]
        let asking = try await api.create(agent: agent, extra: ["cwd": work.path])
        try await setMode(api, asking, askMode)
        let touch = { (name: String) in "touch \(work.appendingPathComponent(name).path)" }
        shapes["reject once"] = try await turn(api, asking, ask(touch("r1")), asking: true, answer: "reject-once")
        shapes["allow once"] = try await turn(api, asking, ask(touch("a1")), asking: true, answer: "allow-once")
        shapes["allow always"] = try await turn(api, asking, ask(touch("a2")), asking: true, answer: "allow-always")
        shapes["allowed always before"] = try await turn(api, asking, ask(touch("a2")), asking: true)
        return (asking, shapes)
    }

    /// A permission answered reject-always, then the rejected command again.
    private func rejectingSession(_ api: SessionAPI, in work: URL) async throws -> (id: String, shapes: [String: [String]]) {
        var shapes: [String: [String]] = [:]
        let rejecting = try await api.create(agent: agent, extra: ["cwd": work.path])
        try await setMode(api, rejecting, askMode)
        let touch = "touch \(work.appendingPathComponent("r2").path)"
        shapes["reject always"] = try await turn(api, rejecting, ask(touch), asking: true, answer: "reject-always")
        shapes["rejected always before"] = try await turn(api, rejecting, ask(touch), asking: true)
        return (rejecting, shapes)
    }

    private func setMode(_ api: SessionAPI, _ id: String, _ mode: String) async throws {
        let result = try await HTTP.json(.POST, api.server.address("/v1/sessions/\(id)/mode"), ["modeId": mode])
        guard result.status == 200 else { throw TestFailure("\(agent): mode \(mode): \(result.status) \(result.text)") }
    }

    /// One prompt; returns the turn's shape. `answer` is the option chosen for the permission
    /// request it brings; `asking` marks a permission step (whose tools' results are compared by
    /// status only: the mock's `/permission` runs nothing).
    private func turn(_ api: SessionAPI, _ id: String, _ text: String, tool: Bool = false, asking: Bool = false, answer: String? = nil) async throws -> [String] {
        let before = try await api.events(id).count
        let started = try await api.prompt(id, text, wait: false)
        guard started.status == 202 else { throw TestFailure("\(agent): prompt \(text): \(started.status) \(started.text)") }
        if let option = answer {
            let permission = try await api.pendingPermission(id)
            let permissionID = try #require(permission["permissionId"] as? String)
            let reply = try await HTTP.json(.POST, api.server.address("/v1/sessions/\(id)/permissions/\(permissionID)"), ["optionId": option])
            #expect(reply.status == 200, "\(agent): \(reply.text)")
        }
        _ = try await api.stopReason(id)
        let shape = TurnShape(Array(try await api.events(id).dropFirst(before))).steps
        guard tool || asking else { return shape }
        return shape.filter { $0 != "message" }.map { step in
            guard asking, let status = step.split(separator: " ").first, ["completed", "failed"].contains(status) else { return step }
            return String(status)
        }
    }

    /// A turn cancelled once the agent has said something.
    private func cancelledTurn(_ api: SessionAPI, _ id: String) async throws -> [String] {
        let before = try await api.events(id).count
        #expect(try await api.prompt(id, stall, wait: false).status == 202)
        _ = try await eventually { try await Array(api.events(id).dropFirst(before)).updates.contains { $0["sessionUpdate"] as? String == "agent_message_chunk" } }
        #expect(try await HTTP.send(.POST, api.server.address("/v1/sessions/\(id)/cancel")).status == 200)
        _ = try await api.stopReason(id)
        return TurnShape(Array(try await api.events(id).dropFirst(before))).steps
    }
}

/// A turn's events as a client renders them: message text, each tool call's steps (kind, status,
/// whether the result carries text or a diff, `rawOutput`'s keys), permission requests with the
/// kinds of their options, and the stop reason. Usage, commands, thoughts and the agent's own
/// requests for files and terminals are left out; consecutive message chunks are one "message".
struct TurnShape {
    var steps: [String] = []

    init(_ events: [[String: Any]]) {
        for event in events {
            let payload = event["payload"] as? [String: Any] ?? [:]
            let params = payload["params"] as? [String: Any] ?? [:]
            switch (event["sender"] as? String, payload["method"] as? String) {
            case ("agent", "session/update"):
                if let step = Self.step(params["update"] as? [String: Any] ?? [:]), steps.last != step || step != "message" { steps.append(step) }
            case ("agent", "session/request_permission"):
                let kinds = (params["options"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                steps.append("permission " + kinds.joined(separator: ","))
            case ("agent", nil):
                if let stop = (payload["result"] as? [String: Any])?["stopReason"] as? String { steps.append("end \(stop)") }
            default:
                break
            }
        }
    }

    private static func step(_ update: [String: Any]) -> String? {
        switch update["sessionUpdate"] as? String {
        case "agent_message_chunk":
            return "message"
        case "tool_call":
            return "tool_call \(update["kind"] as? String ?? "?") \(update["status"] as? String ?? "?")"
        case "tool_call_update":
            let status = update["status"] as? String ?? "?"
            guard status == "completed" || status == "failed" else { return status }
            var parts = [status]
            let content = update["content"] as? [[String: Any]] ?? []
            if content.contains(where: { (($0["content"] as? [String: Any])?["text"] as? String)?.isEmpty == false }) { parts.append("text") }
            if content.contains(where: { $0["type"] as? String == "diff" }) { parts.append("diff") }
            if let raw = update["rawOutput"] as? [String: Any], raw["exitCode"] != nil {
                parts.append("rawOutput:" + raw.keys.sorted().joined(separator: ","))
            }
            return parts.joined(separator: " ")
        default:
            return nil
        }
    }
}
