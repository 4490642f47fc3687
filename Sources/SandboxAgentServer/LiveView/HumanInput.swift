import ACP
import DesktopRuntime
import Foundation
import HTTPTypes
import SandboxAgentAPI

/// The pointer and keyboard messages of a live-view viewer: each is one step of
/// `POST /v1/desktop/actions` (`{"type":"click","x":…,"y":…}`), run through the same XTest path
/// as the API's input and recorded in the owning session's transcript as a
/// `_sandboxagent/desktop/action` event with `source: "human"` (pointer moves alone are not
/// recorded: every button event carries its position).
struct HumanInput {
    let manager: DesktopManager
    /// Whether the viewer may send input (`?control=false` makes it read-only).
    let control: Bool
    let recorder: DesktopActionRecorder?

    /// Runs one text message; returns what to tell the viewer when it was refused or failed.
    func handle(_ text: String) async -> LiveViewWire.Failure? {
        guard control else {
            return LiveViewWire.Failure(status: 403, code: "forbidden", message: "this viewer is read-only (connected with control=false)")
        }
        let started = ContinuousClock.now
        do {
            let command = try DesktopCommand(JSONDecoder().decode(DesktopAction.self, from: Data(text.utf8)))
            if case .wait = command { throw DesktopError.invalid("type", "wait is not live-view input") }
            let response = try await manager.activeDesktop().perform(DesktopBatch(commands: [command]))
            guard let recorder, command.kind != .move else { return nil }
            var result: [String: JSONValue] = ["ok": .bool(true)]
            if let position = response.results.first?.position {
                result["position"] = ["x": .int(Int64(position.x)), "y": .int(Int64(position.y))]
            }
            recorder.record(
                source: "human", action: command.kind.rawValue, parameters: try? JSONValue(jsonText: text), result: .object(result), screenshot: nil,
                image: nil, duration: ContinuousClock.now - started)
            return nil
        } catch {
            let failure = APIError(mapping: error)
            return LiveViewWire.Failure(status: Int(failure.status.code), code: failure.code, message: failure.detail)
        }
    }
}
