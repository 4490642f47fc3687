import Foundation
import NIOCore
import NIOHTTP1
import SandboxAgentAPI
import SandboxAgentClient
import Testing

/// `sandbox-agent install-agent` and `POST /v1/agents/{agent}/install` against a local stand-in for
/// npm, GitHub releases and the ACP registry (`Tests/Fixtures/agent-distribution-server`); the
/// installed "agents" run the fake ACP agent, so the server can start sessions with them.
@Suite("Agent install", .enabled(if: FakeAgent.sdkAvailable, Comment(rawValue: FakeAgent.skipMessage)))
struct AgentInstallTests {
    private func installAgent(_ arguments: [String], data: URL, source: AgentDistribution, path: String? = nil) async throws -> CommandResult {
        var environment = source.environment
        if let path { environment["PATH"] = path }
        return try await sandboxAgent(["install-agent", "--data-dir", data.path] + arguments, environment: environment)
    }

    private func version(of binary: URL) async throws -> String {
        try await RunningCommand(binary, ["--version"]).finish(timeout: .seconds(30)).stdout
    }

    @Test func eachSourceInstallsAndTheServerRunsWhatWasInstalled() async throws {
        try await withTemporaryDirectory { directory in
            let source = try await AgentDistribution.start()
            defer { source.stop() }
            let data = directory.appendingPathComponent("data")
            let claude = try await installAgent(["claude"], data: data, source: source)
            #expect(claude.code == 0, "\(claude.stderr)")
            #expect(claude.stdout.contains("claude 2.1.400 installed") && claude.stdout.contains("npm @anthropic-ai/claude-code-linux-"))
            #expect(claude.stderr.contains("claude: resolving npm"), "progress is shown: \(claude.stderr)")
            let codex = try await installAgent(["codex", "--agent-version", "0.169.0"], data: data, source: source)
            #expect(codex.code == 0, "\(codex.stderr)")
            for agent in ["amp", "cursor"] {
                let result = try await installAgent([agent], data: data, source: source)
                #expect(result.code == 0, "\(agent): \(result.stderr)")
            }
            let bin = data.appendingPathComponent("bin")
            #expect(try await version(of: bin.appendingPathComponent("claude")) == "2.1.400 (fixture claude)\n")
            #expect(try await version(of: bin.appendingPathComponent("codex")) == "0.169.0 (fixture codex)\n")
            let again = try await installAgent(["claude"], data: data, source: source)
            #expect(again.code == 0 && again.stdout.contains("already installed"), "\(again.stdout)")

            let argsLog = directory.appendingPathComponent("args.log")
            try await withServer(["--no-token", "--storage", "memory"], environment: ["FIXTURE_ARGS_LOG": argsLog.path], dataDirectory: data) { server in
                let info = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
                #expect(info["installed"] as? Bool == true && info["driver"] as? String == "claude-code")
                #expect(info["path"] as? String == bin.appendingPathComponent("claude").path && info["version"] as? String == "2.1.400")
                let codexInfo = try await HTTP.send(.GET, server.address("/v1/agents/codex")).json()
                #expect(codexInfo["version"] as? String == "0.169.0")
                let api = SessionAPI(server: server)
                for agent in ["amp", "cursor"] {
                    let id = try await api.create(agent: agent)
                    let reply = try await api.prompt(id, "hello from \(agent)")
                    #expect(try reply.json()["stopReason"] as? String == "end_turn", "\(reply.text)")
                }
                // The launchers pass the registry's arguments and environment.
                let log = try String(contentsOf: argsLog, encoding: .utf8).split(separator: "\n").map(String.init)
                #expect(log.contains("amp||1") && log.contains("cursor|acp|"), "\(log)")
            }
        }
    }

