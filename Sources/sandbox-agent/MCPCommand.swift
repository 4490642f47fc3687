import ACP
import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent mcp`: MCP servers an agent can launch.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "MCP servers for agents (stdio).",
        subcommands: [MCPDesktopCommand.self])
}

/// `sandbox-agent mcp desktop`: the desktop MCP server on stdio, relaying every message to a
/// running server's `/v1/desktop/mcp`. This is the command an agent's MCP configuration names.
struct MCPDesktopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desktop",
        abstract: "Serve the desktop's MCP tools on stdin/stdout (for an agent to launch).",
        discussion: """
            Reads one JSON-RPC message per line on stdin and writes the answers on stdout, relayed \
            to the server at --endpoint (which must have its desktop started). Tools: screenshot, \
            click, double_click, move, drag, scroll, type, key, hold_key, cursor_position, windows, \
            focus_window, launch, open, clipboard_get, clipboard_set, wait, computer (Anthropic's \
            computer-tool input). Coordinates are in the screenshot's pixels. With --session, every \
            tool call is recorded in that session's transcript as _sandboxagent/desktop/action.

            Example MCP configuration:
              {"command": "sandbox-agent", "args": ["mcp", "desktop", "--endpoint", "http://127.0.0.1:2468"]}
            """)

    @OptionGroup var options: APIOptions

    @Option(help: "Record the tool calls in this session's transcript.")
    var session: String?

    func run() async throws {
        try await options.withClient { client in
            let output = MCPOutput()
            await withTaskGroup(of: Void.self) { group in
                for await line in LineReader.lines() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    group.addTask { await output.write(await relay(line, client: client)) }
                }
            }
        }
    }

    /// The server's answer to `line`, or a JSON-RPC error naming why it could not be reached.
    private func relay(_ line: String, client: SandboxAgentClient) async -> String? {
        do {
            return try await client.desktopMCP(line, session: session)
        } catch {
            Console.error("sandbox-agent mcp desktop: \(error)")
            guard case .request(let id, _, _)? = try? JSONRPCMessage.parse(line) else { return nil }
            let failure = JSONRPCMessage.response(id: id, result: .failure(.internalError("the sandbox-agent server failed: \(error)")))
            return (try? JSONEncoder().encode(failure)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

/// Writes whole lines to stdout, one at a time.
private actor MCPOutput {
    func write(_ text: String?) {
        guard let text else { return }
        Console.write(Data((text.trimmingCharacters(in: .newlines) + "\n").utf8), to: .standardOutput)
    }
}
