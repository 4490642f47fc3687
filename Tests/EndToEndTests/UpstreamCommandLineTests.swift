import Foundation
import NIOHTTP1
import Testing

/// Upstream's documented command lines, run verbatim against the real binary, so upstream's users
/// can switch without changing them: root-level `--token`/`--no-token`, `server --no-telemetry`,
/// the SANDBOX_AGENT_LOG_* settings, and the Docker image's ENTRYPOINT/CMD.
@Suite("Upstream's command lines, verbatim", .serialized)
struct UpstreamCommandLineTests {
    /// Upstream's Docker command line (`server --no-token --host 0.0.0.0 --port 2468`) on a free
    /// port, with `--no-telemetry` from upstream's scripts: it listens on every interface.
    @Test func upstreamsDockerCommandLineServesHealth() async throws {
        let port = try TestServer.freePort()
        let server = try await TestServer(commandLine: ["server", "--no-token", "--host", "0.0.0.0", "--port", "\(port)", "--no-telemetry"])
        do {
            #expect(server.url.port == port)
            let health = try await HTTP.send(.GET, "http://127.0.0.1:\(port)/v1/health")
            #expect(health.status == 200)
            #expect(try health.json()["status"] as? String == "ok")
            // Bound to 0.0.0.0 (the wildcard address 00000000 in the kernel's table), not only loopback.
            let listening = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8).split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 3 && fields[1] == "00000000:" + String(format: "%04X", port) && fields[3] == "0A"
            }
            #expect(listening, "no socket listening on 0.0.0.0:\(port)")
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    @Test func rootLevelTokenIsTheClientsToken() async throws {
        try await withServer(["--token", "T0ken"]) { server in
            let endpoint = server.url.absoluteString
            // Upstream's example: sandbox-agent --token "$SANDBOX_TOKEN" api agents list --endpoint …
            let list = try await sandboxAgent(["--token", "T0ken", "api", "agents", "list", "--endpoint", endpoint])
            #expect(list.code == 0, "\(list.stderr)")
            #expect(list.stdout.contains("AGENT"))
            #expect(list.stdout.contains("mock"))
            for spelling in [["-t", "T0ken"], ["--token=T0ken"]] {
                let health = try await sandboxAgent(spelling + ["api", "health", "--endpoint", endpoint])
                #expect(health.code == 0, "\(spelling): \(health.stderr)")
            }
            // The subcommand's own flag still works, also together with an equal root-level one.
            let own = try await sandboxAgent(["api", "health", "--endpoint", endpoint, "--token", "T0ken"])
            #expect(own.code == 0, "\(own.stderr)")
            let both = try await sandboxAgent(["-t", "T0ken", "api", "health", "--endpoint", endpoint, "--token", "T0ken"])
            #expect(both.code == 0, "\(both.stderr)")

            let wrong = try await sandboxAgent(["--token", "wrong", "api", "health", "--endpoint", endpoint])
            #expect(wrong.code == 1)
            #expect(wrong.stderr.contains("401"))
            let conflicting = try await sandboxAgent(["--token", "T0ken", "api", "health", "--endpoint", endpoint, "--token", "other"])
            #expect(conflicting.code != 0)
            #expect(conflicting.stderr.contains("different values"), "\(conflicting.stderr)")
            let contradicting = try await sandboxAgent(["-n", "api", "health", "--endpoint", endpoint, "--token", "T0ken"])
            #expect(contradicting.code != 0)
            #expect(contradicting.stderr.contains("exclude each other"), "\(contradicting.stderr)")
            // -n sends no token even when SANDBOX_AGENT_TOKEN is set.
            let noToken = try await sandboxAgent(["-n", "api", "health", "--endpoint", endpoint], environment: ["SANDBOX_AGENT_TOKEN": "T0ken"])
            #expect(noToken.code == 1)
            #expect(noToken.stderr.contains("401"))
            let missing = try await sandboxAgent(["--token"])
            #expect(missing.code != 0)
            #expect(missing.stderr.contains("missing value"), "\(missing.stderr)")
        }
    }

    @Test func rootLevelNoTokenAgainstAServerWithoutToken() async throws {
        try await withServer(["--no-token"]) { server in
            let endpoint = server.url.absoluteString
            let list = try await sandboxAgent(["-n", "api", "agents", "list", "--endpoint", endpoint])
            #expect(list.code == 0, "\(list.stderr)")
            #expect(list.stdout.contains("AGENT"))
            let health = try await sandboxAgent(["--no-token", "api", "health", "--endpoint", endpoint])
            #expect(health.code == 0, "\(health.stderr)")
        }
    }

