import Foundation
import Testing

@Suite("sandbox-agent api sessions … against a live server", .serialized)
struct SessionCLITests {
    /// Runs `sandbox-agent api sessions <arguments>` against `server` and returns (exit code, stdout, stderr).
    private func sessions(_ server: TestServer, _ arguments: [String]) async throws -> (Int32, String, String) {
        let result = try await sandboxAgent(["api", "sessions"] + arguments + ["--endpoint", server.url.absoluteString])
        return (result.code, result.stdout, result.stderr)
    }

    /// Creates a mock session through the CLI and returns its id.
    private func createSession(_ server: TestServer) async throws -> String {
        let cwd = FileManager.default.temporaryDirectory.path
        let (code, out, err) = try await sessions(server, ["create", "--agent", "mock", "--cwd", cwd, "--json"])
        #expect(code == 0, "\(err)")
        let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
        guard let id = object?["id"] as? String else { throw TestFailure("no session id in \(out)") }
        #expect(object?["status"] as? String == "active")
        #expect(object?["agent"] as? String == "mock")
        return id
    }

    @Test func createPromptAndInspect() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let cwd = FileManager.default.temporaryDirectory.path
            let (createCode, createOut, createErr) = try await sessions(
                server, ["create", "--agent", "mock", "--id", "cli-1", "--cwd", cwd, "--env", "A=b"])
            #expect(createCode == 0, "\(createErr)")
            #expect(createOut.contains("id:"))
            #expect(createOut.contains("cli-1"))
            #expect(createOut.contains("active"))
            #expect(createOut.contains("agentSessionId:"))

            let (promptCode, promptOut, promptErr) = try await sessions(server, ["prompt", "cli-1", "hello", "streamed", "world"])
            #expect(promptCode == 0, "\(promptErr)")
            #expect(promptOut == "hello streamed world\n")
            #expect(promptErr.contains("end_turn"))

            let (toolCode, toolOut, toolErr) = try await sessions(server, ["prompt", "cli-1", "/tool"])
            #expect(toolCode == 0, "\(toolErr)")
            #expect(toolOut.contains("⚙ Read README.md [read]"))
            #expect(toolOut.contains("completed"))
            #expect(toolOut.contains("Done."))

            let (eventsCode, eventsOut, _) = try await sessions(server, ["events", "cli-1", "--json"])
            #expect(eventsCode == 0)
            let lines = eventsOut.split(separator: "\n")
            #expect(lines.count > 10)
            let indices = try lines.map { line -> Int in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["payload"] is [String: Any])
                return object?["eventIndex"] as? Int ?? -1
            }
            #expect(indices == Array(0..<lines.count))

            let (humanCode, humanOut, _) = try await sessions(server, ["events", "cli-1", "--offset", "1", "--limit", "3"])
            #expect(humanCode == 0)
            #expect(humanOut.split(separator: "\n").first?.hasPrefix("#1 ") == true)
            #expect(humanOut.split(separator: "\n").count == 3)

            let (listCode, listOut, _) = try await sessions(server, ["list"])
            #expect(listCode == 0)
            #expect(listOut.contains("cli-1"))

            let (deleteCode, deleteOut, _) = try await sessions(server, ["delete", "cli-1"])
            #expect(deleteCode == 0)
            #expect(deleteOut.contains("ended"))

            let (missingCode, _, missingErr) = try await sessions(server, ["get", "no-such-session"])
            #expect(missingCode == 1)
            #expect(missingErr.contains("404"))
        }
    }

    @Test func permissionRequestAnsweredFromAnotherCommand() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let id = try await createSession(server)
            let prompt = RunningCommand(TestServer.binary, ["api", "sessions", "prompt", id, "/permission", "ls", "--endpoint", server.url.absoluteString])

            var permissionId: String?
            for _ in 0..<100 where permissionId == nil {
                let (code, out, _) = try await sessions(server, ["permissions", id, "--json"])
                #expect(code == 0)
                let list = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
                permissionId = (list?["permissions"] as? [[String: Any]])?.first?["permissionId"] as? String
                if permissionId == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let permission = try #require(permissionId)

            let (listCode, listOut, _) = try await sessions(server, ["permissions", id])
            #expect(listCode == 0)
            #expect(listOut.contains(permission))
            #expect(listOut.contains("`ls`"))

            let (replyCode, replyOut, replyErr) = try await sessions(server, ["permissions", "reply", id, permission, "once"])
            #expect(replyCode == 0, "\(replyErr)")
            #expect(replyOut.contains(permission))

            let finished = try await prompt.finish()
            let (code, out, err) = (finished.code, finished.stdout, finished.stderr)
            #expect(code == 0, "\(err)")
            #expect(out.contains("Approved."))
            #expect(out.contains("permissions reply \(id) \(permission)"))
            #expect(err.contains("end_turn"))
        }
    }

    @Test func cancelledTurnExits130() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let id = try await createSession(server)
            let prompt = RunningCommand(TestServer.binary, ["api", "sessions", "prompt", id, "/slow", "200", "--endpoint", server.url.absoluteString])
            // Cancel once the turn is streaming.
            for _ in 0..<100 {
                let (_, events, _) = try await sessions(server, ["events", id, "--json"])
                if events.contains("tick 1 ") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let (cancelCode, _, cancelErr) = try await sessions(server, ["cancel", id])
            #expect(cancelCode == 0, "\(cancelErr)")
            let finished = try await prompt.finish()
            let (code, out, err) = (finished.code, finished.stdout, finished.stderr)
            #expect(code == 130, "\(err)")
            #expect(out.contains("tick 1 "))
            #expect(err.contains("cancelled"))
        }
    }
}
