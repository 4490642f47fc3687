public import SandboxAgentAPI

extension X11Desktop {
    /// Runs a computer-use step: its actions (checked first, nothing runs when one is invalid),
    /// then, for a screenshot, waits for the screen to settle (150 ms quiet, 2 s at most) and
    /// captures it at the model's size.
    public func perform(_ step: ComputerStep, screen: ModelScreen, format: ImageFormat = .png) async throws(DesktopError) -> ComputerStepOutcome {
        var outcome = ComputerStepOutcome()
        if !step.actions.isEmpty {
            _ = try await perform(DesktopBatch(commands: step.actions))
        }
        switch step.report {
        case .screenshot:
            if !step.actions.isEmpty { outcome.settled = try await waitUntilStable(quiet: .milliseconds(150), timeout: .seconds(2)) }
            outcome.screenshot = try await screenshot(screen.screenshotOptions(format: format))
        case .cursorPosition:
            outcome.cursor = screen.toModel(try mousePosition())
        case .zoom(let region):
            outcome.screenshot = try await screenshot(screen.screenshotOptions(format: format, region: region))
        }
        return outcome
    }
}
