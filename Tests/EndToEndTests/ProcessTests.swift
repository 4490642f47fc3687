import Foundation
import Glibc
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Processes API end to end", .serialized)
struct ProcessTests {
    @Test func runWithTimeoutReportsTimedOut() async throws {
        try await withServer { server in
            let result = try await HTTP.json(.POST, server.address("/v1/processes/run"), ["command": "sleep", "args": ["30"], "timeoutMs": 500])
            #expect(result.status == 200)
            let body = try result.json()
            #expect(body["timedOut"] as? Bool == true)
            #expect(body["signal"] as? Int == Int(SIGKILL), "the 30 s sleep was cut short by the kill")
            let ok = try await HTTP.json(.POST, server.address("/v1/processes/run"), ["command": "sh", "args": ["-c", "printf hi; exit 3"]]).json()
            #expect(ok["stdout"] as? String == "hi")
            #expect(ok["exitCode"] as? Int == 3)
            #expect(ok["timedOut"] as? Bool == false)
        }
    }

    @Test func followLogsAndResumeWithLastEventID() async throws {
        try await withServer { server in
            let script = "for i in $(seq 1 40); do echo line-$i; sleep 0.02; done"
            let process = try await HTTP.json(.POST, server.address("/v1/processes"), ["command": "sh", "args": ["-c", script]]).json()
            let id = try #require(process["id"] as? String)
            let url = server.address("/v1/processes/\(id)/logs?follow=true")

            var firstIDs: [String] = []
            var text = ""
            let first = try await SSEClient.open(url)
            #expect(first.status == 200)
            for try await event in first.events where event.event == "log" {
                firstIDs.append(event.id ?? "")
                text += try Self.decode(event.data)
                if firstIDs.count == 5 { break }
            }
            first.cancel()

            var resumedIDs: [String] = []
            var sawExit = false
            let resumed = try await SSEClient.open(url, lastEventID: firstIDs.last)
            for try await event in resumed.events {
                if event.event == "exit" {
                    sawExit = true
                    break
                }
                if event.event == "log" {
                    resumedIDs.append(event.id ?? "")
                    text += try Self.decode(event.data)
                }
            }
            resumed.cancel()
            #expect(sawExit)
            let all = (firstIDs + resumedIDs).compactMap(Int.init)
            #expect(all == Array(1...all.count), "sequence ids must be gap-free without duplicates: \(all)")
            #expect(text == (1...40).map { "line-\($0)\n" }.joined())
        }
    }

    @Test func ptyOverWebSocketEchoesAndResizes() async throws {
        try await withServer { server in
            let process = try await HTTP.json(.POST, server.address("/v1/processes"), ["command": "sh", "tty": true]).json()
            let id = try #require(process["id"] as? String)
            let frames = [
                #"{"type":"resize","cols":123,"rows":45}"#,
                #"{"type":"input","data":"echo hi-$((40+2))\n"}"#,
                #"{"type":"input","data":"stty size\n"}"#,
            ]
            let transcript = try await TerminalSession.exchange(
                server.address("/v1/processes/\(id)/terminal/ws"), send: frames
            ) { $0.output.contains("hi-42") && $0.output.contains("45 123") }
            #expect(transcript.texts.first?.contains(#""type":"ready""#) == true)
            #expect(transcript.output.contains("echo hi-$((40+2))"), "the PTY echoes typed input")
            #expect(transcript.output.contains("hi-42"))
            #expect(transcript.output.contains("45 123"))

            let resized = try await HTTP.json(.POST, server.address("/v1/processes/\(id)/terminal/resize"), ["cols": 90, "rows": 20])
            #expect(resized.status == 200)
            let binary = try await HTTP.json(.POST, server.address("/v1/processes/\(id)/terminal/resize"), ["cols": 0, "rows": 20])
            #expect(binary.status == 400)
        }
    }

    @Test func killRecordsTheExitStatus() async throws {
        try await withServer { server in
            let process = try await HTTP.json(.POST, server.address("/v1/processes"), ["command": "sleep", "args": ["300"]]).json()
            let id = try #require(process["id"] as? String)
            #expect(process["status"] as? String == "running")
            let killed = try await HTTP.send(.POST, server.address("/v1/processes/\(id)/kill?waitMs=5000")).json()
            #expect(killed["status"] as? String == "exited")
            #expect(killed["signal"] as? Int == Int(SIGKILL))
            #expect(killed["exitedAtMs"] as? Int != nil)
            let listed = try await HTTP.send(.GET, server.address("/v1/processes?owner=user")).json()
            let processes = try #require(listed["processes"] as? [[String: Any]])
            #expect(processes.contains { $0["id"] as? String == id && $0["status"] as? String == "exited" })
            #expect(try await HTTP.send(.DELETE, server.address("/v1/processes/\(id)")).status == 204)
            #expect(try await HTTP.send(.GET, server.address("/v1/processes/\(id)")).status == 404)
        }
    }

