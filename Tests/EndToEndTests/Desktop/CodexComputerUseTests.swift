import Foundation
import Testing

/// The real Codex CLI in a session with a desktop: Codex gets the desktop MCP server through
/// `thread/start` config, and the scripted model takes a screenshot and clicks through it
/// (`ComputerUseScenario`).
@Suite(
    "Codex computer use, real CLI and display",
    .enabled(if: RealAgents.codex != nil && DesktopTesting.available, Comment(rawValue: RealAgents.codexSkipMessage + "; " + DesktopTesting.skipMessage)))
struct CodexComputerUseTests {
    @Test func theModelSeesTheScreenAndItsClickLands() async throws {
        try await withCodexServer { server, _, work in
            try await ComputerUseScenario.run(server: server, agent: "codex", cwd: work)
        }
    }
}
