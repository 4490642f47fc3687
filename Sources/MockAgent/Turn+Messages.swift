import Foundation
import ACP

/// Scripts that only stream updates: `/think`, `/plan`, `/tool`, `/slow`, `/flood`, `/pace`.
extension Turn {
    func think(_ text: String) async {
        let thoughtID = await sessions.nextMessageID()
        chunk("Thinking about ", messageID: thoughtID, thought: true)
        chunk(text.isEmpty ? "nothing" : text, messageID: thoughtID, thought: true)
        await stream(text)
    }

    func plan() {
        let steps: [(content: String, priority: String)] = [("Inspect", "high"), ("Change", "medium"), ("Verify", "low")]
        let progressions = [
            ["in_progress", "pending", "pending"],
            ["completed", "in_progress", "pending"],
            ["completed", "completed", "completed"],
        ]
        for statuses in progressions {
            let entries = zip(steps, statuses).map { step, status in
                Plan.Entry(content: step.content, priority: step.priority, status: status)
            }
            update(Plan(entries: entries))
        }
    }

    func tool() async {
        let path = absolute("README.md")
        let text = "# Mock README\n"
        let id = await startTool(
            title: "Read README.md", kind: "read", locations: [["path": .string(path), "line": 1]], rawInput: ["file_path": .string(path)]
        ).toolCallId
        updateTool(id, status: "in_progress")
        updateTool(id, status: "completed", content: [SessionUpdate.toolText(text)],
                   rawOutput: ["output": .string(text)])
        await say("Done.")
    }

    /// `count` ticks 50 ms apart; stops at once when cancelled.
    func slow(_ count: Int) async {
        guard count > 0 else { return }
        let messageID = await sessions.nextMessageID()
        for tick in 1...count {
            if tick > 1 {
                do { try await Task.sleep(for: .milliseconds(50)) } catch { return }
            }
            if Task.isCancelled { return }
            chunk("tick \(tick) ", messageID: messageID)
        }
    }

    /// `count` chunks as fast as the writer takes them.
    func flood(_ count: Int) async {
        guard count > 0 else { return }
        let messageID = await sessions.nextMessageID()
        for index in 1...count {
            if Task.isCancelled { return }
            chunk("chunk \(index) ", messageID: messageID)
        }
    }

    /// `count` chunks at `rate` per second, each `t=<epoch µs> `, for latency benchmarks: a
    /// reader subtracts the stamp from its own clock when the chunk arrives.
    func pace(count: Int, rate: Int) async {
        guard count > 0, rate > 0 else { return }
        let messageID = await sessions.nextMessageID()
        let start = ContinuousClock.now
        for index in 0..<count {
            do { try await Task.sleep(until: start + .microseconds(index * 1_000_000 / rate)) } catch { return }
            if Task.isCancelled { return }
            chunk("t=\(Int64(Date().timeIntervalSince1970 * 1_000_000)) ", messageID: messageID)
        }
    }
}
