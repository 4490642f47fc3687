import Foundation
import Testing

@Suite("sandbox-agent api … against a live server", .serialized)
struct CLITests {
    /// Runs the binary with `arguments` and returns (exit code, stdout, stderr).
    private func cli(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String, String) {
        let result = try await sandboxAgent(arguments, environment: environment)
        return (result.code, result.stdout, result.stderr)
    }

    @Test func runPropagatesOutputAndExitCode() async throws {
        try await withServer(["--token", "t0ken"]) { server in
            let endpoint = ["--endpoint", server.url.absoluteString]
            let (code, out, err) = try await cli(
                ["api", "processes", "run"] + endpoint + ["--token", "t0ken", "sh", "-c", "echo out; echo err >&2; exit 3"])
            #expect(code == 3)
            #expect(out == "out\n")
            #expect(err == "err\n")

            let (timeoutCode, _, timeoutErr) = try await cli(
                ["api", "processes", "run"] + endpoint + ["--timeout-ms", "200", "sleep", "5"], environment: ["SANDBOX_AGENT_TOKEN": "t0ken"])
            #expect(timeoutCode == 124)
            #expect(timeoutErr.contains("timed out"))

            let (deniedCode, _, deniedErr) = try await cli(["api", "health"] + endpoint)
            #expect(deniedCode == 1)
            #expect(deniedErr.contains("401"))
            #expect(deniedErr.contains("token_invalid"))
        }
    }

    @Test func filesRoundTripThroughTheCLI() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sa-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let local = work.appendingPathComponent("local file.txt")
        try "hello from the cli\n".write(to: local, atomically: true, encoding: .utf8)
        try await withServer { server in
            let endpoint = ["--endpoint", server.url.absoluteString]
            let remote = work.appendingPathComponent("remote/copy & more.txt").path
            let (putCode, _, putErr) = try await cli(["api", "fs", "put"] + endpoint + [local.path, remote])
            #expect(putCode == 0, "\(putErr)")
            let (catCode, catOut, _) = try await cli(["api", "fs", "cat"] + endpoint + [remote])
            #expect(catCode == 0)
            #expect(catOut == "hello from the cli\n")
            let (lsCode, lsOut, _) = try await cli(["api", "fs", "ls", "--json"] + endpoint + [work.appendingPathComponent("remote").path])
            #expect(lsCode == 0)
            #expect(lsOut.contains("copy & more.txt"))
            let (missingCode, _, missingErr) = try await cli(["api", "fs", "stat"] + endpoint + [work.appendingPathComponent("nope").path])
            #expect(missingCode == 1)
            #expect(missingErr.contains("404"))
        }
    }
}
