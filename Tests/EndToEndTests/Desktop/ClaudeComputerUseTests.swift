import Foundation
import Testing

/// The real Claude Code CLI in a session with a desktop: the scripted model takes a screenshot
/// and clicks through the desktop MCP server (`ComputerUseScenario`).
@Suite(
    "Claude Code computer use, real CLI and display",
    .enabled(if: RealAgents.claude != nil && DesktopTesting.available, Comment(rawValue: RealAgents.claudeSkipMessage + "; " + DesktopTesting.skipMessage)))
struct ClaudeComputerUseTests {
    @Test func theModelSeesTheScreenAndItsClickLands() async throws {
        try await withClaudeServer { server, _, work in
            try await ComputerUseScenario.run(server: server, agent: "claude", cwd: work)
        }
    }
}
