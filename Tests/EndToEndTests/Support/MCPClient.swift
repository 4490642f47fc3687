import Foundation

/// `Tests/Fixtures/mcp-client/mcp_desktop_check.py`: the official MCP Python SDK as a client of the
/// desktop MCP server, over streamable HTTP or stdio.
enum MCPClient {
    static let script: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mcp-client/mcp_desktop_check.py")

    /// Whether `python3 -c "import mcp"` works (scripts/install-deps.sh --test installs it).
    static let available = pythonModuleAvailable("mcp")

    static let skipMessage = "needs the MCP Python SDK: pip install -r Tests/Fixtures/mcp-client/requirements.txt (scripts/install-deps.sh --test)"

    /// Runs the client with `arguments` and the tool `calls`; returns its steps, in order.
    static func run(_ arguments: [String], calls: [[String: Any]]) async throws -> [[String: Any]] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-calls-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: input) }
        let lines = try calls.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let command = "exec python3 \"$0\" \"$@\" < \"\(input.path)\""
        let result = try await RunningCommand(URL(fileURLWithPath: "/bin/sh"), ["-c", command, script.path] + arguments).finish(timeout: .seconds(120))
        guard result.code == 0 else { throw TestFailure("mcp client failed (\(result.code)): \(result.stderr)") }
        return result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