    @Test func aCorruptDownloadIsRefusedAndThePreviousInstallKeepsWorking() async throws {
        try await withTemporaryDirectory { directory in
            let data = directory.appendingPathComponent("data")
            let good = try await AgentDistribution.start()
            #expect(try await installAgent(["codex", "--agent-version", "0.169.0"], data: data, source: good).code == 0)
            good.stop()
            let corrupt = try await AgentDistribution.start(corrupt: ["codex"])
            defer { corrupt.stop() }
            let result = try await installAgent(["codex", "--reinstall"], data: data, source: corrupt)
            #expect(result.code == 1)
            #expect(result.stderr.contains("does not match its sha256 checksum") && result.stderr.contains("refused"), "\(result.stderr)")
            #expect(try await version(of: data.appendingPathComponent("bin/codex")) == "0.169.0 (fixture codex)\n")
            let agents = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("agents").path)
            #expect(!agents.contains { $0.hasPrefix(".staging") }, "staging left behind: \(agents)")
            let versions = try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("agents/codex").path)
            #expect(versions.filter { $0 != "install.json" }.count == 1 && versions.contains { $0.hasPrefix("0.169.0-") }, "\(versions)")
        }
    }

    @Test func allInstallsWhatItCanAndReportsTheRest() async throws {
        try await withTemporaryDirectory { directory in
            let source = try await AgentDistribution.start(missing: ["opencode", "gemini"])
            defer { source.stop() }
            // No npx on this PATH: pi (an npm package run through npx) cannot be installed.
            let result = try await installAgent(["--all"], data: directory, source: source, path: directory.path + "/no-such-dir")
            #expect(result.code == 1)
            for agent in ["claude", "codex", "amp", "cursor"] {
                #expect(result.stdout.contains("\(agent) ") && result.stdout.contains("installed"), "\(agent) missing from \(result.stdout)")
            }
            #expect(result.stderr.contains("opencode: install failed: anomalyco/opencode has no published release"), "\(result.stderr)")
            #expect(result.stderr.contains("pi: install failed") && result.stderr.contains("npx"), "\(result.stderr)")
            #expect(result.stderr.contains("not installed: opencode, pi, gemini (4 of 7 installed)"), "\(result.stderr)")
            let usage = try await sandboxAgent(["install-agent", "--all", "--agent-version", "1.0.0"])
            #expect(usage.code == 64 && usage.stderr.contains("--agent-version"), "\(usage.stderr)")
        }
    }

    @Test func anNPXAgentGetsALauncherThatRunsNPX() async throws {
        try await withTemporaryDirectory { directory in
            let source = try await AgentDistribution.start()
            defer { source.stop() }
            let tools = directory.appendingPathComponent("tools")
            try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
            let npx = tools.appendingPathComponent("npx")
            try "#!/bin/sh\necho \"npx $*\"\n".write(to: npx, atomically: true, encoding: .utf8)
            chmod(npx.path, 0o755)
            let data = directory.appendingPathComponent("data")
            let result = try await installAgent(["gemini"], data: data, source: source, path: tools.path)
            #expect(result.code == 0, "\(result.stderr)")
            let run = try await RunningCommand(data.appendingPathComponent("bin/gemini-acp"), ["--extra"]).finish(timeout: .seconds(30))
            #expect(run.stdout == "npx -y @google/gemini-cli@0.37.1 --acp --extra\n", "\(run.stdout) \(run.stderr)")
        }
    }

    @Test func theHTTPInstallEndpoint() async throws {
        let source = try await AgentDistribution.start(delayMs: 300)
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            let install = server.address("/v1/agents/claude/install")
            // Two clients at once: one downloads, the other waits for it and finds it installed.
            async let first = HTTP.json(.POST, install, [:])
            async let second = HTTP.json(.POST, install, [:])
            let answers = try await [first, second]
            #expect(answers.allSatisfy { $0.status == 200 }, "\(answers.map(\.text))")
            let flags = try answers.map { try $0.json()["already_installed"] as? Bool }
            #expect(flags.sorted { $0 == false && $1 == true } == [false, true], "\(flags)")
            let artifact = try #require((answers[0].json()["artifacts"] as? [[String: Any]])?.first)
            #expect(artifact["kind"] as? String == "native_cli" && artifact["version"] as? String == "2.1.400")
            #expect(try await source.downloads().filter { $0.key.contains("claude-code") }.values.reduce(0, +) == 1)
            let again = try await HTTP.json(.POST, install, ["reinstall": true, "agentVersion": "2.1.399"])
            #expect(try again.json()["already_installed"] as? Bool == false)
            let info = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
            #expect(info["version"] as? String == "2.1.399" && info["installed"] as? Bool == true)

            // An empty body is the defaults; bad bodies and agents are 400s that say why.
            let empty = try await HTTP.send(.POST, server.address("/v1/agents/amp/install"))
            #expect(empty.status == 200, "\(empty.text)")
            let wrongType = try await HTTP.json(.POST, install, ["reinstall": "yes"])
            #expect(wrongType.status == 400 && wrongType.text.contains("reinstall"))
            // An unknown field is ignored (not a reinstall): the answer says nothing was installed.
            let unknownKey = try await HTTP.json(.POST, install, ["force": true])
            #expect(unknownKey.status == 200, "\(unknownKey.text)")
            #expect(try unknownKey.json()["already_installed"] as? Bool == true, "\(unknownKey.text)")
            let traversal = try await HTTP.json(.POST, install, ["agentVersion": "../../etc"])
            #expect(traversal.status == 400 && traversal.problemCode == "invalid_request")
            let unknown = try await HTTP.json(.POST, server.address("/v1/agents/nope/install"), [:])
            #expect(unknown.status == 400 && unknown.problemCode == "unsupported_agent")
            let noSuchVersion = try await HTTP.json(.POST, server.address("/v1/agents/codex/install"), ["agentVersion": "9.9.9"])
            #expect(noSuchVersion.status == 404 && noSuchVersion.problemCode == "agent_version_not_found", "\(noSuchVersion.text)")
            #expect(try noSuchVersion.json()["detail"] as? String == "openai/codex has no release rust-v9.9.9", "\(noSuchVersion.text)")
        }
    }

    @Test func theInstallStreamsItsProgressWhenAsked() async throws {
        let source = try await AgentDistribution.start()
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            let install = server.address("/v1/agents/claude/install")
            let streamed = try await HTTP.json(.POST, install, [:], headers: [("Accept", "text/event-stream")])
            #expect(streamed.status == 200 && streamed.headers.first(name: "content-type") == "text/event-stream", "\(streamed.text)")
            let events = Self.serverSentEvents(in: streamed)
            let phases = events.filter { $0.event == "progress" }.compactMap { Self.object($0.data)["phase"] as? String }
            #expect(phases.first == "resolving" && phases.contains("downloading") && phases.last == "unpacking", "\(phases)")
            let downloads = events.filter { $0.event == "progress" }.map { Self.object($0.data) }.filter { $0["phase"] as? String == "downloading" }
            let last = try #require(downloads.last)
            #expect(last["receivedBytes"] as? Int != nil && last["receivedBytes"] as? Int == last["totalBytes"] as? Int, "\(downloads)")
            #expect(events.last?.event == "result", "the stream ends with the result: \(streamed.text)")
            #expect(Self.object(events.last?.data ?? "")["already_installed"] as? Bool == false)

            // Installed already: the stream is the result alone.
            let again = Self.serverSentEvents(in: try await HTTP.json(.POST, install, [:], headers: [("Accept", "text/event-stream")]))
            #expect(again.map(\.event) == ["result"] && Self.object(again[0].data)["already_installed"] as? Bool == true, "\(again)")

            // A failure before the first step is a plain ProblemDetails; one after it, an `error` event.
            let unknown = try await HTTP.json(.POST, server.address("/v1/agents/nope/install"), [:], headers: [("Accept", "text/event-stream")])
            #expect(unknown.status == 400 && unknown.problemCode == "unsupported_agent", "\(unknown.text)")
            let failing = try await HTTP.json(
                .POST, server.address("/v1/agents/codex/install"), ["agentVersion": "9.9.9"], headers: [("Accept", "text/event-stream")])
            let failed = Self.serverSentEvents(in: failing)
            #expect(failed.first?.event == "progress" && failed.last?.event == "error", "\(failing.text)")
            let problem = Self.object(failed.last?.data ?? "")
            #expect(problem["type"] as? String == "urn:sandbox-agent:error:agent_version_not_found" && problem["status"] as? Int == 404 && (problem["detail"] as? String)?.contains("rust-v9.9.9") == true)
        }
    }

    private static func serverSentEvents(in result: HTTPResult) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.parse(ByteBuffer(bytes: result.body))
    }

    private static func object(_ json: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:]
    }

    @Test func aMissingAgentIsInstalledOnFirstUseUnlessPreinstallIsRequired() async throws {
        let source = try await AgentDistribution.start()
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            let before = try await HTTP.send(.GET, server.address("/v1/agents/amp")).json()
            #expect(before["installed"] as? Bool == false && (before["configError"] as? String)?.contains("install-agent amp") == true)
            let api = SessionAPI(server: server)
            let id = try await api.create(agent: "amp")
            #expect(try await api.prompt(id, "installed on the fly").json()["stopReason"] as? String == "end_turn")
            let after = try await HTTP.send(.GET, server.address("/v1/agents/amp")).json()
            #expect(after["installed"] as? Bool == true && after["version"] as? String == "0.9.0")
        }
        let downloaded = try await source.downloads().values.reduce(0, +)
        var environment = source.environment
        environment["SANDBOX_AGENT_REQUIRE_PREINSTALL"] = "1"
        try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
            let refused = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "amp"])
            #expect(refused.status == 404 && refused.problemCode == "agent_not_installed", "\(refused.text)")
            #expect(refused.text.contains("install-agent amp"))
            #expect(try await source.downloads().values.reduce(0, +) == downloaded, "nothing was downloaded")
        }
    }

    /// Offline: the sources refuse connections, accept them and never answer, or their host name
    /// does not resolve (a DNS failure: the reserved `.invalid` domain never does). Creating a
    /// session of a missing agent fails fast with 502, and the detail says what to do instead.
    @Test(arguments: ["closed", "silent", "unresolvable"])
    func anUnreachableSourceFailsFastNamingTheRemedy(mode: String) async throws {
        let script = """
            import socket, sys, time
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            print(s.getsockname()[1], flush=True)
            if sys.argv[1] == "closed":
                s.close()
                time.sleep(120)
            else:
                s.listen(64)
                s.settimeout(1)
                held, end = [], time.time() + 120
                while time.time() < end:
                    try:
                        held.append(s.accept()[0])
                    except socket.timeout:
                        pass
            """
        var fixture: Process?
        let base: String
        if mode == "unresolvable" {
            base = "http://registry.sandbox-agent.invalid"
        } else {
            let (port, process) = try await launchFixture(["python3", "-c", script, mode])
            fixture = process
            base = "http://127.0.0.1:\(port)"
        }
        defer { if let fixture { kill(fixture.processIdentifier, SIGKILL) } }
        let environment = [
            "SANDBOX_AGENT_NPM_REGISTRY_URL": base + "/npm", "SANDBOX_AGENT_GITHUB_API_URL": base + "/github",
            "SANDBOX_AGENT_ACP_REGISTRY_URL": base + "/registry.json", "SANDBOX_AGENT_INSTALL_TIMEOUT_MS": "4000",
        ]
        try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
            let created = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "claude"])
            #expect(created.status == 502 && created.problemCode == "install_source_unavailable", "\(created.status) \(created.text)")
            let detail = try created.json()["detail"] as? String ?? ""
            // What ended the install, from the answer itself: a refused connection or a name that
            // does not resolve at once (or, where the resolver itself is unreachable and does not
            // answer, the deadline), a silent source at the 4 s install deadline (not the 15 s read
            // timeout or never).
            let deadline = "did not finish within 4"
            let causes: [String] = switch mode {
            case "closed": [String(base.dropFirst("http://".count))]
            case "unresolvable": ["DNS error", deadline]
            default: [deadline]
            }
            #expect(causes.contains { detail.contains($0) }, "ended by one of \(causes): \(detail)")
            for remedy in ["sandbox-agent install-agent claude", "--require-preinstall", "SANDBOX_AGENT_NPM_REGISTRY_URL"] {
                #expect(detail.contains(remedy), "detail names \(remedy): \(detail)")
            }
        }
    }

    @Test func theAPICLIListsAndInstallsOnTheServer() async throws {
        let source = try await AgentDistribution.start()
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            let endpoint = ["--endpoint", server.url.absoluteString]
            let installed = try await sandboxAgent(["api", "agents", "install", "cursor"] + endpoint)
            #expect(installed.code == 0 && installed.stdout.hasPrefix("cursor 2026.11.20 installed: "), "\(installed.stdout) \(installed.stderr)")
            // The server's progress shows as a local install's does (a line per step off a terminal).
            #expect(installed.stderr.contains("cursor: resolving ") && installed.stderr.contains("cursor: unpacking"), "\(installed.stderr)")
            #expect(installed.stderr.contains("cursor: downloaded 100% "), "\(installed.stderr)")
            let again = try await sandboxAgent(["api", "agents", "install", "cursor", "--json"] + endpoint)
            #expect(again.stdout.contains("\"already_installed\" : true"), "\(again.stdout)")
            let list = try await sandboxAgent(["api", "agents", "list"] + endpoint)
            let cursor = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix("cursor ") })
            #expect(cursor.contains(" yes ") && cursor.contains("2026.11.20"), "\(list.stdout)")
            let unknown = try await sandboxAgent(["api", "agents", "install", "nope"] + endpoint)
            #expect(unknown.code == 1 && unknown.stderr.contains("unsupported_agent"), "\(unknown.stderr)")
            // A failure after the first step arrives as the stream's `error` event and reads the same.
            let missing = try await sandboxAgent(["api", "agents", "install", "codex", "--agent-version", "9.9.9"] + endpoint)
            #expect(missing.code == 1 && missing.stderr.contains("404 agent_version_not_found"), "\(missing.stderr)")
            #expect(missing.stderr.contains("codex: resolving "), "\(missing.stderr)")
        }
    }

    @Test func theClientReportsTheServersInstallSteps() async throws {
        let source = try await AgentDistribution.start()
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            var steps: [AgentInstallProgress] = []
            let result = try await client.installAgent("amp") { steps.append($0) }
            #expect(!result.alreadyInstalled && !result.artifacts.isEmpty, "\(result)")
            #expect(steps.first?.phase == .resolving && steps.last?.phase == .unpacking, "\(steps)")
            let lastDownload = try #require(steps.last { $0.phase == .downloading })
            #expect(lastDownload.totalBytes != nil && lastDownload.receivedBytes == lastDownload.totalBytes, "\(steps)")

            var none: [AgentInstallProgress] = []
            #expect(try await client.installAgent("amp") { none.append($0) }.alreadyInstalled && none.isEmpty)
            let failure = await #expect(throws: SandboxAgentClientError.self) {
                try await client.installAgent("codex", version: "9.9.9") { _ in }
            }
            #expect(failure?.status == 404 && failure?.problem?.code == "agent_version_not_found", "\(String(describing: failure))")
        }
    }
}