    @Test func rootLevelTokenIsTheServersToken() async throws {
        let guarded = try await TestServer(commandLine: ["--token", "S3cret", "server", "--host", "127.0.0.1", "--port", "0"])
        do {
            #expect(try await HTTP.send(.GET, guarded.address("/v1/health")).status == 401)
            #expect(try await HTTP.send(.GET, guarded.address("/v1/health"), headers: [("Authorization", "Bearer S3cret")]).status == 200)
            await guarded.stop()
        } catch {
            await guarded.stop()
            throw error
        }
        // -n wins over SANDBOX_AGENT_TOKEN, as `server --no-token` does.
        let open = try await TestServer(
            commandLine: ["-n", "server", "--host", "127.0.0.1", "--port", "0"], environment: ["SANDBOX_AGENT_TOKEN": "S3cret"])
        do {
            #expect(try await HTTP.send(.GET, open.address("/v1/health")).status == 200)
            await open.stop()
        } catch {
            await open.stop()
            throw error
        }
        let conflicting = try await sandboxAgent(["--token", "a", "server", "--no-token", "--port", "0"])
        #expect(conflicting.code != 0)
        #expect(conflicting.stderr.contains("exclude each other"), "\(conflicting.stderr)")
        let different = try await sandboxAgent(["--token", "a", "server", "--token", "b", "--port", "0"])
        #expect(different.code != 0)
        #expect(different.stderr.contains("different values"), "\(different.stderr)")
    }

    @Test func logDirectoryGetsRequestLinesAndRotates() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sa-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let server = try await TestServer(
            commandLine: ["server", "--no-token", "--host", "127.0.0.1", "--port", "0", "--no-telemetry"],
            environment: [
                "SANDBOX_AGENT_LOG_DIR": logs.path, "SANDBOX_AGENT_LOG_MAX_BYTES": "2000", "SANDBOX_AGENT_LOG_MAX_FILES": "3",
                "SANDBOX_AGENT_LOG_HTTP_HEADERS": "1",
            ])
        do {
            for index in 0..<40 {
                let health = try await HTTP.send(
                    .GET, server.address("/v1/health"), headers: [("Authorization", "Bearer never-logged-\(index)"), ("X-Probe", "probe-\(index)")])
                #expect(health.status == 200)
            }
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: logs.path).sorted()
        #expect(names == ["sandbox-agent.log", "sandbox-agent.log.1", "sandbox-agent.log.2"])
        var all = ""
        for name in names {
            let text = try String(contentsOf: logs.appendingPathComponent(name), encoding: .utf8)
            #expect(text.utf8.count <= 2000, "\(name) has \(text.utf8.count) bytes")
            all += text
        }
        // The newest requests are kept (older files were dropped), with headers, without credentials.
        #expect(all.contains("path=/v1/health"))
        #expect(all.contains("probe-39"))
        #expect(all.contains("[redacted]"))
        #expect(!all.contains("never-logged"))
    }

    @Test func logHTTPZeroLeavesRequestsOut() async throws {
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("sa-logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: logs) }
        let server = try await TestServer(
            commandLine: ["server", "--no-token", "--port", "0"], environment: ["SANDBOX_AGENT_LOG_DIR": logs.path, "SANDBOX_AGENT_LOG_HTTP": "0"])
        do {
            #expect(try await HTTP.send(.GET, server.address("/v1/health")).status == 200)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
        let text = try String(contentsOf: logs.appendingPathComponent("sandbox-agent.log"), encoding: .utf8)
        #expect(text.contains("logging to \(logs.path)/sandbox-agent.log"))
        #expect(text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info "#, options: .regularExpression) != nil, "lines start with UTC time in ms: \(text)")
        #expect(!text.contains("path=/v1/health"))
    }

    /// SANDBOX_AGENT_LOG_STDOUT=1 keeps the console next to the log file: both get the same lines;
    /// without it the lines go to the file only.
    @Test func logStdoutKeepsStderrNextToTheFile() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sa-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        for both in [true, false] {
            let logs = base.appendingPathComponent(both ? "both" : "file-only")
            let stderr = base.appendingPathComponent(both ? "both.stderr" : "file-only.stderr")
            var environment = ["SANDBOX_AGENT_LOG_DIR": logs.path]
            if both { environment["SANDBOX_AGENT_LOG_STDOUT"] = "1" }
            let server = try await TestServer(
                commandLine: ["server", "--no-token", "--port", "0", "--no-telemetry"], environment: environment, standardError: stderr)
            do {
                #expect(try await HTTP.send(.GET, server.address("/v1/health?probe=stdout-\(both)")).status == 200)
                await server.stop()
            } catch {
                await server.stop()
                throw error
            }
            let file = try String(contentsOf: logs.appendingPathComponent("sandbox-agent.log"), encoding: .utf8)
            let console = try String(contentsOf: stderr, encoding: .utf8)
            #expect(file.contains("logging to \(logs.path)/sandbox-agent.log") && file.contains("path=/v1/health"), "\(file)")
            if both {
                #expect(console.contains("logging to \(logs.path)/sandbox-agent.log"), "stderr: \(console)")
                #expect(console.contains("path=/v1/health"), "stderr: \(console)")
            } else {
                #expect(!console.contains("path=/v1/health") && !console.contains("logging to"), "stderr: \(console)")
            }
        }
    }

    /// `docker run IMAGE server --no-token --host 0.0.0.0 --port 2468` (upstream's line) must run
    /// `sandbox-agent server …` behind tini in both images, and `docker run IMAGE` the default server.
    @Test func dockerfileComposesUpstreamsInvocation() throws {
        let dockerfile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Dockerfile")
        let stages = try DockerfileStages(String(contentsOf: dockerfile, encoding: .utf8))
        #expect(stages.names.last == "slim", "the default (last) target")
        for target in ["slim", "full"] {
            let entrypoint = try stages.resolve(target, "ENTRYPOINT")
            let cmd = try stages.resolve(target, "CMD")
            #expect(entrypoint == ["/usr/bin/tini", "--", "sandbox-agent"], "\(target)")
            #expect(cmd == ["server", "--host", "0.0.0.0", "--no-token"], "\(target)")
            let upstream = ["server", "--no-token", "--host", "0.0.0.0", "--port", "2468"]
            #expect(entrypoint + upstream == ["/usr/bin/tini", "--", "sandbox-agent", "server", "--no-token", "--host", "0.0.0.0", "--port", "2468"])
            // `sandbox-agent` is found on PATH: the binary and its bundle go to /usr/local/bin.
            #expect(stages.instructions(of: target).contains("COPY --from=build /out/ /usr/local/bin/"), "\(target)")
        }
        let full = stages.instructions(of: "full").joined(separator: "\n")
        for package in ["xvfb", "openbox", "fonts-dejavu-core", "ffmpeg", "bubblewrap", "xdg-utils"] {
            #expect(full.contains(" \(package)"), "full lacks \(package)")
        }
        #expect(full.contains("sandbox-agent install-agent"))
    }
}

