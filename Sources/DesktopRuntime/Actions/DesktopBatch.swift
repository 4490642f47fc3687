public import SandboxAgentAPI

/// A checked batch: the commands, the settle wait and the trailing screenshot of
/// `POST /v1/desktop/actions` (or just commands, for a computer-use step or a live-view message).
public struct DesktopBatch: Sendable {
    public var commands: [DesktopCommand]
    /// Wait until the screen stays unchanged for `quiet`, at most `timeout`.
    public var settle: (quiet: Duration, timeout: Duration)?
    public var screenshot: ScreenshotOptions?

    /// At most this many actions per batch.
    public static let maximumActions = 200

    public init(commands: [DesktopCommand], settle: (quiet: Duration, timeout: Duration)? = nil, screenshot: ScreenshotOptions? = nil) {
        self.commands = commands
        self.settle = settle
        self.screenshot = screenshot
    }

    /// The request's values checked; an action's error names its field as `actions[i].field`.
    public init(_ request: DesktopActionsRequest) throws(DesktopError) {
        var commands: [DesktopCommand] = []
        for (index, action) in request.actions.enumerated() {
            guard index < Self.maximumActions else { throw .invalid("actions", "must hold at most \(Self.maximumActions) actions") }
            do {
                commands.append(try DesktopCommand(action))
            } catch {
                throw error.inAction(index)
            }
        }
        if commands.isEmpty, request.screenshot == nil { throw .invalid("actions", "must not be empty without a screenshot") }
        self.init(commands: commands, settle: try request.settle?.validated(), screenshot: request.screenshot?.options)
    }
}

extension DesktopError {
    /// This error of the action at `index` of a batch: its field is `actions[index].<field>`.
    func inAction(_ index: Int) -> DesktopError {
        .invalid("actions[\(index)].\(field ?? "")", rule ?? message)
    }
}

extension SettleOptions {
    func validated() throws(DesktopError) -> (quiet: Duration, timeout: Duration) {
        let quiet = quietMs ?? 300, timeout = timeoutMs ?? 3000
        if !(0...10_000).contains(quiet) { throw .invalid("settle.quietMs", "must be between 0 and 10000") }
        if !(0...30_000).contains(timeout) { throw .invalid("settle.timeoutMs", "must be between 0 and 30000") }
        return (.milliseconds(quiet), .milliseconds(timeout))
    }
}

extension BatchScreenshotOptions {
    var options: ScreenshotOptions {
        ScreenshotOptions(format: format ?? .png, quality: quality, scale: scale, width: width, height: height, showCursor: showCursor ?? false)
    }
}
