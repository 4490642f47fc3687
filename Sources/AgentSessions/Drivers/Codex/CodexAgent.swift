import ACP
import Foundation
import Glibc
import NIOCore
import ProcessRuntime
import Synchronization
import SandboxAgentAPI

/// Codex driven natively: an ACP agent in-process that runs `codex app-server` (JSON-RPC 2.0 over
/// stdio, one JSON object per line, no `"jsonrpc"` member) and translates both ways. ACP
/// `session/new`/`session/load` become `thread/start`/`thread/resume`, `session/prompt` a
/// `turn/start` answered when `turn/completed` arrives, `session/cancel` a `turn/interrupt`;
/// Codex's item notifications become `session/update`s and its approval requests
/// `session/request_permission`s whose answers go back as `decision`s.
actor CodexAgent: NativeACPAgent {
    /// One Codex request waiting for the client's answer, and how to answer it.
    private struct PendingApproval {
        enum Kind {
            /// A command or file-change approval; "allow always" sends `always` back
            /// (`acceptForSession` or an execpolicy amendment).
            case approval(always: JSONValue)
            /// `item/tool/requestUserInput`, asked as an `elicitation/create`.
            case question(CodexQuestion)
            /// `mcpServer/elicitation/request` approving an MCP tool call.
            case mcpToolApproval
            /// `mcpServer/elicitation/request` asking for input, asked as an `elicitation/create`.
            case mcpInput
        }

        var codexID: JSONRPCID
        var kind: Kind
        /// The tool call asked about, and what "always reject" remembers of it.
        var itemID: String? = nil
        var rejectionKey: String? = nil

        /// The answer for the client's result (nil: cancelled).
        func answer(to result: JSONValue?) -> JSONValue {
            switch kind {
            case .approval(let always):
                return CodexRequests.approvalAnswer(PermissionOption.selected(in: result), always: always)
            case .question(let question):
                return question.answer(to: ElicitationCreateResult(answer: result))
            case .mcpToolApproval:
                return CodexMCPElicitation.approvalAnswer(PermissionOption.selected(in: result))
            case .mcpInput:
                return CodexMCPElicitation.inputAnswer(ElicitationCreateResult(answer: result))
            }
        }
    }

    private let executable: String
    private let arguments: [String]
    private let environment: [String: String]
    /// Whether Codex's command sandbox works here (`CodexSandbox`); without it sandboxed modes ask instead.
    private let sandboxed: Bool
    private let processes: ProcessManager
    let output: ACPOutput
    private var process: ManagedProcess?
    var cli: ManagedProcess? { process }
    nonisolated let outputPause = Mutex(false)
    /// Lines to Codex, written in order by one task.
    private var outbox: AsyncStream<ByteBuffer>.Continuation?
    private var calls: [Int64: CheckedContinuation<Result<JSONValue, JSONRPCError>, Never>] = [:]
    private var nextCallID: Int64 = 1
    private var translator = CodexEventTranslator()
    private var threadID: String?
    private var prompt: JSONRPCID?
    private var turnID: String?
    private var cancelRequested = false
    /// The last non-retried `error` notification of the running turn.
    private var turnError: (message: String, info: JSONValue?)?
    private var approvals: [JSONRPCID: PendingApproval] = [:]
    /// Ids of our requests to the client, shared with the connection's other drivers.
    private let requestIDs: ACPRequestIDs
    /// Commands and file changes the user chose "always reject" for: declined without asking.
    private var rejectedAlways: Set<String> = []
    private var mode = CodexRequests.defaultMode
    private var model: String?
    private var models: [(value: String, name: String)] = []
    private var mcpStartup = CodexMCPStartup()
    /// The thread's running token totals (`thread/tokenUsage/updated`), and their value when the
    /// running turn began: the turn's usage is the difference.
    private var tokens = TokenUsage()
    private var tokensAtTurnStart = TokenUsage()

    init(
        executable: String, arguments: [String], environment: [String: String], sandboxed: Bool, processes: ProcessManager,
        requestIDs: ACPRequestIDs, emit: AsyncStream<AgentOutput>.Continuation
    ) {
        self.executable = executable
        self.requestIDs = requestIDs
        self.arguments = arguments
        self.environment = environment
        self.sandboxed = sandboxed
        self.processes = processes
        output = ACPOutput(emit)
    }

    // MARK: ACP from the session engine

    /// The result of a request, or nil when it is answered later (`session/prompt`). Params are
    /// read through the typed ACP vocabulary; params that do not fit are thrown as invalid params.
    func handle(_ method: String, _ params: JSONValue, id: JSONRPCID) async throws(JSONRPCError) -> Result<JSONValue, JSONRPCError>? {
        switch method {
        case ACPMethod.initialize:
            return Self.initializeResult(name: "codex", title: "Codex (sandbox-agent native driver)")
        case ACPMethod.sessionNew, ACPMethod.sessionLoad:
            let opening = try SessionOpening(method: method, params: params)
            return await openThread(opening)
        case ACPMethod.sessionPrompt:
            guard prompt == nil else { return .failure(JSONRPCError(code: -32000, message: "a prompt is already running")) }
            guard threadID != nil, process != nil else { return .failure(JSONRPCError(code: -32000, message: "no session; call session/new first")) }
            let input = CodexPrompt.input(try params.decoded(as: PromptParams.self).prompt)
            prompt = id
            turnID = nil
            cancelRequested = false
            turnError = nil
            tokensAtTurnStart = tokens
            Task { await self.startTurn(input) }
            return nil
        case ACPMethod.sessionSetMode:
            let modeId = try params.decoded(as: SetModeParams.self).modeId
            guard CodexRequests.modes.contains(where: { $0.id == modeId }) else {
                return .failure(.invalidParams("unknown modeId; expected one of \(CodexRequests.modes.map(\.id).joined(separator: ", "))"))
            }
            mode = modeId  // sent with the next turn/start
            update(CurrentModeUpdate(currentModeId: modeId).json)
            return .success(.object([:]))
        case ACPMethod.sessionSetConfigOption:
            let option = try params.decoded(as: SetConfigOptionParams.self)
            guard option.configId == "model", let value = option.value.stringValue, models.contains(where: { $0.value == value })
            else { return .failure(.invalidParams("configId must be model with one of \(models.map(\.value).joined(separator: ", "))")) }
            model = value  // sent with the next turn/start
            return .success(["configOptions": state.configOptions])
        default:
            return .failure(.methodNotFound(method))
        }
    }

    /// Starts the app-server and opens a thread: a new one, or one `session/load` resumes (a thread id).
    private func openThread(_ opening: SessionOpening) async -> Result<JSONValue, JSONRPCError> {
        let (cwd, resuming, mcpServers) = (opening.cwd, opening.resuming, opening.mcpServers)
        do {
            try await start(cwd: cwd)
        } catch {
            return .failure(.internalError("cannot start Codex (\(executable)): \(error)"))
        }
        if case .failure(let error) = await call("initialize", CodexRequests.initialize) {
            return .failure(.internalError("Codex did not initialize: \(error.message)\(stderrTail)"))
        }
        post(["method": "initialized"])
        let params = CodexRequests.thread(
            cwd: cwd, mode: mode, sandboxed: sandboxed, model: model, resuming: resuming, mcpServers: mcpServers)
        mcpStartup.expect(mcpServers)
        let opened: JSONValue
        if let resuming {
            switch await call("thread/resume", params) {
            case .success(let result): opened = result
            case .failure(let error): return .failure(JSONRPCError(code: -32002, message: "cannot resume Codex thread \(resuming): \(error.message)"))
            }
        } else {
            switch await call("thread/start", params) {
            case .success(let result): opened = result
            case .failure(let error): return .failure(JSONRPCError(code: error.code, message: "Codex thread/start failed: \(error.message)\(stderrTail)"))
            }
        }
        guard let thread = opened["thread"]?["id"]?.stringValue else { return .failure(.internalError("Codex answered without a thread id")) }
        threadID = thread
        model = opened["model"]?.stringValue ?? model
        await loadModels()
        if resuming != nil { replay(opened["thread"]?["turns"]?.arrayValue ?? []) }
        return .success(state.opened(newSession: resuming == nil ? thread : nil))
    }

    /// The models `model/list` offers, plus the thread's own when it is not among them.
    private func loadModels() async {
        var found: [(value: String, name: String)] = []
        if case .success(let result) = await call("model/list", [:]) {
            for entry in result["data"]?.arrayValue ?? [] where entry["hidden"]?.boolValue != true {
                guard let id = entry["model"]?.stringValue ?? entry["id"]?.stringValue else { continue }
                found.append((id, entry["displayName"]?.stringValue ?? id))
            }
        }
        if let model, !found.contains(where: { $0.value == model }) { found.insert((model, model), at: 0) }
        models = found
    }

    /// Sends the user and agent messages of a resumed thread as `session/update`s (ACP `session/load`).
    private func replay(_ turns: [JSONValue]) {
        for item in turns.flatMap({ $0["items"]?.arrayValue ?? [] }) {
            switch item["type"]?.stringValue {
            case "userMessage":
                let text = (item["content"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
                if !text.isEmpty { update(UserMessageChunk(text: text).json) }
            case "agentMessage":
                if let text = item["text"]?.stringValue, !text.isEmpty {
                    update(AgentMessageChunk(text: text).json)
                }
            default:
                break
            }
        }
    }

    /// The session's modes and model.
    private var state: NativeSessionState {
        NativeSessionState(mode: mode, modes: CodexRequests.modes.map { ($0.id, $0.name, $0.description) }, model: model ?? "", models: models)
    }

    // MARK: Turns

    private func startTurn(_ input: [JSONValue]) async {
        await mcpServersStarted()
        guard let threadID, let id = prompt else { return }
        if cancelRequested {
            finishPrompt(.success(JSONValue(encoding: PromptResult(stopReason: "cancelled"))))
            return
        }
        switch await call("turn/start", CodexRequests.turn(threadID: threadID, input: input, mode: mode, sandboxed: sandboxed, model: model)) {
        case .failure(let error):
            guard prompt == id else { return }
            finishPrompt(.failure(JSONRPCError(code: error.code, message: "Codex turn/start failed: \(error.message)")))
        case .success(let result):
            guard prompt == id, let turn = result["turn"]?["id"]?.stringValue else { return }
            if turnID == nil { turnID = turn }
            if cancelRequested { await interrupt() }
        }
    }

    /// Returns once the thread's configured MCP servers are up (or failed), or after `CodexMCPStartup.wait`.
    private func mcpServersStarted() async {
        guard mcpStartup.isPending else { return }
        let deadline = Task { [weak self] in
            try? await Task.sleep(for: CodexMCPStartup.wait)
            await self?.releaseMCPStartup()
        }
        await withCheckedContinuation { mcpStartup.enqueue($0) }
        deadline.cancel()
    }

    private func releaseMCPStartup() { mcpStartup.release() }

    func cancel() async {
        guard prompt != nil, !cancelRequested else { return }
        cancelRequested = true
        for (_, pending) in approvals {
            if let itemID = pending.itemID { translator.reject(itemID) }
            respond(pending.codexID, .success(pending.answer(to: nil)))
        }
        approvals.removeAll()
        await interrupt()
    }

    private func interrupt() async {
        guard let threadID, let turnID else { return }  // startTurn interrupts once the turn id is known
        _ = await call("turn/interrupt", CodexRequests.interrupt(threadID: threadID, turnID: turnID))
    }

    private func turnCompleted(_ completed: String, status: String, error: JSONValue?) {
        guard prompt != nil else { return }
        if let turnID, turnID != completed { return }
        if cancelRequested || status == "interrupted" {
            finishPrompt(.success(JSONValue(encoding: PromptResult(stopReason: "cancelled", usage: tokens.since(tokensAtTurnStart).turnUsage))))
            return
        }
        switch status {
        case "completed":
            finishPrompt(.success(JSONValue(encoding: PromptResult(stopReason: "end_turn", usage: tokens.since(tokensAtTurnStart).turnUsage))))
        default:
            let message = error?["message"]?.stringValue ?? turnError?.message ?? "the Codex turn failed"
            let info = error?["codexErrorInfo"] ?? turnError?.info
            let code = info?.stringValue == "unauthorized" ? -32000 : -32603
            finishPrompt(.failure(JSONRPCError(code: code, message: message, data: info.map { ["codexErrorInfo": $0] })))
        }
    }

    /// `thread/tokenUsage/updated`: the running totals, and ACP's `usage_update` (the last model
    /// request's tokens are the context in use; Codex reports no cost).
    private func tokenUsage(_ usage: JSONValue) {
        tokens = TokenUsage(codex: usage["total"] ?? .null)
        guard let size = usage["modelContextWindow"]?.intValue, let used = usage["last"]?["totalTokens"]?.intValue else { return }
        update(TokenUsage.update(used: used, size: size, costUSD: nil).json)
    }

    private func finishPrompt(_ result: Result<JSONValue, JSONRPCError>) {
        guard let id = prompt else { return }
        prompt = nil
        turnID = nil
        cancelRequested = false
        turnError = nil
        send(.response(id: id, result: result))
    }

    // MARK: Approvals

    /// A server→client request from Codex: approvals (commands, file changes, MCP tool calls)
    /// become ACP permission requests, user-input questions and MCP servers' elicitations ACP
    /// `elicitation/create`; anything else (auth refresh) is refused.
    private func serve(_ codexID: JSONRPCID, _ method: String, _ params: JSONValue) {
        switch method {
        case "item/commandExecution/requestApproval", "item/fileChange/requestApproval":
            guard !cancelRequested else {
                respond(codexID, .success(CodexRequests.approvalAnswer(nil, always: "cancel")))
                return
            }
            let itemID = params["itemId"]?.stringValue ?? ""
            let isCommand = method.hasPrefix("item/commandExecution")
            var item = translator.items[itemID] ?? .null
            if item == .null {
                item = isCommand
                    ? ["type": "commandExecution", "id": .string(itemID), "command": params["command"] ?? "", "cwd": params["cwd"] ?? .null,
                       "commandActions": params["commandActions"] ?? []]
                    : ["type": "fileChange", "id": .string(itemID), "changes": []]
            }
            let call = CodexToolCall(item: item)
            for event in translator.announce(item) { emit(event) }
            let rejectionKey = (isCommand ? "command:" : "edit:") + (call?.title ?? "")
            if rejectedAlways.contains(rejectionKey) {
                translator.reject(itemID)
                respond(codexID, .success(CodexRequests.approvalAnswer(.rejectAlways, always: "decline")))
                return
            }
            var rawInput = call?.rawInput.objectValue ?? [:]
            if let reason = params["reason"], reason != .null { rawInput["reason"] = reason }
            let (always, alwaysName) = CodexRequests.always(offered: params["availableDecisions"]?.arrayValue)
            let id = requestIDs.make()
            approvals[id] = PendingApproval(codexID: codexID, kind: .approval(always: always), itemID: itemID, rejectionKey: rejectionKey)
            var content = call?.content ?? []
            if let reason = params["reason"]?.stringValue, !reason.isEmpty { content.insert(CodexToolCall.text(reason), at: 0) }
            send(.request(id: id, method: ACPMethod.sessionRequestPermission, params: JSONValue(encoding: RequestPermissionParams(
                sessionId: threadID ?? "",
                toolCall: JSONValue(encoding: ToolCallUpdate(
                    toolCallId: itemID, title: call?.title ?? (isCommand ? "Run a command" : "Edit files"),
                    kind: call?.kind ?? (isCommand ? "execute" : "edit"), status: "pending", content: content,
                    locations: call?.locations ?? [], rawInput: .object(rawInput))),
                options: PermissionOption.list(
                    [(.allowOnce, "Allow once"), (.allowAlways, alwaysName), (.rejectOnce, "Reject"), (.rejectAlways, "Always reject")])))))
        case "item/tool/requestUserInput":
            guard !cancelRequested, let question = CodexQuestion(params: params) else {
                respond(codexID, .success(["answers": [:]]))
                return
            }
            let id = requestIDs.make()
            approvals[id] = PendingApproval(codexID: codexID, kind: .question(question))
            let elicitation = ElicitationCreateParams(
                sessionId: threadID ?? "", toolCallId: params["itemId"]?.stringValue, mode: "form", message: question.message,
                requestedSchema: question.requestedSchema)
            send(.request(id: id, method: ACPMethod.elicitationCreate, params: JSONValue(encoding: elicitation)))
        case "mcpServer/elicitation/request":
            serveMCPElicitation(codexID, CodexMCPElicitation(params: params))
        default:
            respond(codexID, .failure(JSONRPCError(code: -32601, message: "sandbox-agent does not serve \(method)")))
        }
    }

    /// An MCP tool approval becomes an ACP permission request for that tool call (the running
    /// `mcpToolCall` item's id when Codex announced it), MCP input an `elicitation/create`.
    private func serveMCPElicitation(_ codexID: JSONRPCID, _ elicitation: CodexMCPElicitation) {
        switch elicitation {
        case _ where cancelRequested:
            respond(codexID, .success(CodexMCPElicitation.approvalAnswer(nil)))
        case .unsupported:
            respond(codexID, .success(["action": "decline"]))
        case .toolApproval(let server, let tool, let arguments, let message, let remembers):
            let id = requestIDs.make()
            approvals[id] = PendingApproval(codexID: codexID, kind: .mcpToolApproval)
            let toolCallID = runningMCPToolCall(server: server, tool: tool) ?? "mcp-approval-\(id)"
            let options = PermissionOption.list(
                [(.allowOnce, "Allow"), (.rejectOnce, "Reject")] + (remembers ? [(.allowAlways, "Allow for this session")] : []))
            let params = RequestPermissionParams(
                sessionId: threadID ?? "",
                toolCall: JSONValue(encoding: ToolCallUpdate(
                    toolCallId: toolCallID, title: "\(server).\(tool)", kind: "other", status: "pending",
                    content: [CodexToolCall.text(message)], rawInput: arguments)),
                options: options)
            send(.request(id: id, method: ACPMethod.sessionRequestPermission, params: JSONValue(encoding: params)))
        case .input(var request):
            let id = requestIDs.make()
            approvals[id] = PendingApproval(codexID: codexID, kind: .mcpInput)
            request.sessionId = threadID ?? ""
            send(.request(id: id, method: ACPMethod.elicitationCreate, params: JSONValue(encoding: request)))
        }
    }

    /// The id of the `mcpToolCall` item Codex is running for `tool` of `server`, if it announced one.
    private func runningMCPToolCall(server: String, tool: String) -> String? {
        for (id, item) in translator.items {
            let running = item["status"]?.stringValue == "inProgress" && item["type"]?.stringValue == "mcpToolCall"
            if running, item["server"]?.stringValue == server, item["tool"]?.stringValue == tool { return id }
        }
        return nil
    }

    func clientAnswered(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) async {
        guard let pending = approvals.removeValue(forKey: id) else { return }
        let option = PermissionOption.selected(in: try? result.get())
        if let itemID = pending.itemID {
            if option == .allowOnce || option == .allowAlways {
                if let started = translator.started(itemID) { emit(started) }
            } else {
                translator.reject(itemID)
            }
        }
        if option == .rejectAlways, let key = pending.rejectionKey { rejectedAlways.insert(key) }
        respond(pending.codexID, .success(pending.answer(to: try? result.get())))
    }

    // MARK: The app-server

    private func start(cwd: String) async throws {
        if let process {
            process.signal(SIGTERM)
            self.process = nil
            outbox?.finish()
        }
        let process = try await processes.start(
            ProcessCreateRequest(command: executable, args: ["app-server"] + arguments, cwd: cwd, env: environment, interactive: true),
            owner: .system, captureStdout: true)
        self.process = process
        applyOutputPause()
        let (lines, outbox) = AsyncStream.makeStream(of: ByteBuffer.self)
        self.outbox = outbox
        Task {
            for await line in lines {
                do { try await process.write(line) } catch { break }
            }
        }
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
    }

    private func handleOutput(_ line: String) async {
        guard let message = try? JSONRPCMessage.parse(line) else { return }
        switch message {
        case .response(let id, let result):
            guard case .int(let number) = id, let continuation = calls.removeValue(forKey: number) else { return }
            continuation.resume(returning: result)
        case .request(let id, let method, let params):
            serve(id, method, params ?? .null)
        case .notification(let method, let params):
            let params = params ?? .null
            if method == "mcpServer/startupStatus/updated" { return mcpStartup.update(params) }
            if let thread = params["threadId"]?.stringValue, thread != threadID { return }  // other threads (sub-agents)
            if method == "thread/tokenUsage/updated" { return tokenUsage(params["tokenUsage"] ?? .null) }
            for event in translator.translate(method: method, params: params) {
                switch event {
                case .update:
                    emit(event)
                case .turnStarted(let id):
                    if prompt != nil, turnID == nil {
                        turnID = id
                        if cancelRequested { await interrupt() }
                    }
                case .turnCompleted(let id, let status, let error):
                    turnCompleted(id, status: status, error: error)
                case .error(let message, let willRetry, let info):
                    if !willRetry { turnError = (message, info) }
                }
            }
        }
    }

    private func outputEnded(of ended: ManagedProcess) async {
        guard ended.id == process?.id else { return }
        let record = await ended.waitUntilExited()
        outbox?.finish()
        outbox = nil
        mcpStartup.release()
        for (_, continuation) in calls { continuation.resume(returning: .failure(.internalError("Codex exited"))) }
        calls.removeAll()
        if prompt != nil {
            finishPrompt(.failure(.agentExited(
                "Codex exited (code \(record.exitCode.map(String.init) ?? "none"), signal \(record.signal.map(String.init) ?? "none"))\(stderrTail)")))
        }
        output.finish()
    }

    private var stderrTail: String {
        guard let process else { return "" }
        let tail = process.logs(.stderr, tail: 20).compactMap(\.decodedText).joined()
        return tail.isEmpty ? "" : ": " + String(tail.suffix(2000))
    }

    // MARK: Lifecycle for the transport

    /// Waits for the app-server to end; returns how.
    func exit() async -> AgentExit {
        guard let process else { return AgentExit(exitCode: 0, signal: nil, stderrTail: "") }
        return await AgentExit(of: process)
    }

    /// Stops the app-server (its process group) and ends the output.
    func terminate() async {
        outbox?.finish()
        await process?.terminate()
        output.finish()
    }

    // MARK: Writing

    private func send(_ message: JSONRPCMessage) { output.send(message) }

    private func update(_ payload: JSONValue) { output.update(sessionID: threadID, payload) }

    private func emit(_ event: CodexEventTranslator.Event) {
        if case .update(let payload) = event { update(payload) }
    }

    /// A request to Codex, answered when its response line arrives (or Codex exits).
    private func call(_ method: String, _ params: JSONValue) async -> Result<JSONValue, JSONRPCError> {
        guard outbox != nil else { return .failure(.internalError("Codex is not running")) }
        let id = nextCallID
        nextCallID += 1
        return await withCheckedContinuation { continuation in
            calls[id] = continuation
            post(["id": .int(id), "method": .string(method), "params": params])
        }
    }

    private func respond(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) {
        switch result {
        case .success(let value): post(["id": id.json, "result": value])
        case .failure(let error): post(["id": id.json, "error": ["code": .int(Int64(error.code)), "message": .string(error.message)]])
        }
    }

    /// Queues one line to Codex's stdin (the app-server omits `"jsonrpc"`; so do we).
    private func post(_ object: JSONValue) {
        guard let outbox else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(object) else { return }
        var buffer = ByteBuffer(bytes: data)
        buffer.writeInteger(UInt8(ascii: "\n"))
        outbox.yield(buffer)
    }
}
