import ACP

/// What a native driver tells of its session in `session/new` and `session/load` results and
/// `session/set_config_option` answers: its modes and its one config option, the model.
struct NativeSessionState {
    var mode: String
    var modes: [(id: String, name: String, description: String)]
    var model: String
    var models: [(value: String, name: String)]

    /// ACP `SessionModeState`.
    var modeState: JSONValue {
        [
            "currentModeId": .string(mode),
            "availableModes": .array(modes.map { ["id": .string($0.id), "name": .string($0.name), "description": .string($0.description)] }),
        ]
    }

    /// The session's config options: the `model` select option.
    var configOptions: JSONValue {
        [[
            "id": "model", "name": "Model", "category": "model", "type": "select", "currentValue": .string(model),
            "options": .array(models.map { ["value": .string($0.value), "name": .string($0.name)] }),
        ]]
    }

    /// The `session/new` result for the new session `sessionId`, or the `session/load` result when nil.
    func opened(newSession sessionId: String?) -> JSONValue {
        guard let sessionId else { return JSONValue(encoding: LoadSessionResult(modes: modeState, configOptions: configOptions)) }
        return JSONValue(encoding: NewSessionResult(sessionId: sessionId, modes: modeState, configOptions: configOptions))
    }
}
