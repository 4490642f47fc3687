#if Postgres  // the PostgreSQL store is built with the `Postgres` package trait (the default)
import Foundation
import NIOHTTP1
import SandboxAgentClient
import TestPostgres
import Testing

/// Many servers, one PostgreSQL database: real `sandbox-agent` processes on a real PostgreSQL
/// cluster (initdb + pg_ctl in a temporary directory; the suite fails when it is not installed).
@Suite("Fleet: servers sharing a PostgreSQL session store", .serialized)
struct FleetTests {
    /// Runs `body` with a server on the database at `url`.
    private func withFleetServer<T>(
        _ url: String, instance: String, labels: [String] = [], _ body: (TestServer) async throws -> T
    ) async throws -> T {
        try await withServer(["--no-token", "--storage", url, "--instance-id", instance] + labels.flatMap { ["--label", $0] }, body)
    }

    private func sessionIDs(_ server: TestServer, scope: String? = nil) async throws -> [String] {
        let page = try await HTTP.send(.GET, server.address("/v1/sessions" + (scope.map { "?scope=\($0)" } ?? ""))).json()
        return (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func eachServerListsItsOwnAndScopeAllListsEveryone() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            try await withFleetServer(url, instance: "sandbox-a", labels: ["sandbox=sb-a", "tenant=acme"]) { a in
                try await withFleetServer(url, instance: "sandbox-b") { b in
                    let fromA = try await SessionAPI(server: a).create()
                    let fromB = try await SessionAPI(server: b).create()
                    #expect(try await sessionIDs(a) == [fromA])
                    #expect(try await sessionIDs(b, scope: "own") == [fromB])
                    #expect(Set(try await sessionIDs(a, scope: "all")) == [fromA, fromB])
                    #expect(Set(try await sessionIDs(b, scope: "all")) == [fromA, fromB])
                    let record = try await HTTP.send(.GET, b.address("/v1/sessions/\(fromA)")).json()
                    #expect(record["instanceId"] as? String == "sandbox-a")
                    #expect(record["labels"] as? [String: String] == ["sandbox": "sb-a", "tenant": "acme"])
                    #expect(try await HTTP.send(.GET, a.address("/v1/sessions?scope=everyone")).status == 400)
                    // A server that restarts (after a crash) ends only its own sessions.
                    b.crash()
                    try await withFleetServer(url, instance: "sandbox-b") { (b2: TestServer) async throws in
                        #expect(try await HTTP.send(.GET, b2.address("/v1/sessions/\(fromA)")).json()["status"] as? String == "active")
                        #expect(try await HTTP.send(.GET, b2.address("/v1/sessions/\(fromB)")).json()["endReason"] as? String == "server_restarted")
                    }
                }
            }
        }
    }