/// A Dockerfile's stages with their instructions (continuation lines joined), enough to resolve
/// what a target inherits from the stages it is built `FROM`.
struct DockerfileStages {
    var names: [String] = []
    private var base: [String: String] = [:]
    private var lines: [String: [String]] = [:]

    init(_ text: String) throws {
        var current: String?
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (line.hasPrefix("#") || line.isEmpty) { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let instruction = (pending + line).trimmingCharacters(in: .whitespaces)
            pending = ""
            let words = instruction.split(separator: " ").map(String.init)
            if words.first?.uppercased() == "FROM" {
                guard words.count >= 4, words[2].uppercased() == "AS" else { throw TestFailure("unnamed stage: \(instruction)") }
                current = words[3]
                names.append(words[3])
                base[words[3]] = words[1]
                lines[words[3]] = []
            } else if let current {
                lines[current, default: []].append(instruction)
            }
        }
    }

    /// The instructions of `target` and of the stages it is built on, base first.
    func instructions(of target: String) -> [String] {
        guard let own = lines[target] else { return [] }
        return (base[target].map { instructions(of: $0) } ?? []) + own
    }

    /// The JSON (exec) form of the last `keyword` instruction `target` has or inherits.
    func resolve(_ target: String, _ keyword: String) throws -> [String] {
        guard let line = instructions(of: target).last(where: { $0.uppercased().hasPrefix(keyword + " ") }) else {
            throw TestFailure("\(target) has no \(keyword)")
        }
        let json = line.dropFirst(keyword.count + 1)
        guard let words = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] else {
            throw TestFailure("\(keyword) is not in exec form: \(line)")
        }
        return words
    }
}
