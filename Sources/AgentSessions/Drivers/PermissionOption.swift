import ACP

/// The options of a native driver's `session/request_permission`, spelt as ACP's examples and the
/// mock agent spell them (`allow-once`, `allow-always`, `reject-once`, `reject-always`) and offered
/// in that order, so a client sees the same choices from every agent.
enum PermissionOption: String, CaseIterable {
    case allowOnce = "allow-once"
    case allowAlways = "allow-always"
    case rejectOnce = "reject-once"
    case rejectAlways = "reject-always"

    /// ACP's `PermissionOptionKind`.
    var kind: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }

    /// The option the client selected in its `session/request_permission` result; nil when the
    /// request was cancelled (or the answer names no option of these).
    static func selected(in result: JSONValue?) -> PermissionOption? {
        let outcome = result?["outcome"]
        guard outcome?["outcome"]?.stringValue == "selected" else { return nil }
        return outcome?["optionId"]?.stringValue.flatMap(PermissionOption.init(rawValue:))
    }

    /// The `options` array: `offered` in ACP order, each with its display name.
    static func list(_ offered: [(PermissionOption, name: String)]) -> [JSONValue] {
        allCases.compactMap { option in
            offered.first { $0.0 == option }.map { ["optionId": .string(option.rawValue), "name": .string($0.name), "kind": .string(option.kind)] }
        }
    }
}
