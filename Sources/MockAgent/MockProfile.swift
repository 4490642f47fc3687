import ACP

/// The fixed shapes the mock advertises: agent info, capabilities, modes, config options,
/// permission options. Everything here is constant so the output is deterministic.
enum MockProfile {
    static let name = "sandbox-agent-mock"
    static let version = "1.0.0"

    static let initializeResult: JSONValue = [
        "protocolVersion": 1,
        "agentCapabilities": [
            "loadSession": true,
            "promptCapabilities": ["image": false, "audio": false, "embeddedContext": true],
            "mcpCapabilities": ["http": false, "sse": false],
            "sessionCapabilities": [:],
        ],
        "agentInfo": ["name": .string(name), "title": "Sandbox Agent Mock", "version": .string(version)],
        "authMethods": [],
    ]

    /// The session modes, as `(id, name, description)`.
    static let modes: [(id: String, name: String, description: String)] = [
        ("default", "Default", "Ask before tools run"),
        ("bypass", "Bypass", "Never ask for permission"),
    ]

    /// The models offered by the `model` config option, as `(value, name)`.
    static let models: [(value: String, name: String)] = [
        ("mock-small", "Mock Small"),
        ("mock-large", "Mock Large"),
    ]

    static let defaultMode = "default"
    static let defaultModel = "mock-small"

    static func modeState(current: String) -> JSONValue {
        [
            "currentModeId": .string(current),
            "availableModes": .array(modes.map {
                ["id": .string($0.id), "name": .string($0.name), "description": .string($0.description)]
            }),
        ]
    }

    static func configOptions(mode: String, model: String) -> JSONValue {
        [
            selectOption(id: "mode", name: "Mode", category: "mode", current: mode,
                         values: modes.map { ($0.id, $0.name) }),
            selectOption(id: "model", name: "Model", category: "model", current: model, values: models),
        ]
    }

    /// The `session/load` result: the modes and config options `session/new` answers with too.
    static func sessionState(mode: String, model: String) -> LoadSessionResult {
        LoadSessionResult(modes: modeState(current: mode), configOptions: configOptions(mode: mode, model: model))
    }

    private static func selectOption(
        id: String, name: String, category: String, current: String, values: [(value: String, name: String)]
    ) -> JSONValue {
        [
            "id": .string(id),
            "name": .string(name),
            "category": .string(category),
            "type": "select",
            "currentValue": .string(current),
            "options": .array(values.map { ["value": .string($0.value), "name": .string($0.name)] }),
        ]
    }

    /// The options of every `session/request_permission`, as `(optionId, name, kind)`.
    static let permissionOptions: [(id: String, name: String, kind: String)] = [
        ("allow-once", "Allow once", "allow_once"),
        ("allow-always", "Always allow", "allow_always"),
        ("reject-once", "Reject", "reject_once"),
        ("reject-always", "Always reject", "reject_always"),
    ]

    static var permissionOptionsJSON: [JSONValue] {
        permissionOptions.map { ["optionId": .string($0.id), "name": .string($0.name), "kind": .string($0.kind)] }
    }

    static var availableCommands: JSONValue {
        .array(SlashCommand.allCases.map { command in
            var entry: [String: JSONValue] = ["name": .string(command.rawValue), "description": .string(command.summary)]
            if let hint = command.inputHint { entry["input"] = ["hint": .string(hint)] }
            return .object(entry)
        })
    }
}
