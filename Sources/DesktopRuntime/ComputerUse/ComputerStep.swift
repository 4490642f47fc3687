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

    public var actions: [DesktopAction]
    public var report: Report

    public init(actions: [DesktopAction] = [], report: Report = .screenshot) {
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

/// Reads a model's action object: only the fields an action takes, each of the right type.
struct ComputerActionFields {
    let object: [String: ComputerValue]
    let action: String

    init(_ object: [String: ComputerValue], actionKey: String, allowed: [String: Set<String>]) throws(DesktopError) {
        guard let action = object[actionKey]?.string else { throw .invalid(actionKey, "is required and must be a string") }
        guard let fields = allowed[action] else {
            throw .invalid(actionKey, "\"\(action)\" is not one of \(allowed.keys.sorted().joined(separator: ", "))")
        }
        if let unknown = object.keys.filter({ $0 != actionKey && !fields.contains($0) }).sorted().first {
            throw .invalid(unknown, "is not a field of the \(action) action")
        }
        self.object = object
        self.action = action
    }

    func int(_ key: String) throws(DesktopError) -> Int {
        guard let value = object[key] else { throw .invalid(key, "is required for \(action)") }
        guard let number = value.int else { throw .invalid(key, "must be an integer") }
        return number
    }

    func optionalInt(_ key: String) throws(DesktopError) -> Int? {
        guard object[key] != nil else { return nil }
        return try int(key)
    }

    func string(_ key: String) throws(DesktopError) -> String {
        guard let value = object[key] else { throw .invalid(key, "is required for \(action)") }
        guard let text = value.string else { throw .invalid(key, "must be a string") }
        return text
    }

    func optionalString(_ key: String) throws(DesktopError) -> String? {
        guard object[key] != nil else { return nil }
        return try string(key)
    }

    func number(_ key: String) throws(DesktopError) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value.double else { throw .invalid(key, "must be a number") }
        return number
    }

    /// `[x, y]` in model coordinates.
    func pair(_ key: String) throws(DesktopError) -> (Int, Int)? {
        guard let value = object[key] else { return nil }
        guard let items = value.array, items.count == 2, let x = items[0].int, let y = items[1].int else {
            throw .invalid(key, "must be [x, y] integers")
        }
        return (x, y)
    }
}

/// A JSON value as the computer-use decoders need it (this module does not depend on ACP's).
public indirect enum ComputerValue: Sendable, Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([ComputerValue]), object([String: ComputerValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([ComputerValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: ComputerValue].self)) }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var double: Double? { if case .number(let value) = self { value } else { nil } }
    var int: Int? { double.flatMap { $0.rounded() == $0 && abs($0) < 1e9 ? Int($0) : nil } }
    var array: [ComputerValue]? { if case .array(let value) = self { value } else { nil } }
    public var object: [String: ComputerValue]? { if case .object(let value) = self { value } else { nil } }
}
