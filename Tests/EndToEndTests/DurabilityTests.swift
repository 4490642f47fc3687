import Foundation
import Glibc
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Durability: SIGKILL during a flood, restart on the same SQLite file", .serialized)
struct DurabilityTests {
    @Test func everyEventAClientSawSurvivesACrash() async throws {
        let first = try await TestServer(["--no-token"])
        let dataDirectory = first.dataDirectory
        let api = SessionAPI(server: first)
        let id = try await api.create()
        let stream = try await SSEClient.open(first.address("/v1/sessions/\(id)/events/stream"))
        #expect(try await api.prompt(id, "/flood 20000", wait: false).status == 202)
        var received: [Int: String] = [:]
        for try await event in stream.events {
            guard let index = Int(event.id ?? "") else { continue }
            received[index] = event.data
            if received.count >= 2000 { break }
        }
        first.crash()
        stream.cancel()

        let second = try await TestServer(["--no-token"], dataDirectory: dataDirectory)
        let restartedAPI = SessionAPI(server: second)
        let stored = try await restartedAPI.events(id)
        let storedIndices = stored.compactMap { $0["eventIndex"] as? Int }
        #expect(storedIndices == Array(0..<stored.count), "eventIndex is gap-free after the crash")
        #expect(stored.count >= received.count)
        let storedPayloads = Dictionary(uniqueKeysWithValues: stored.map { ($0["eventIndex"] as! Int, $0) })
        for (index, data) in received {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            let storedEvent = try #require(storedPayloads[index], "event \(index) was delivered but is not in the store")
            #expect(storedEvent["id"] as? String == event["id"] as? String)
        }

        // Resume the stream after the last event the client saw: no duplicate, no gap.
        let lastSeen = received.keys.max()!
        let resumed = try await SSEClient.open(second.address("/v1/sessions/\(id)/events/stream"), lastEventID: "\(lastSeen)")
        var next: [Int] = []
        for try await event in resumed.events {
            next.append(Int(event.id ?? "") ?? -1)
            if next.count == min(100, stored.count - lastSeen - 1) { break }
        }
        resumed.cancel()
        #expect(next == Array((lastSeen + 1)..<(lastSeen + 1 + next.count)))

        // The session's agent died with the server: ended, and the next prompt brings it back.
        let record = try await HTTP.send(.GET, second.address("/v1/sessions/\(id)")).json()
        #expect(record["status"] as? String == "ended")
        #expect(record["endReason"] as? String == "server_restarted")
        // Only the events after those read above are read again (the flood's are checked).
        let ended = (stored + (try await restartedAPI.events(id, from: stored.count))).server("_sandboxagent/session/ended")
        #expect(ended.count == 1 && ended.first?["reason"] as? String == "server_restarted", "the transcript says why: \(ended)")
        #expect(try await restartedAPI.prompt(id, "still here").json()["stopReason"] as? String == "end_turn")
        let after = try await restartedAPI.events(id, from: stored.count)
        let note = after.server("_sandboxagent/session/resumed").first
        #expect(note?["previousEndReason"] as? String == "server_restarted", "\(note ?? [:])")
        #expect(try await HTTP.send(.GET, second.address("/v1/sessions/\(id)")).json()["status"] as? String == "active")
        #expect(after.compactMap { $0["eventIndex"] as? Int } == Array(stored.count..<(stored.count + after.count)))
        #expect(after.server("_sandboxagent/session/started").last?["resumed"] as? Bool == true)
        await second.stop()
    }

    @Test func resumeUsesSessionLoadAndKeepsTheConversation() async throws {
        try await withServer(["--no-token"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "remember the word pelican").status == 200)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/sessions/\(id)")).status == 200)
            #expect(try await api.prompt(id, "hello?").status == 409, "an ended session takes no prompt")
            let resumed = try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/resume"))
            #expect(resumed.status == 200)
            let events = try await api.events(id)
            let methods = events.compactMap { ($0["payload"] as? [String: Any])?["method"] as? String }
            #expect(methods.contains("session/load"), "the mock advertises loadSession")
            let replayed = events.updates.filter { $0["sessionUpdate"] as? String == "user_message_chunk" }
            #expect(replayed.contains { (($0["content"] as? [String: Any])?["text"] as? String)?.contains("pelican") == true })
            #expect(try await api.prompt(id, "again").json()["stopReason"] as? String == "end_turn")
        }
    }
}
