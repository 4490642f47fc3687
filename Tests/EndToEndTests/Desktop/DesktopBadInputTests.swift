import Foundation
import NIOHTTP1
import Testing

@Suite("Desktop bad input", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopBadInputTests {
    @Test func everyBadParameterIsA400NamingIt() async throws {
        try await withDesktop(width: 320, height: 240) { desktop in
            let cases: [(path: String, body: [String: Any]?, field: String)] = [
                ("/v1/desktop/mouse/move", ["x": -1, "y": 5], "x"),
                ("/v1/desktop/mouse/move", ["x": 5, "y": 240], "y"),
                ("/v1/desktop/mouse/click", ["x": 5, "y": 5, "clickCount": 4], "clickCount"),
                ("/v1/desktop/mouse/down", ["x": 5], "y"),
                ("/v1/desktop/mouse/scroll", ["x": 5, "y": 5], "deltaY"),
                ("/v1/desktop/keyboard/press", ["key": "ctrl+nosuchkey"], "key"),
                ("/v1/desktop/keyboard/type", ["text": ""], "text"),
                ("/v1/desktop/keyboard/type", ["text": "a\u{1}b"], "text"),
                ("/v1/desktop/keyboard/type", ["text": "a", "delayMs": 5000], "delayMs"),
                ("/v1/desktop/clipboard", ["text": "x", "selection": "secondary"], "selection"),
                ("/v1/desktop/screenshot?scale=2", nil, "scale"),
                ("/v1/desktop/screenshot?scale=0.05", nil, "scale"),
                ("/v1/desktop/screenshot?quality=80", nil, "quality"),
                ("/v1/desktop/screenshot?format=jpeg&quality=0", nil, "quality"),
                ("/v1/desktop/screenshot/region?x=300&y=0&width=100&height=10", nil, "region"),
                ("/v1/desktop/screenshot/region?x=-5&y=0&width=10&height=10", nil, "x"),
                ("/v1/desktop/screenshot?scale=0.5&width=10", nil, "scale"),
                ("/v1/desktop/windows/nonsense/focus", [:], "id"),
                ("/v1/desktop/screenshot?width=16384&height=16384", nil, "width"),
                ("/v1/desktop/screenshot?height=961", nil, "height"),
                ("/v1/desktop/screenshot/region?x=0&y=0&width=10&height=10&outputWidth=16384", nil, "outputWidth"),
                ("/v1/desktop/launch", ["app": "xterm\u{0}"], "app"),
                ("/v1/desktop/launch", ["app": "true", "args": ["a\u{0}b"]], "args"),
                ("/v1/desktop/open", ["target": "/tmp/a\u{0}b"], "target"),
            ]
            for testCase in cases {
                let response =
                    if let body = testCase.body {
                        try await desktop.post(testCase.path, body)
                    } else {
                        try await desktop.get(testCase.path)
                    }
                #expect(response.status == 400, "\(testCase.path) \(testCase.body ?? [:]): \(response.text)")
                #expect(response.problemCode == "desktop_invalid_action", "\(testCase.path): \(response.text)")
                #expect(try response.json()["field"] as? String == testCase.field, "\(testCase.path): \(response.text)")
            }
        }
    }

    @Test func malformedBodiesAndUnknownWindowsAreClearErrors() async throws {
        try await withDesktop(width: 320, height: 240) { desktop in
            // Unknown keys are ignored (a newer client's fields), so a misspelt optional one is the default.
            let unknownKey = try await desktop.post("/v1/desktop/mouse/click", ["x": 1, "y": 1, "buton": "left"])
            #expect(unknownKey.status == 200, "\(unknownKey.text)")
            let wrongType = try await desktop.post("/v1/desktop/mouse/move", ["x": "ten", "y": 1])
            #expect(wrongType.status == 400 && wrongType.text.contains("x"))
            let badButton = try await desktop.post("/v1/desktop/mouse/click", ["button": "fourth"])
            #expect(badButton.status == 400)
            let noWindow = try await desktop.post("/v1/desktop/windows/123456789/focus", [:])
            #expect(noWindow.status == 404)
            let noApp = try await desktop.post("/v1/desktop/launch", ["app": "no-such-app-here"])
            #expect(noApp.status == 404)
            let badAction = try await desktop.post("/v1/desktop/actions", ["actions": [["type": "click", "x": 1, "y": 1], ["type": "press", "key": "hyperspace"]]])
            #expect(badAction.status == 400)
            #expect(try badAction.json()["field"] as? String == "actions[1].key")
            let unknownActionField = try await desktop.post("/v1/desktop/actions", ["actions": [["type": "move", "x": 1, "y": 1, "z": 3]]])
            #expect(unknownActionField.status == 200, "\(unknownActionField.text)")
            let missingActionField = try await desktop.post("/v1/desktop/actions", ["actions": [["type": "move", "x": 1, "z": 3]]])
            #expect(missingActionField.status == 400 && missingActionField.text.contains("y"))
        }
    }
}
