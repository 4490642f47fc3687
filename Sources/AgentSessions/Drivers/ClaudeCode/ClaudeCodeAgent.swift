import ACP
import Foundation
import Glibc
import NIOCore
import ProcessRuntime
import Synchronization
import SandboxAgentAPI

/// Claude Code driven natively: an ACP agent in-process that runs the `claude` CLI in stream-JSON
/// mode and translates both ways — ACP requests from the session engine become user messages and
/// control requests on the CLI's stdin; its output becomes `session/update`s, permission requests
/// and prompt results. No Node.js or ACP adapter is involved.
actor ClaudeCodeAgent: NativeACPAgent {
    /// One `can_use_tool` request waiting for the client's answer: a permission, or an
    /// `AskUserQuestion` asked as an `elicitation/create`.
    private struct PendingPermission {
        var controlRequestID: String
        var input: JSONValue
        var suggestions: JSONValue?
        var question: ClaudeQuestion?
        var toolUseID: String?
        /// What "always reject" remembers (`rejectionKey`).
        var rejectionKey = ""
    }

    static let modes: [(id: String, name: String, description: String)] = [
        ("default", "Default", "Asks before running tools that change things"),
        ("acceptEdits", "Accept Edits", "Edits files without asking"),
        ("plan", "Plan Mode", "Plans without changing anything"),
        ("bypassPermissions", "Bypass Permissions", "Runs every tool without asking"),
    ]
    static let models: [(value: String, name: String)] = [("default", "Default"), ("sonnet", "Sonnet"), ("opus", "Opus"), ("haiku", "Haiku")]

    private let executable: String
    private let environment: [String: String]
    private let processes: ProcessManager
    let output: ACPOutput
    private var process: ManagedProcess?
    var cli: ManagedProcess? { process }
    nonisolated let outputPause = Mutex(false)
    private var translator = ClaudeStreamTranslator()
    private var sessionID: String?
    private var prompt: JSONRPCID?
    private var cancelRequested = false
    private var permissions: [JSONRPCID: PendingPermission] = [:]
    /// Ids of our requests to the client, shared with the connection's other drivers.
    private let requestIDs: ACPRequestIDs
    /// Ids of our control requests to the CLI.
    private var nextControlNumber = 1
    /// Tool calls the user chose "always reject" for (`rejectionKey`): denied without asking.
    private var rejectedAlways: Set<String> = []
    private var mode = "default"
    private var model = "default"
    /// The running turn's token usage, once its `result` came.
    private var turnUsage: TokenUsage?
    /// A `session/load` waiting for the CLI to answer `initialize` (its control request id):
    /// true when it does, false when it exits first (it has no such conversation here).
    private var loading: (requestID: String, loaded: CheckedContinuation<Bool, Never>)?

    init(
        executable: String, environment: [String: String], processes: ProcessManager, requestIDs: ACPRequestIDs,
        emit: AsyncStream<AgentOutput>.Continuation
    ) {
        self.executable = executable
        self.requestIDs = requestIDs
        self.environment = environment
        self.processes = processes
        output = ACPOutput(emit)
    }

    // MARK: ACP from the session engine

    /// The result of a request, or nil when it is answered later (`session/prompt`). Params are
    /// read through the typed ACP vocabulary; params that do not fit are thrown as invalid params.
    func handle(_ method: String, _ params: JSONValue, id: JSONRPCID) async throws(JSONRPCError) -> Result<JSONValue, JSONRPCError>? {
        switch method {
        case ACPMethod.initialize:
            return Self.initializeResult(name: "claude-code", title: "Claude Code (sandbox-agent native driver)")
        case ACPMethod.sessionNew, ACPMethod.sessionLoad:
            let opening = try SessionOpening(method: method, params: params)
            return await open(opening)
        case ACPMethod.sessionPrompt:
            guard prompt == nil else { return .failure(JSONRPCError(code: -32000, message: "a prompt is already running")) }
            guard process != nil else { return .failure(JSONRPCError(code: -32000, message: "no session; call session/new first")) }
            let turn = try params.decoded(as: PromptParams.self)
            prompt = id
            cancelRequested = false
            await write(["type": "user", "message": ["role": "user", "content": .array(ClaudePrompt.content(turn.prompt))]])
            return nil
        case ACPMethod.sessionSetMode:
            let modeId = try params.decoded(as: SetModeParams.self).modeId
            guard Self.modes.contains(where: { $0.id == modeId }) else {
                return .failure(.invalidParams("unknown modeId; expected one of \(Self.modes.map(\.id).joined(separator: ", "))"))
            }
            mode = modeId
            await control(["subtype": "set_permission_mode", "mode": .string(modeId)])
            update(CurrentModeUpdate(currentModeId: modeId).json)
            return .success(.object([:]))
        case ACPMethod.sessionSetConfigOption:
            let option = try params.decoded(as: SetConfigOptionParams.self)
            guard option.configId == "model", let value = option.value.stringValue, Self.models.contains(where: { $0.value == value })
            else { return .failure(.invalidParams("configId must be model with one of \(Self.models.map(\.value).joined(separator: ", "))")) }
            model = value
            await control(["subtype": "set_model", "model": value == "default" ? .null : .string(value)])
            return .success(["configOptions": state.configOptions])
        default:
            return .failure(.methodNotFound(method))
        }
    }

    /// `session/new` (a new conversation) or `session/load` (resuming one): starts the CLI.
    private func open(_ opening: SessionOpening) async -> Result<JSONValue, JSONRPCError> {
        let id = opening.resuming ?? UUID().uuidString.lowercased()
        do {
            let started = try await start(
                cwd: opening.cwd, sessionID: id, resume: opening.resuming != nil, mcpConfig: ClaudeMCPConfig.json(opening.mcpServers))
            guard started else {
                // ACP's resource-not-found: the client may start a new session instead.
                return .failure(JSONRPCError(code: -32002, message: "Claude Code has no conversation \(id) here (it exited when asked to resume it)"))
            }
        } catch {
            return .failure(.internalError("cannot start Claude Code (\(executable)): \(error)"))
        }
        return .success(state.opened(newSession: opening.resuming == nil ? id : nil))
    }

    /// The session's modes and model.
    private var state: NativeSessionState {
        NativeSessionState(mode: mode, modes: Self.modes, model: model, models: Self.models)
    }

    func cancel() async {
        guard prompt != nil, !cancelRequested else { return }
        cancelRequested = true
        for (_, pending) in permissions {
            if let toolUseID = pending.toolUseID { translator.reject(toolUseID) }
            await write(Self.permissionAnswer(pending.controlRequestID, ["behavior": "deny", "message": "The user cancelled the turn", "interrupt": true]))
        }
        permissions.removeAll()
        await control(["subtype": "interrupt"])
    }

    func clientAnswered(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) async {
        guard let pending = permissions.removeValue(forKey: id) else { return }
        if let question = pending.question {
            await write(Self.permissionAnswer(pending.controlRequestID, question.answer(to: ElicitationCreateResult(answer: try? result.get()))))
            return
        }
        let option = PermissionOption.selected(in: try? result.get())
        switch option {
        case .allowOnce?, .allowAlways?:
            var allow: [String: JSONValue] = ["behavior": "allow", "updatedInput": pending.input]
            if option == .allowAlways, let suggestions = pending.suggestions, suggestions != .null { allow["updatedPermissions"] = suggestions }
            await write(Self.permissionAnswer(pending.controlRequestID, .object(allow)))
            if option == .allowAlways { adoptSuggestedMode(pending.suggestions) }
            if let toolUseID = pending.toolUseID, let started = translator.started(toolUseID) { emit(started) }
        default:
            if option == .rejectAlways { rejectedAlways.insert(pending.rejectionKey) }
            await deny(pending)
        }
    }

    private func deny(_ pending: PendingPermission) async {
        if let toolUseID = pending.toolUseID { translator.reject(toolUseID) }
        await write(Self.permissionAnswer(pending.controlRequestID, ["behavior": "deny", "message": "The user rejected this tool call"]))
    }

    /// "Always allow" for an edit suggests switching the session to `acceptEdits`; the CLI takes
    /// the suggestion with the answer, so the session's mode changes and the client is told.
    private func adoptSuggestedMode(_ suggestions: JSONValue?) {
        guard let next = suggestions?.arrayValue?.last(where: { $0["type"]?.stringValue == "setMode" })?["mode"]?.stringValue,
              next != mode, Self.modes.contains(where: { $0.id == next })
        else { return }
        mode = next
        update(CurrentModeUpdate(currentModeId: next).json)
    }

    /// What "always reject" remembers of a tool call: the tool and its command or file.
    private static func rejectionKey(toolName: String, input: JSONValue) -> String {
        let target = input["command"]?.stringValue ?? input["file_path"]?.stringValue ?? input["notebook_path"]?.stringValue ?? input["path"]?.stringValue
        return "\(toolName):\(target ?? "")"
    }

    // MARK: The CLI

    /// Starts the CLI on a new conversation, or resuming `sessionID`; returns false when it
    /// cannot resume it (its state is on another machine): the CLI then exits before answering
    /// `initialize`, which is awaited only for a resume.
    private func start(cwd: String, sessionID: String, resume: Bool, mcpConfig: String?) async throws -> Bool {
        if let process {
            process.signal(SIGTERM)  // a second session/new replaces the CLI
            self.process = nil
        }
        var args = [
            "--output-format", "stream-json", "--input-format", "stream-json", "--verbose", "--include-partial-messages",
            "--permission-prompt-tool", "stdio", "--permission-mode", mode, "--allow-dangerously-skip-permissions",
        ]
        if model != "default" { args += ["--model", model] }
        if let mcpConfig { args += ["--mcp-config", mcpConfig] }
        args += resume ? ["--resume", sessionID] : ["--session-id", sessionID]
        var env = environment
        if geteuid() == 0, env["IS_SANDBOX"] == nil { env["IS_SANDBOX"] = "1" }  // Claude Code refuses some modes as root otherwise
        let process = try await processes.start(
            ProcessCreateRequest(command: executable, args: args, cwd: cwd, env: env, interactive: true), owner: .system, captureStdout: true)
        self.process = process
        self.sessionID = sessionID
        applyOutputPause()
        let initialize = await control(["subtype": "initialize", "hooks": .null])
        let stdout = process.stdout!
        Task { [weak self] in
            var splitter = LineSplitter()
            for await chunk in stdout {
                for piece in splitter.push(chunk.readableBytesView) {
                    if case .line(let line) = piece { await self?.handleOutput(line) }
                }
            }
            for piece in splitter.finish() {
                if case .line(let line) = piece { await self?.handleOutput(line) }
            }
            await self?.outputEnded(of: process)
        }
        guard resume else { return true }
        return await withCheckedContinuation { loading = (initialize, $0) }
    }

    private func handleOutput(_ line: String) async {
        guard !Self.isIgnorable(line), let message = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else { return }
        if let loading, message["type"]?.stringValue == "control_response", message["response"]?["request_id"]?.stringValue == loading.requestID {
            self.loading = nil
            loading.loaded.resume(returning: true)
        }
        for event in translator.translate(message) {
            switch event {
            case .update:
                emit(event)
            case .permission(let requestID, let toolName, let input, let toolUseID, let suggestions):
                if toolName == "AskUserQuestion", let question = ClaudeQuestion(input: input) {
                    ask(question, controlRequestID: requestID, toolUseID: toolUseID)
                } else {
                    await requestPermission(controlRequestID: requestID, toolName: toolName, input: input, toolUseID: toolUseID, suggestions: suggestions)
                }
            case .unsupportedControl(let requestID, let subtype):
                await write(["type": "control_response", "response": ["subtype": "error", "request_id": .string(requestID), "error": .string("unsupported control request \(subtype)")]])
            case .usage(let usage, let costUSD, let contextWindow):
                turnUsage = usage
                // The turn's tokens stand for the context in use (an upper bound when the turn
                // made several model calls); the cost is Claude Code's running session total.
                if let contextWindow { update(TokenUsage.update(used: usage.totalTokens, size: contextWindow, costUSD: costUSD).json) }
            case .turnEnded(let subtype, let stopReason, let isError, let text):
                finishPrompt(subtype: subtype, stopReason: stopReason, isError: isError, message: text)
            }
        }
    }

    /// `AskUserQuestion`: an `elicitation/create` form to the client; its answer goes back as the
    /// tool's `updatedInput.answers`.
    private func ask(_ question: ClaudeQuestion, controlRequestID: String, toolUseID: String?) {
        let id = requestIDs.make()
        permissions[id] = PendingPermission(controlRequestID: controlRequestID, input: question.input, question: question)
        let params = ElicitationCreateParams(
            sessionId: sessionID ?? "", toolCallId: toolUseID ?? controlRequestID, mode: "form", message: question.message,
            requestedSchema: question.requestedSchema)
        send(.request(id: id, method: ACPMethod.elicitationCreate, params: JSONValue(encoding: params)))
    }

    /// Any other tool: `session/request_permission` with ACP's four options; a call the user
    /// chose "always reject" for before is denied without asking.
    private func requestPermission(controlRequestID: String, toolName: String, input: JSONValue, toolUseID: String?, suggestions: JSONValue?) async {
        let pending = PendingPermission(
            controlRequestID: controlRequestID, input: input, suggestions: suggestions, toolUseID: toolUseID,
            rejectionKey: Self.rejectionKey(toolName: toolName, input: input))
        if rejectedAlways.contains(pending.rejectionKey) { return await deny(pending) }
        let id = requestIDs.make()
        permissions[id] = pending
        let call = ClaudeToolCall(name: toolName, input: input)
        let params = RequestPermissionParams(
            sessionId: sessionID ?? "",
            toolCall: JSONValue(encoding: ToolCallUpdate(
                toolCallId: toolUseID ?? controlRequestID, title: call.title, kind: call.kind, status: "pending",
                content: call.content, locations: call.locations, rawInput: input)),
            options: PermissionOption.list([(.allowOnce, "Allow once"), (.allowAlways, "Always allow"), (.rejectOnce, "Reject"), (.rejectAlways, "Always reject")]))
        send(.request(id: id, method: ACPMethod.sessionRequestPermission, params: JSONValue(encoding: params)))
    }

    /// Lines that translate to nothing, recognised without decoding them: system notices (the
    /// `init` line repeats the whole tool list every turn), stream events other than deltas and
    /// message starts (which give the chunks their message id), and
    /// assistant messages without tool uses (their text already came as deltas). Lines whose
    /// `type` is not the first key are decoded as usual.
    static func isIgnorable(_ line: String) -> Bool {
        if line.hasPrefix(#"{"type":"system""#) { return true }
        if line.hasPrefix(#"{"type":"stream_event""#) {
            return !line.contains(#""type":"content_block_delta""#) && !line.contains(#""type":"message_start""#)
        }
        if line.hasPrefix(#"{"type":"assistant""#) { return !line.contains(#""type":"tool_use""#) }
        return false
    }

    private func finishPrompt(subtype: String, stopReason: String?, isError: Bool, message: String?) {
        guard let id = prompt else { return }
        prompt = nil
        let usage = turnUsage?.turnUsage
        turnUsage = nil
        defer { cancelRequested = false }
        func stop(_ reason: String) -> Result<JSONValue, JSONRPCError> {
            .success(JSONValue(encoding: PromptResult(stopReason: reason, usage: usage)))
        }
        if cancelRequested {
            send(.response(id: id, result: stop("cancelled")))
            return
        }
        switch subtype {
        case "success" where !isError:
            send(.response(id: id, result: stop(["max_tokens": "max_tokens", "refusal": "refusal"][stopReason ?? ""] ?? "end_turn")))
        case "error_max_turns", "error_max_budget_usd", "error_max_structured_output_retries":
            send(.response(id: id, result: stop("max_turn_requests")))
        default:
            let detail = message ?? subtype
            let code = detail.contains("/login") ? -32000 : -32603
            send(.response(id: id, result: .failure(JSONRPCError(code: code, message: detail))))
        }
    }

    private func outputEnded(of ended: ManagedProcess) async {
        guard ended.id == process?.id else { return }
        if let loading {  // it could not resume the conversation: no session, but the driver lives on
            self.loading = nil
            process = nil
            loading.loaded.resume(returning: false)
            return
        }
        let record = await ended.waitUntilExited()
        if let id = prompt {
            prompt = nil
            let tail = ended.logs(.stderr, tail: 20).compactMap(\.decodedText).joined()
            send(.response(id: id, result: .failure(.agentExited("Claude Code exited (code \(record.exitCode.map(String.init) ?? "none"), signal \(record.signal.map(String.init) ?? "none")): \(tail.suffix(2000))"))))
        }
        output.finish()
    }

    // MARK: Lifecycle for the transport

    /// Waits for the CLI to end; returns how.
    func exit() async -> AgentExit {
        guard let process else { return AgentExit(exitCode: 0, signal: nil, stderrTail: "") }
        return await AgentExit(of: process)
    }

    /// Stops the CLI (its process group) and ends the output.
    func terminate() async {
        await process?.terminate()
        output.finish()
    }

    // MARK: Writing

    private func send(_ message: JSONRPCMessage) { output.send(message) }

    private func update(_ payload: JSONValue) { output.update(sessionID: sessionID, payload) }

    private func emit(_ event: ClaudeStreamTranslator.Event) {
        if case .update(let payload) = event { update(payload) }
    }

    /// Sends a control request; returns its id.
    @discardableResult
    private func control(_ request: JSONValue) async -> String {
        let id = "sa_\(nextControlNumber)"
        nextControlNumber += 1
        await write(["type": "control_request", "request_id": .string(id), "request": request])
        return id
    }

    private static func permissionAnswer(_ requestID: String, _ answer: JSONValue) -> JSONValue {
        ["type": "control_response", "response": ["subtype": "success", "request_id": .string(requestID), "response": answer]]
    }

    private func write(_ object: JSONValue) async {
        guard let process, let data = try? JSONEncoder().encode(object) else { return }
        var buffer = ByteBuffer(bytes: data)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try? await process.write(buffer)
    }
}