    @Test func shutdownLeavesNoChildAlive() async throws {
        let server = try await TestServer()
        var pids: [Int32] = []
        for body: [String: Any] in [
            ["command": "sleep", "args": ["300"]],
            ["command": "sh", "args": ["-c", "trap '' TERM; sleep 300"]],
            ["command": "sh", "tty": true],
        ] {
            let process = try await HTTP.json(.POST, server.address("/v1/processes"), body).json()
            pids.append(Int32(try #require(process["pid"] as? Int)))
        }
        #expect(pids.allSatisfy { kill($0, 0) == 0 })
        // An open SSE follower and an open terminal must not hold the shutdown up.
        let follower = try await SSEClient.open(server.address("/v1/processes/proc_1/logs?follow=true"))
        let terminal = try RawWebSocket(server.address("/v1/processes/proc_3/terminal/ws").replacingOccurrences(of: "http", with: "ws"))
        #expect(await eventually { !terminal.received.frames.isEmpty }, "the terminal is open")
        // Exit status 0 means the server exited by itself; one held up by the TERM-proof child (which
        // sleeps 300 s) would be killed at the 60 s deadline instead. No clock bound: a loaded machine
        // may take long to schedule the exit, and that is not what this test is about.
        let status = await server.stop(deadline: .seconds(60))
        #expect(status == 0, "the server exits by itself on SIGTERM, not held up by a TERM-proof child")
        follower.cancel()
        #expect(await eventually { terminal.received.ended }, "the terminal socket was closed")
        for pid in pids {
            #expect(!Self.isAlive(pid), "child \(pid) survived the server")
        }
    }

    /// SIGTERM while `processes/run` requests are in flight: every child gets SIGTERM at once and
    /// SIGKILL 2 s later, so the server exits by itself without waiting for them and nothing survives.
    @Test func shutdownStopsRunsInFlightWithinTheGrace() async throws {
        let server = try await TestServer()
        let seconds = "100.\(Int.random(in: 10_000...99_999))"
        let ignoresTerm = ["command": "sh", "args": ["-c", "trap '' TERM; sleep \(seconds); true"]] as [String: Any]
        let run = server.address("/v1/processes/run")
        let runs = [["sleep", seconds], ["sh", "-c", "trap '' TERM; sleep \(seconds); true"]].map { argv in
            Task { try? await HTTP.json(.POST, run, ["command": argv[0], "args": Array(argv.dropFirst()), "timeoutMs": 120_000]) }
        }
        #expect(try await HTTP.json(.POST, server.address("/v1/processes"), ignoresTerm).status == 200)
        let sleeping = await eventually(timeout: .seconds(30)) { pids(withArgument: seconds, command: "sleep").count == 3 }
        try #require(sleeping, "three sleeps run: \(pids(withArgument: seconds))")
        let children = pids(withArgument: seconds)
        // The children sleep 100 s (two of them ignoring TERM): exit status 0 within the 60 s deadline
        // means the server ended them after its 2 s grace instead of waiting (it would be killed).
        let status = await server.stop(deadline: .seconds(60))
        #expect(status == 0, "the server exits by itself on SIGTERM, after its grace, not waiting for the runs")
        for run in runs { _ = await run.value }
        for pid in children {
            #expect(await eventually(timeout: .seconds(15)) { !Self.isAlive(pid) }, "child \(pid) survived the server")
        }
    }

    @Test func stdinInputReachesAnInteractiveProcess() async throws {
        try await withServer { server in
            let process = try await HTTP.json(
                .POST, server.address("/v1/processes"), ["command": "head", "args": ["-n", "1"], "interactive": true]
            ).json()
            let id = try #require(process["id"] as? String)
            let written = try await HTTP.json(
                .POST, server.address("/v1/processes/\(id)/input"), ["data": Data("ping\n".utf8).base64EncodedString()])
            #expect(try written.json()["bytesWritten"] as? Int == 5)
            let exited = await eventually {
                (try? await HTTP.send(.GET, server.address("/v1/processes/\(id)")).json()["status"] as? String) == "exited"
            }
            #expect(exited)
            let logs = try await HTTP.send(.GET, server.address("/v1/processes/\(id)/logs?stream=stdout")).json()
            let entries = try #require(logs["entries"] as? [[String: Any]])
            #expect(try entries.map { try Self.decode(entryJSON: $0) }.joined() == "ping\n")
        }
    }

    /// Alive and not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
    }

    static func decode(_ json: String) throws -> String {
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return try decode(entryJSON: entry)
    }

    static func decode(entryJSON entry: [String: Any]) throws -> String {
        let data = try #require(Data(base64Encoded: entry["data"] as? String ?? ""))
        return String(decoding: data, as: UTF8.self)
    }
}
