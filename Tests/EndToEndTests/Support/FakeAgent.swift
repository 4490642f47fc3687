import Foundation
import Glibc
import Testing

/// The fake ACP agent of `Tests/Fixtures/fake-acp-agent`, built on the official Python SDK
/// (`agent-client-protocol`), declared to the server under test through `--agents-file`.
enum FakeAgent {
    /// `Tests/Fixtures/fake-acp-agent/fake_acp_agent.py`, found from this file's location.
    static let script: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // EndToEndTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures/fake-acp-agent/fake_acp_agent.py")

    /// Whether `python3 -c "import acp"` works (scripts/install-deps.sh --test installs the SDK).
    static let sdkAvailable = pythonModuleAvailable("acp") && FileManager.default.fileExists(atPath: script.path)

    static let skipMessage =
        "needs python3 with the ACP SDK: pip install -r Tests/Fixtures/fake-acp-agent/requirements.txt (scripts/install-deps.sh --test)"

    /// One agents-file entry: `python3 fake_acp_agent.py <flags>` under `id`.
    struct Declaration {
        var id: String
        var flags: [String] = []
        var env: [String: String] = [:]
    }

    /// Writes `{"agents": [...]}` into `directory` and returns its path.
    static func writeAgentsFile(_ agents: [Declaration], in directory: URL) throws -> URL {
        let entries: [[String: Any]] = agents.map { agent in
            ["id": agent.id, "command": "python3", "args": [script.path] + agent.flags, "env": agent.env]
        }
        let file = directory.appendingPathComponent("agents.json")
        try JSONSerialization.data(withJSONObject: ["agents": entries], options: [.prettyPrinted]).write(to: file)
        return file
    }
}

/// Whether `python3 -c "import <module>"` works (the fixtures' Python packages are optional locally).
func pythonModuleAvailable(_ module: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import \(module)"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}

/// A temporary directory, removed when `body` ends.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sa-interop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Runs `body` against a server that knows the fake agents `agents` (plus the built-in mock);
/// `directory` is a fresh temporary directory, also usable as a session cwd.
func withFakeAgentServer<T>(
    _ agents: [FakeAgent.Declaration], extraArguments: [String] = [],
    _ body: (TestServer, SessionAPI, URL) async throws -> T
) async throws -> T {
    try await withTemporaryDirectory { directory in
        let agentsFile = try FakeAgent.writeAgentsFile(agents, in: directory)
        let work = directory.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        return try await withServer(["--no-token", "--storage", "memory", "--agents-file", agentsFile.path] + extraArguments) { server in
            try await body(server, SessionAPI(server: server), work)
        }
    }
}

/// Whether process `pid` is gone (no such process, or only a zombie left for its parent to reap).
func processIsGone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
    return state == "Z" || state == "X"
}

// MARK: Transcript helpers (SessionEvent arrays from `GET …/events`)

/// A JSON-RPC id as a comparable key: `n:3`, `s:abc`, or nil.
func rpcIDKey(_ value: Any?) -> String? {
    switch value {
    case let string as String: return "s:" + string
    case let number as NSNumber: return "n:\(number.int64Value)"
    default: return nil
    }
}

extension Array where Element == [String: Any] {
    func payload(at index: Int) -> [String: Any] { self[index]["payload"] as? [String: Any] ?? [:] }
    func sender(at index: Int) -> String? { self[index]["sender"] as? String }
    func method(at index: Int) -> String? { payload(at: index)["method"] as? String }

    /// Indexes of requests (with an `id`) named `method` sent by `sender`.
    func requests(_ method: String, from sender: String) -> [Int] {
        indices.filter { self.sender(at: $0) == sender && self.method(at: $0) == method && payload(at: $0)["id"] != nil }
    }

    /// Indexes of notifications named `method` sent by `sender`.
    func notifications(_ method: String, from sender: String) -> [Int] {
        indices.filter { self.sender(at: $0) == sender && self.method(at: $0) == method && payload(at: $0)["id"] == nil }
    }

    /// The index of the response to the request at `requestIndex` (sent by the other side).
    func response(to requestIndex: Int) -> Int? {
        guard let key = rpcIDKey(payload(at: requestIndex)["id"]) else { return nil }
        let answerer = sender(at: requestIndex) == "client" ? "agent" : "client"
        return indices.first { index in
            index > requestIndex && sender(at: index) == answerer && method(at: index) == nil
                && rpcIDKey(payload(at: index)["id"]) == key
        }
    }

    /// `result` of the response at `index`, if it is a success.
    func result(at index: Int) -> [String: Any]? { payload(at: index)["result"] as? [String: Any] }

    /// Indexes of `session/update` notifications whose update kind is `kind` (any kind if nil).
    func updateIndexes(_ kind: String? = nil) -> [Int] {
        notifications("session/update", from: "agent").filter { index in
            kind == nil || update(at: index)?["sessionUpdate"] as? String == kind
        }
    }

    func update(at index: Int) -> [String: Any]? {
        (payload(at: index)["params"] as? [String: Any])?["update"] as? [String: Any]
    }

    /// The text of an `agent_message_chunk` at `index`.
    func chunkText(at index: Int) -> String? {
        (update(at: index)?["content"] as? [String: Any])?["text"] as? String
    }

    /// Indexes of server notifications named `method`.
    func serverNotifications(_ method: String) -> [Int] {
        indices.filter { sender(at: $0) == "server" && self.method(at: $0) == method }
    }
}
