import ACP
import Foundation

/// Per-session state (records, running turns, "always" permission answers) and the process-wide
/// counters behind `mock-<n>`, `mock-msg-<n>` and `mock-call-<n>`.
actor Sessions {
    /// A remembered "always" permission answer.
    enum Decision: Sendable { case allow, reject }

    /// What `beginTurn` found.
    enum TurnStart: Sendable {
        case unknownSession
        case busy
        case started(token: Int, record: MockSessionRecord)
    }

    private struct RunningTurn {
        let token: Int
        let promptID: JSONRPCID
        var task: Task<Void, Never>?
    }

    private struct Entry {
        var record: MockSessionRecord
        var decision: Decision?
        var running: RunningTurn?
    }

    private let store: TranscriptFiles
    private var entries: [String: Entry] = [:]
    private var sessionCount = 0
    private var messageCount = 0
    private var callCount = 0
    private var turnCount = 0

    init(store: TranscriptFiles) {
        self.store = store
    }

    // MARK: Ids

    func nextMessageID() -> String {
        messageCount += 1
        return "mock-msg-\(messageCount)"
    }

    func nextCallID() -> String {
        callCount += 1
        return "mock-call-\(callCount)"
    }

    // MARK: Lifecycle

    /// A new session; ids are `mock-<n>`, or UUID-based (unique across restarts) with a state directory.
    func create(cwd: String, mcpServers: [JSONValue]) -> MockSessionRecord {
        sessionCount += 1
        let id = store.directory == nil ? "mock-\(sessionCount)" : "mock-\(UUID().uuidString.lowercased())"
        let record = MockSessionRecord(sessionId: id, cwd: cwd, modeId: MockProfile.defaultMode,
                                   modelId: MockProfile.defaultModel, turns: [], mcpServers: mcpServers)
        entries[id] = Entry(record: record)
        store.save(record)
        return record
    }

    /// The session from memory, else from the state directory (then kept in memory).
    func open(_ sessionId: String) -> MockSessionRecord? {
        if let entry = entries[sessionId] { return entry.record }
        guard let record = store.load(sessionId) else { return nil }
        entries[sessionId] = Entry(record: record)
        return record
    }

    func record(_ sessionId: String) -> MockSessionRecord? {
        entries[sessionId]?.record
    }

    /// Changes the mode or model; nil if the session is unknown.
    func update(_ sessionId: String, _ change: (inout MockSessionRecord) -> Void) -> MockSessionRecord? {
        guard var entry = entries[sessionId] else { return nil }
        change(&entry.record)
        entries[sessionId] = entry
        store.save(entry.record)
        return entry.record
    }

    func decision(_ sessionId: String) -> Decision? {
        entries[sessionId]?.decision
    }

    func remember(_ decision: Decision, for sessionId: String) {
        entries[sessionId]?.decision = decision
    }

    // MARK: Turns

    func beginTurn(_ sessionId: String, promptID: JSONRPCID) -> TurnStart {
        guard var entry = entries[sessionId] else { return .unknownSession }
        guard entry.running == nil else { return .busy }
        turnCount += 1
        entry.running = RunningTurn(token: turnCount, promptID: promptID)
        entries[sessionId] = entry
        return .started(token: turnCount, record: entry.record)
    }

    /// Records the task running a turn, unless the turn already finished.
    func attach(_ task: Task<Void, Never>, session sessionId: String, token: Int) {
        guard entries[sessionId]?.running?.token == token else { return }
        entries[sessionId]?.running?.task = task
    }

    /// Ends a turn; with `turn`, appends it to the transcript and persists it. Returns a
    /// description of a failure to save.
    @discardableResult
    func finishTurn(_ sessionId: String, token: Int, turn: MockSessionRecord.Turn?) -> String? {
        guard var entry = entries[sessionId], entry.running?.token == token else { return nil }
        entry.running = nil
        var problem: String?
        if let turn {
            entry.record.turns.append(turn)
            problem = store.save(entry.record)
        }
        entries[sessionId] = entry
        return problem
    }

    /// Cancels the running turn of a session (`session/cancel`).
    func cancelTurn(session sessionId: String) {
        entries[sessionId]?.running?.task?.cancel()
    }

    /// Cancels the running turn answering the prompt request `promptID` (`$/cancel_request`).
    func cancelTurn(promptID: JSONRPCID) {
        for entry in entries.values where entry.running?.promptID == promptID {
            entry.running?.task?.cancel()
        }
    }

    func cancelAll() {
        for entry in entries.values { entry.running?.task?.cancel() }
    }
}
