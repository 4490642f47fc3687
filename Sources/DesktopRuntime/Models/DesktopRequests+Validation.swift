public import SandboxAgentAPI

extension ClipboardSetRequest {
    /// The selections to own.
    public func selections() throws(DesktopError) -> [ClipboardSelection] {
        switch selection ?? "clipboard" {
        case "clipboard": [.clipboard]
        case "primary": [.primary]
        case "both": [.clipboard, .primary]
        case let other: throw .invalid("selection", "must be clipboard, primary or both, got \"\(other)\"")
        }
    }
}

extension DesktopLaunchRequest {
    /// The window wait asked for: `nil` without `wait`, else the validated timeout.
    public func windowWait() throws(DesktopError) -> Duration? {
        guard wait ?? false else { return nil }
        let milliseconds = waitTimeoutMs ?? 5_000
        guard (1...120_000).contains(milliseconds) else { throw .invalid("waitTimeoutMs", "must be 1 to 120000 milliseconds") }
        return .milliseconds(milliseconds)
    }
}

/// Checks shared by the single input endpoints and the batch actions.
public enum InputValidation {
    /// 1 to 3 clicks.
    public static func clickCount(_ count: Int?) throws(DesktopError) -> Int {
        let count = count ?? 1
        guard (1...3).contains(count) else { throw .invalid("clickCount", "must be 1, 2 or 3") }
        return count
    }

    /// A point from optional coordinates given both or neither.
    public static func optionalPoint(x: Int?, y: Int?) throws(DesktopError) -> ScreenPoint? {
        switch (x, y) {
        case let (x?, y?): return ScreenPoint(x: x, y: y)
        case (nil, nil): return nil
        case (nil, _): throw .invalid("x", "is required when y is given")
        case (_, nil): throw .invalid("y", "is required when x is given")
        }
    }

    /// Wheel clicks per axis: at most 100, not both zero.
    public static func scrollDeltas(x: Int?, y: Int?) throws(DesktopError) -> (Int, Int) {
        let (deltaX, deltaY) = (x ?? 0, y ?? 0)
        if deltaX == 0, deltaY == 0 { throw .invalid("deltaY", "or deltaX must be non-zero") }
        if abs(deltaX) > 100 { throw .invalid("deltaX", "must be between -100 and 100") }
        if abs(deltaY) > 100 { throw .invalid("deltaY", "must be between -100 and 100") }
        return (deltaX, deltaY)
    }

    /// The pause between typed characters.
    public static func typingDelay(_ milliseconds: Int?) throws(DesktopError) -> Duration {
        let value = milliseconds ?? 0
        guard (0...1000).contains(value) else { throw .invalid("delayMs", "must be between 0 and 1000") }
        return .milliseconds(value)
    }

    /// Text to type: non-empty, at most 100,000 characters.
    public static func text(_ text: String) throws(DesktopError) -> String {
        if text.isEmpty { throw .invalid("text", "must not be empty") }
        if text.unicodeScalars.count > 100_000 { throw .invalid("text", "must be at most 100000 characters") }
        return text
    }
}
