public import ACP

/// One model action translated to desktop actions: what to do, then what to report (a settled
/// screenshot, the pointer position, or a zoomed region).
public struct ComputerStep: Sendable {
    /// What the model gets back.
    public enum Report: Sendable, Equatable {
        /// The screen once it settled, at the model's size.
        case screenshot
        /// The pointer position in the model's coordinates.
        case cursorPosition
        /// A region of the screen (model coordinates mapped back) at up to the model's size.
        case zoom(ScreenRegion)
    }

    public var actions: [DesktopCommand]
    public var report: Report

    public init(actions: [DesktopCommand] = [], report: Report = .screenshot) {
        self.actions = actions
        self.report = report
    }
}

/// What a computer-use step produced.
public struct ComputerStepOutcome: Sendable {
    public var screenshot: Screenshot?
    /// The pointer in model coordinates (for `cursor_position`).
    public var cursor: (x: Int, y: Int)?
    public var settled: Bool?
}

/// The fields of a JSON object (a model's action, an MCP tool's arguments), read with errors
/// that name the field.
public struct ActionArguments: Sendable {
    public let values: [String: JSONValue]
    /// The action's name, when the object names one (`""` otherwise).
    public let action: String

    public init(_ values: [String: JSONValue]) {
        self.values = values
        action = ""
    }

    /// A model's action: `actionKey` names it, and only the fields `allowed` lists for it may appear.
    init(checking values: [String: JSONValue], actionKey: String, allowed: [String: Set<String>]) throws(DesktopError) {
        guard let action = values[actionKey]?.stringValue else { throw .invalid(actionKey, "is required and must be a string") }
        guard let fields = allowed[action] else {
            throw .invalid(actionKey, "\"\(action)\" is not one of \(allowed.keys.sorted().joined(separator: ", "))")
        }
        if let unknown = values.keys.filter({ $0 != actionKey && !fields.contains($0) }).sorted().first {
            throw .invalid(unknown, "is not a field of the \(action) action")
        }
        self.values = values
        self.action = action
    }

    private func missing(_ key: String) -> DesktopError {
        .invalid(key, action.isEmpty ? "is required" : "is required for \(action)")
    }

    /// A whole number of the JSON value, if it is one.
    static func int(_ value: JSONValue?) -> Int? {
        value?.intValue.flatMap { Int(exactly: $0) }
    }

    public func int(_ key: String) throws(DesktopError) -> Int {
        guard let value = values[key] else { throw missing(key) }
        guard let number = Self.int(value) else { throw .invalid(key, "must be an integer") }
        return number
    }

    public func optionalInt(_ key: String) throws(DesktopError) -> Int? {
        values[key] == nil ? nil : try int(key)
    }

    public func string(_ key: String) throws(DesktopError) -> String {
        guard let value = values[key] else { throw missing(key) }
        guard let text = value.stringValue else { throw .invalid(key, "must be a string") }
        return text
    }

    public func optionalString(_ key: String) throws(DesktopError) -> String? {
        values[key] == nil ? nil : try string(key)
    }

    public func number(_ key: String) throws(DesktopError) -> Double? {
        guard let value = values[key] else { return nil }
        guard let number = value.doubleValue else { throw .invalid(key, "must be a number") }
        return number
    }

    /// `[x, y]` in model coordinates.
    func pair(_ key: String) throws(DesktopError) -> (Int, Int)? {
        guard let value = values[key] else { return nil }
        guard let items = value.arrayValue, items.count == 2, let x = Self.int(items[0]), let y = Self.int(items[1]) else {
            throw .invalid(key, "must be [x, y] integers")
        }
        return (x, y)
    }
}
