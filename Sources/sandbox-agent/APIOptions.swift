import ArgumentParser
import Foundation
import SandboxAgentAPI
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

    @Flag(name: .shortAndLong, help: "Send no token, even if SANDBOX_AGENT_TOKEN is set.")
    var noToken = false

    @Flag(help: "Print the JSON response instead of human-readable output.")
    var json = false

    func validate() throws {
        _ = try endpointURL()
        _ = try RootTokenFlags.current.merged(token: token, noToken: noToken)
    }

    /// The token to send: this command's --token, else the root-level one, else $SANDBOX_AGENT_TOKEN;
    /// none with --no-token (before or after the subcommand).
    func resolvedToken() throws -> String? {
        let flags = try RootTokenFlags.current.merged(token: token, noToken: noToken)
        if flags.noToken { return nil }
        return (flags.token ?? ProcessInfo.processInfo.environment["SANDBOX_AGENT_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The endpoint from the flag, the environment or the default, checked to be an http(s) URL.
    private func endpointURL() throws -> URL {
        let text = endpoint ?? ProcessInfo.processInfo.environment["SANDBOX_AGENT_ENDPOINT"] ?? Self.defaultEndpoint
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("the endpoint must be an http:// or https:// URL with a host, got '\(text)'")
        }
        return url
    }

    /// Runs `body` with a client of the endpoint; any failure is printed to stderr and exits with 1.
    func withClient(_ body: (SandboxAgentClient) async throws -> Void) async throws {
        let client = SandboxAgentClient(endpoint: try endpointURL(), token: try resolvedToken())
        do {
            try await body(client)
        } catch let exit as ExitCode {
            throw exit
        } catch let error as SandboxAgentClientError {
            Console.error(error.description)
            throw ExitCode.failure
        } catch let error as CocoaError {
            Console.error([error.filePath ?? error.url?.path, error.localizedDescription].compactMap { $0 }.joined(separator: ": "))
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
