import Foundation
import Testing

/// The binary's `--version`. (Health, banner, unknown routes and the served document are checked
/// in process: SandboxAgentServerTests.)
@Suite("Meta: version")
struct MetaTests {
    @Test func versionFlagPrintsTheVersion() async throws {
        let result = try await sandboxAgent(["--version"])
        #expect(result.code == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "got \(result.stdout)")
    }
}
