import Foundation
import NIOHTTP1
import Testing

@Suite("Desktop under concurrent requests", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopConcurrencyTests {
    @Test func parallelScreenshotsInputAndWindowQueriesAllSucceed() async throws {
        try await withDesktop(width: 640, height: 480) { desktop in
            let probe = try await X11Probe.start("record", ["--geometry", "600x400+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let (png, jpeg, click) = (desktop.url("/v1/desktop/screenshot?scale=0.5"), desktop.url("/v1/desktop/screenshot?format=jpeg"), desktop.url("/v1/desktop/mouse/click"))
            let (windows, status) = (desktop.url("/v1/desktop/windows"), desktop.url("/v1/desktop/status"))
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for index in 0..<12 {
                    group.addTask { ("png", try await HTTP.send(.GET, png).status) }
                    group.addTask { ("jpeg", try await HTTP.send(.GET, jpeg).status) }
                    group.addTask { ("click", try await HTTP.json(.POST, click, ["x": 10 + index * 40, "y": 100]).status) }
                    group.addTask { ("windows", try await HTTP.send(.GET, windows).status) }
                    group.addTask { ("status", try await HTTP.send(.GET, status).status) }
                }
                var all: [(String, Int)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(statuses.count == 60)
            #expect(statuses.allSatisfy { $0.1 == 200 }, "\(statuses.filter { $0.1 != 200 })")
            // Every click arrived, in some order, each exactly once.
            let events = try await probe.waitFor("twelve clicks") { $0.filter { $0.string("event") == "button_press" }.count >= 12 }
            let xs = Set(events.filter { $0.string("event") == "button_press" }.compactMap { $0.int("rootX") })
            #expect(xs == Set((0..<12).map { 10 + $0 * 40 }))
        }
    }
}
