public import ACP
import Foundation

/// The desktop as an MCP server: `initialize`, `ping`, `tools/list`, `tools/call`, over any
/// transport that delivers JSON-RPC messages (streamable HTTP at `/v1/desktop/mcp`; stdio through
/// `sandbox-agent mcp desktop`, which relays to it).
public struct DesktopMCPServer: Sendable {
    /// The protocol revisions this server speaks, newest first.
    public static let protocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    let runner: DesktopToolRunner
    let version: String

    public init(runner: DesktopToolRunner, version: String) {
        self.runner = runner
        self.version = version
    }

    /// The answer to `message` (nil for notifications and responses); `onToolCall` sees each tool
    /// call with its result and duration (for the session's desktop-action events).
    public func handle(
        _ message: JSONRPCMessage,
        onToolCall: @Sendable (_ name: String, _ arguments: JSONValue?, _ result: DesktopToolResult, _ duration: Duration) async -> Void = { _, _, _, _ in }
    ) async -> JSONRPCMessage? {
        guard case .request(let id, let method, let params) = message else { return nil }
        switch method {
        case "initialize":
            let asked = params?["protocolVersion"]?.stringValue ?? Self.protocolVersions[0]
            let version = Self.protocolVersions.contains(asked) ? asked : Self.protocolVersions[0]
            return .response(id: id, result: .success([
                "protocolVersion": .string(version),
                "capabilities": ["tools": ["listChanged": false]],
                "serverInfo": ["name": "sandbox-agent-desktop", "title": "Sandbox Agent desktop", "version": .string(self.version)],
                "instructions": "Drive the Linux desktop: take a screenshot first; every coordinate is in the screenshot's pixels.",
            ]))
        case "ping":
            return .response(id: id, result: .success([:]))
        case "tools/list":
            return .response(id: id, result: .success(["tools": .array(DesktopTool.all.map(\.definition))]))
        case "tools/call":
            guard let name = params?["name"]?.stringValue else { return .response(id: id, result: .failure(.invalidParams("tools/call needs a name"))) }
            guard DesktopToolRunner.knows(name) else { return .response(id: id, result: .failure(.invalidParams("unknown tool \(name)"))) }
            let started = ContinuousClock.now
            let result = await runner.call(name, arguments: params?["arguments"])
            await onToolCall(name, params?["arguments"], result, ContinuousClock.now - started)
            return .response(id: id, result: .success(result.json))
        default:
            return .response(id: id, result: .failure(.methodNotFound(method)))
        }
    }
}
