import ArgumentParser
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api health`.
struct APIHealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Check the server is alive and print its version.")

    @OptionGroup var options: APIOptions

    func run() async throws {
        try await options.withClient { client in
            let health = try await client.health()
            try options.print(health, text: Console.fields(["status": health.status, "version": health.version]))
        }
    }
}
