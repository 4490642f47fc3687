import ArgumentParser
import Foundation
import SandboxAgentClient

/// Options shared by every `sandbox-agent api` subcommand: where the server is and how to print.
struct APIOptions: ParsableArguments {
    static let defaultEndpoint = "http://127.0.0.1:2468"

    @Option(
        name: .shortAndLong,
        help: "Base URL of the server (default: $SANDBOX_AGENT_ENDPOINT, else \(defaultEndpoint)).")
    var endpoint: String?

    @Option(name: .shortAndLong, help: "Bearer token of the server (default: $SANDBOX_AGENT_TOKEN).")
    var token: String?

    @Flag(help: "Print the JSON response instead of human-readable output.")
    var json = false

    /// Runs `body` with a client of the endpoint; any failure is printed to stderr and exits with 1.
    func withClient(_ body: (SandboxAgentClient) async throws -> Void) async throws {
        let environment = ProcessInfo.processInfo.environment
        let text = endpoint ?? environment["SANDBOX_AGENT_ENDPOINT"] ?? Self.defaultEndpoint
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("the endpoint must be an http:// or https:// URL with a host, got '\(text)'")
        }
        let token = (token ?? environment["SANDBOX_AGENT_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
        let client = SandboxAgentClient(endpoint: url, token: token)
        do {
            try await body(client)
        } catch let exit as ExitCode {
            throw exit
        } catch let error as SandboxAgentClientError {
            Console.error(error.description)
            throw ExitCode.failure
        } catch {
            Console.error(error.localizedDescription)
            throw ExitCode.failure
        }
    }

    /// Prints `value` as JSON with `--json`, else the human-readable `text`.
    func print(_ value: some Encodable, text: @autoclosure () -> String) throws {
        if json {
            try Console.printJSON(value)
        } else {
            Console.output(text())
        }
    }
}