    @Test func anotherServerStreamsALiveSessionWithNoGapAndSurvivesTheWriterBeingKilled() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            try await withFleetServer(url, instance: "writer") { a in
                try await withFleetServer(url, instance: "reader") { b in
                    let id = try await SessionAPI(server: a).create()
                    let start = try await SessionAPI(server: a).events(id).count

                    // B follows from the end of what is stored, before A writes more.
                    let stream = try await SSEClient.open(b.address("/v1/sessions/\(id)/events/stream?offset=\(start)"))
                    #expect(stream.status == 200)
                    #expect(try await SessionAPI(server: a).prompt(id, "/flood 20000", wait: false).status == 202)
                    var seen: [Int: String] = [:]
                    var order: [Int] = []
                    for try await event in stream.events {
                        guard let index = Int(event.id ?? "") else { continue }
                        order.append(index)
                        seen[index] = event.data
                        if order.count == 1_000 { break }
                    }
                    stream.cancel()
                    #expect(order == Array(start..<(start + order.count)), "B saw A's events in order with no gap")

                    // Reconnecting to B with Last-Event-ID continues right after, still live.
                    let resumed = try await SSEClient.open(
                        b.address("/v1/sessions/\(id)/events/stream"), lastEventID: "\(order.last!)")
                    var more: [Int] = []
                    for try await event in resumed.events {
                        guard let index = Int(event.id ?? "") else { continue }
                        more.append(index)
                        seen[index] = event.data
                        if more.count == 3_000 { break }
                    }
                    #expect(more == Array((order.last! + 1)..<(order.last! + 1 + more.count)))

                    // A dies mid-flood: everything B showed its client is in the database.
                    a.crash()
                    resumed.cancel()
                    let stored = try await SessionAPI(server: b).events(id)
                    let storedByIndex = Dictionary(uniqueKeysWithValues: stored.map { ($0["eventIndex"] as! Int, $0["id"] as? String) })
                    #expect(stored.compactMap { $0["eventIndex"] as? Int } == Array(0..<stored.count))
                    for (index, data) in seen {
                        let event = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
                        #expect(storedByIndex[index] == event["id"] as? String, "event \(index) was shown but is not stored")
                    }
                }
            }
        }
    }

    @Test func aDatabaseOutageDuringAFloodLosesNothingAndKeepsTheOrder() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            try await withFleetServer(url, instance: "outage") { server in
                let api = SessionAPI(server: server)
                let id = try await api.create()
                let stream = try await SSEClient.open(server.address("/v1/sessions/\(id)/events/stream"))
                // 20,000 chunks at 2,000/s: the agent goes on writing through the outage.
                #expect(try await api.prompt(id, "/pace 20000 2000", wait: false).status == 202)
                let (progress, progressed) = AsyncStream.makeStream(of: Void.self)
                let reader = Task {
                    var seen: [Int: String] = [:]
                    var order: [Int] = []
                    for try await event in stream.events {
                        guard let index = Int(event.id ?? "") else { continue }
                        order.append(index)
                        seen[index] = event.data
                        if order.count == 1_000 { progressed.finish() }
                        if event.data.contains("\"stopReason\"") { break }
                    }
                    return (order, seen)
                }
                for await _ in progress {}  // the client has seen 1,000 events: the flood is on
                try await postgres.stopServer()
                let degraded = try await eventually {
                    try await HTTP.send(.GET, server.address("/v1/health")).json()["status"] as? String == "degraded"
                }
                #expect(degraded, "health reports the outage")
                let health = try await HTTP.send(.GET, server.address("/v1/health")).json()
                #expect((health["reason"] as? String)?.contains("unreachable") == true, "\(health)")
                try await Task.sleep(for: .seconds(5))  // the outage this test is about
                try await postgres.startServer()
                #expect(try await api.stopReason(id) == "end_turn")
                #expect(try await HTTP.send(.GET, server.address("/v1/health")).json()["status"] as? String == "ok")
                let (streamed, shown) = try await reader.value
                stream.cancel()
                #expect(streamed == Array(0..<streamed.count), "the stream kept the order with no gap")

                let stored = try await api.events(id)
                #expect(stored.compactMap { $0["eventIndex"] as? Int } == Array(0..<stored.count))
                let ids = stored.map { $0["id"] as? String }
                for (index, data) in shown {
                    let event = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
                    #expect(index < ids.count && ids[index] == event["id"] as? String, "event \(index) was shown but is not stored")
                }
                let chunks = stored.updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
                #expect(chunks.count >= 20_000, "every chunk of the flood is stored")
                let notes = stored.compactMap { ($0["payload"] as? [String: Any])?["method"] as? String }
                    .filter { $0 == "_sandboxagent/storage/degraded" || $0 == "_sandboxagent/storage/recovered" }
                // The outage, reported and ended; on a loaded machine a statement slower than the store's
                // deadline right after the restart is a second short outage, reported and ended the same way.
                let alternating = notes.enumerated().allSatisfy { $0.element.hasSuffix($0.offset % 2 == 0 ? "/degraded" : "/recovered") }
                #expect(!notes.isEmpty && notes.count % 2 == 0 && alternating, "\(notes)")
            }
        }
    }

    /// Past `--storage-buffer-max-events` the agent is paused, not its events dropped: the
    /// session stops reading its stdout, so the mock agent's writer blocks on the full pipe.
    @Test func pastTheBufferLimitTheAgentIsPausedAndNothingIsDropped() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            try await withServer(["--no-token", "--storage", url, "--instance-id", "bounded", "--storage-buffer-max-events", "300"]) { server in
                let api = SessionAPI(server: server)
                let id = try await api.create()
                let agent = try #require(children(of: server.pid, withArgument: "mock-agent").first)
                // 40,000 chunks at 4,000/s: far more than the limit arrive during the outage.
                #expect(try await api.prompt(id, "/pace 40000 4000", wait: false).status == 202)
                let flooding = try await eventually {  // the flood is on
                    (try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/events?offset=500&limit=1")).json()["items"] as? [Any])?.count == 1
                }
                try #require(flooding)
                try await postgres.stopServer()
                let paused = try await eventually(timeout: .seconds(30)) {
                    let reason = try await HTTP.send(.GET, server.address("/v1/health")).json()["reason"] as? String ?? ""
                    return reason.contains("unreachable") && reason.contains("paused") && isBlockedWritingToAPipe(agent)
                }
                #expect(paused, "health says paused and the agent's writer is blocked on its stdout pipe")
                try await Task.sleep(for: .seconds(5))  // the outage
                #expect(isBlockedWritingToAPipe(agent), "still held back at the end of the outage")

                let stored = try await endOutage(postgres, server: server, session: id)
                let chunks = stored.updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
                #expect(chunks.count == 40_000, "every chunk of the flood is stored, none dropped")
                let stamps = chunks.compactMap { (($0["content"] as? [String: Any])?["text"] as? String).flatMap { Int64($0.dropFirst(2).dropLast()) } }
                #expect(stamps == stamps.sorted(), "in the order the agent wrote them")
                let notes = stored.compactMap { ($0["payload"] as? [String: Any])?["method"] as? String }.filter { $0.hasPrefix("_sandboxagent/storage/") }
                #expect(notes.filter { $0.hasSuffix("/degraded") || $0.hasSuffix("/recovered") }.count == 2, "one outage: \(notes)")
                #expect(notes.filter { $0.hasSuffix("/paused") }.count == notes.filter { $0.hasSuffix("/resumed") }.count, "every pause ended: \(notes)")
                let pause = try #require(stored.server("_sandboxagent/storage/paused").first)
                #expect(pause["limit"] as? Int == 300)
            }
        }
    }

    @Test func pruneDeletesOnlyEndedSessionsOlderThanTheCutoffWithTheirEvents() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            try await withFleetServer(url, instance: "retention") { server in
                let api = SessionAPI(server: server)
                let (ended, running) = (try await api.create(), try await api.create())
                for id in [ended, running] { #expect(try await api.prompt(id, "hello").status == 200) }
                #expect(try await HTTP.send(.DELETE, server.address("/v1/sessions/\(ended)")).json()["status"] as? String == "ended")
                let keptEvents = try await api.events(running).count

                let young = try await sandboxAgent(["storage", "prune", "--storage", url, "--older-than", "1d"])
                #expect(young.code == 0 && young.stdout.hasPrefix("deleted 0 session(s) and 0 event(s)"), "\(young)")
                _ = try await eventually { Int64(Date().timeIntervalSince1970 * 1000) > (try await endedAt(server, ended)) }
                let pruned = try await sandboxAgent(["storage", "prune", "--storage", url, "--older-than", "0s"])
                #expect(pruned.code == 0 && pruned.stdout.hasPrefix("deleted 1 session(s) and "), "\(pruned)")
                #expect(!pruned.stdout.hasPrefix("deleted 1 session(s) and 0 event(s)"), "its events went with it: \(pruned.stdout)")
                #expect(try await HTTP.send(.GET, server.address("/v1/sessions/\(ended)")).status == 404)
                #expect(try await HTTP.send(.GET, server.address("/v1/sessions/\(running)")).json()["status"] as? String == "active")
                #expect(try await api.events(running).count == keptEvents, "a running session keeps its transcript")

                let bad = try await sandboxAgent(["storage", "prune", "--storage", url, "--older-than", "30"])
                #expect(bad.code != 0 && bad.stderr.contains("--older-than must be a number and a unit"), "\(bad)")
                let sqlite = try await sandboxAgent(["storage", "prune", "--storage", "memory", "--older-than", "1d"])
                #expect(sqlite.code != 0 && sqlite.stderr.contains("prune works on a PostgreSQL store"), "\(sqlite)")
            }
        }
    }

    private func endedAt(_ server: TestServer, _ id: String) async throws -> Int64 {
        (try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()["endedAt"] as? Int).map(Int64.init) ?? .max
    }

    @Test func aNewServerResumesASessionOfAKilledOneWithItsHistory() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            let id = try await withFleetServer(url, instance: "old-sandbox") { a in
                let api = SessionAPI(server: a)
                let id = try await api.create()
                #expect(try await api.prompt(id, "remember the word pelican").status == 200)
                try await withFleetServer(url, instance: "bystander") { b in
                    let prompt = try await SessionAPI(server: b).prompt(id, "hello?")
                    #expect(prompt.status == 409, "a session running elsewhere is not started twice: \(prompt.text)")
                }
                a.crash()
                return id
            }
            try await withFleetServer(url, instance: "new-sandbox") { b in
                let api = SessionAPI(server: b)
                let resumed = try await HTTP.send(.POST, b.address("/v1/sessions/\(id)/resume"))
                #expect(resumed.status == 200, "\(resumed.text)")
                #expect(try resumed.json()["instanceId"] as? String == "new-sandbox")
                let started = try await api.events(id).server("_sandboxagent/session/started")
                #expect(started.last?["restoredBy"] as? String == "transcript_replay", "\(started)")
                #expect(try await api.prompt(id, "which word?").status == 200)
                let prompts = try await api.events(id).compactMap { event -> String? in
                    guard let payload = event["payload"] as? [String: Any], payload["method"] as? String == "session/prompt" else { return nil }
                    let blocks = (payload["params"] as? [String: Any])?["prompt"] as? [[String: Any]] ?? []
                    return blocks.compactMap { $0["text"] as? String }.joined()
                }
                #expect(prompts.last?.contains("pelican") == true, "the next prompt carries the history: \(prompts.last ?? "")")
                #expect(try await sessionIDs(b) == [id], "the session moved to the new server")
            }
        }
    }
}

/// Whether a thread of `pid` sleeps in a write to a full pipe (the kernel's wait channel).
private func isBlockedWritingToAPipe(_ pid: Int32) -> Bool {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return tasks.contains { task in
        (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/wchan", encoding: .utf8))?.contains("pipe_write") == true
    }
}
#endif
