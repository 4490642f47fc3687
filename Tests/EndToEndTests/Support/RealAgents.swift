import Foundation
import Glibc
import Synchronization
import Testing
import TestThreads

/// The real agent CLIs fetched by `scripts/fetch-test-agents.sh` (PyPI wheels, cached).
enum RealAgents {
    /// The Claude Code CLI: `$SANDBOX_AGENT_TEST_CLAUDE_BIN`, else the fetch script's cache.
    static let claude: String? = {
        let environment = Foundation.ProcessInfo.processInfo.environment
        if let explicit = environment["SANDBOX_AGENT_TEST_CLAUDE_BIN"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        let cacheRoot = environment["SANDBOX_AGENT_TEST_AGENTS"]
            ?? (environment["XDG_CACHE_HOME"] ?? NSHomeDirectory() + "/.cache") + "/sandbox-agent/test-agents"
        let path = cacheRoot + "/claude-agent-sdk-0.2.189/claude"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// The server environment for the real Claude Code CLI talking to `model`, with its state in `home`.
    static func claudeEnvironment(home: URL, model: FakeModelAPI) -> [String: String] {
        [
            "HOME": home.path, "SANDBOX_AGENT_CLAUDE_BIN": claude ?? "", "ANTHROPIC_BASE_URL": model.baseURL,
            "ANTHROPIC_API_KEY": "sk-ant-test-dummy", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1",
        ]
    }

    static let claudeSkipMessage = "needs the Claude Code CLI: scripts/fetch-test-agents.sh (run by scripts/install-deps.sh --test)"

    /// The Codex CLI: `$SANDBOX_AGENT_TEST_CODEX_BIN`, else the fetch script's cache.
    static let codex: String? = {
        let environment = Foundation.ProcessInfo.processInfo.environment
        if let explicit = environment["SANDBOX_AGENT_TEST_CODEX_BIN"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        let path = cacheRoot + "/openai-codex-cli-bin-0.163.0/bin/codex"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    static let codexSkipMessage = "needs the Codex CLI: scripts/fetch-test-agents.sh (run by scripts/install-deps.sh --test)"

    private static var cacheRoot: String {
        let environment = Foundation.ProcessInfo.processInfo.environment
        return environment["SANDBOX_AGENT_TEST_AGENTS"]
            ?? (environment["XDG_CACHE_HOME"] ?? NSHomeDirectory() + "/.cache") + "/sandbox-agent/test-agents"
    }
}

/// A fake model provider the tests run: `Tests/Fixtures/fake-model-server` (the Anthropic
/// Messages API with SSE) or `Tests/Fixtures/fake-openai-server` (the OpenAI Responses API), both
/// with deterministic rules on the prompt text, logging every request body.
final class FakeModelAPI: Sendable {
    /// Which provider it imitates.
    enum Kind: Sendable {
        case anthropic, openai

        var script: URL {
            let fixtures = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
            return self == .anthropic
                ? fixtures.appendingPathComponent("fake-model-server/fake_model_server.py")
                : fixtures.appendingPathComponent("fake-openai-server/fake_openai_server.py")
        }
    }

    let kind: Kind
    let port: Int
    let logFile: URL
    private let process: Process

    private init(kind: Kind, port: Int, logFile: URL, process: Process) {
        self.kind = kind
        self.port = port
        self.logFile = logFile
        self.process = process
    }

    /// Starts the server, logging into `directory`, and waits for its port.
    static func start(_ kind: Kind, in directory: URL) async throws -> FakeModelAPI {
        let logFile = directory.appendingPathComponent(kind == .anthropic ? "model-requests.jsonl" : "openai-requests.jsonl")
        let (port, process) = try await startFixtureServer(script: kind.script, logFile: logFile)
        return FakeModelAPI(kind: kind, port: port, logFile: logFile, process: process)
    }

    /// `ANTHROPIC_BASE_URL`, or the `base_url` of a Codex model provider.
    var baseURL: String { "http://127.0.0.1:\(port)" + (kind == .openai ? "/v1" : "") }

    /// Every streaming `/v1/messages` request body the CLI sent so far (token counting left out).
    func messageRequests() throws -> [[String: Any]] {
        loggedBodies { path, body in path.hasPrefix("/v1/messages") && !path.contains("count_tokens") && body["stream"] as? Bool == true }
    }

    /// The text blocks of the messages of a `/v1/messages` request body, in order.
    static func messageTexts(of request: [String: Any]?) -> [String] {
        ((request?["messages"] as? [[String: Any]]) ?? []).flatMap { message -> [String] in
            if let text = message["content"] as? String { return [text] }
            return ((message["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
        }
    }

    /// Every `POST /v1/responses` body the CLI sent so far.
    func responsesRequests() throws -> [[String: Any]] {
        loggedBodies { path, _ in path.hasSuffix("/responses") }
    }

    private func loggedBodies(_ keep: (String, [String: Any]) -> Bool) -> [[String: Any]] {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let path = entry["path"] as? String, let body = entry["body"] as? [String: Any], keep(path, body)
            else { return nil }
            return body
        }
    }

    /// SIGTERM by pid (Foundation's `isRunning` can be stale once other code reaps children).
    func stop() {
        kill(process.processIdentifier, SIGTERM)
    }

    deinit { stop() }
}

/// Runs `python3 script --port 0 --log logFile` and waits (10 s at most) for the `{"port": N}`
/// line it prints once listening.
private func startFixtureServer(script: URL, logFile: URL) async throws -> (port: Int, process: Process) {
    let (line, process) = try await launchFixture(["python3", script.path, "--port", "0", "--log", logFile.path])
    let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    guard let port = object?["port"] as? Int else {
        process.terminate()
        throw TestFailure("\(script.lastPathComponent) printed \(line), not its port")
    }
    return (port, process)
}

/// Starts `/usr/bin/env <arguments>` and returns the first line it prints on standard output
/// (fixture servers print their address there once listening), waiting 30 s at most.
func launchFixture(_ arguments: [String]) async throws -> (firstLine: String, process: Process) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let firstLine = Mutex<String?>(nil)
    let handle = output.fileHandleForReading
    Thread.detachNewThread {
        var buffer = Data()
        while !buffer.contains(0x0A) {
            let chunk = handle.readChunk()
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        firstLine.withLock { $0 = String(decoding: buffer.prefix { $0 != 0x0A }, as: UTF8.self) }
    }
    let deadline = ContinuousClock.now + .seconds(30)
    while true {
        // Checked once more after the deadline: a test delayed past it may find the line there.
        if let line = firstLine.withLock({ $0 }), !line.isEmpty { return (line, process) }
        guard ContinuousClock.now < deadline else { break }
        try await Task.sleep(for: .milliseconds(10))
    }
    kill(process.processIdentifier, SIGKILL)
    throw TestFailure("\(arguments.joined(separator: " ")) printed nothing within 30 s")
}

/// Runs `body` against a server whose `claude` agent is the real Claude Code CLI talking to a
/// fresh fake model server, with HOME in a temporary directory (Claude keeps its state there).
func withClaudeServer<T>(_ body: (TestServer, FakeModelAPI, URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-claude-\(UUID().uuidString)")
    let work = directory.appendingPathComponent("work")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = try await FakeModelAPI.start(.anthropic, in: directory)
    defer { model.stop() }
    return try await withServer(["--no-token", "--storage", "memory"], environment: RealAgents.claudeEnvironment(home: directory, model: model)) { server in
        try await body(server, model, work)
    }
}

struct CodexFixture {
    let directory: URL
    let work: URL
    let codexHome: URL
    let model: FakeModelAPI

    static func make() async throws -> CodexFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-codex-\(UUID().uuidString)")
        let work = directory.appendingPathComponent("work")
        let codexHome = directory.appendingPathComponent("codex-home")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: codexHome, withIntermediateDirectories: true)
        let model = try await FakeModelAPI.start(.openai, in: directory)
        let config = """
            model = "fake-model"
            model_provider = "fake"

            [model_providers.fake]
            name = "fake"
            base_url = "\(model.baseURL)"
            wire_api = "responses"
            env_key = "OPENAI_API_KEY"
            request_max_retries = 0
            stream_max_retries = 0
            """
        try config.write(to: codexHome.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        return CodexFixture(directory: directory, work: work, codexHome: codexHome, model: model)
    }

    var environment: [String: String] {
        [
            "HOME": directory.path, "CODEX_HOME": codexHome.path, "SANDBOX_AGENT_CODEX_BIN": RealAgents.codex ?? "",
            "OPENAI_API_KEY": "sk-test-dummy",
        ]
    }

    /// Processes whose working directory is inside this fixture (Codex and anything it started).
    func processesLeft() -> [String] {
        let prefix = directory.resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"), cwd.hasPrefix(prefix) else { return nil }
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return "\(pid): " + String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        }
    }

    func remove() {
        model.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` against a server whose `codex` agent is the real Codex CLI talking to a fresh fake
/// Responses API; afterwards no process may be left in the fixture's directories.
/// - Parameter appServerArguments: extra `codex app-server` arguments, declared in an agents file.
func withCodexServer<T>(
    appServerArguments: [String] = [], environment: [String: String] = [:], _ body: (TestServer, FakeModelAPI, URL) async throws -> T
) async throws -> T {
    let fixture = try await CodexFixture.make()
    defer { fixture.remove() }
    var arguments = ["--no-token", "--storage", "memory"]
    if !appServerArguments.isEmpty {
        let file = fixture.directory.appendingPathComponent("agents.json")
        let agents = ["agents": [["id": "codex", "command": RealAgents.codex ?? "codex", "args": appServerArguments, "driver": "codex"]]]
        try JSONSerialization.data(withJSONObject: agents).write(to: file)
        arguments += ["--agents-file", file.path]
    }
    let result = try await withServer(arguments, environment: fixture.environment.merging(environment) { $1 }) { server in
        try await body(server, fixture.model, fixture.work)
    }
    let left = fixture.processesLeft()
    #expect(left.isEmpty, "processes left behind: \(left)")
    return result
}
