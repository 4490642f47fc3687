import ACP

/// `/request METHOD PARAMS`: a request of the client as the test writes it, well-formed or not,
/// and its answer said back (`result: {…}` or `error -32602: Invalid params: path is required`).
/// How the tests see what the client makes of what an agent sends.
extension Turn {
    func request(_ script: PromptScript) async {
        let (method, text) = script.firstWordAndRest
        guard !method.isEmpty, let params = try? JSONValue(jsonText: text.isEmpty ? "{}" : text) else {
            return await say("usage: /request METHOD JSON")
        }
        switch await client.request(method, params) {
        case .result(let result): await say("result: \(result.jsonText)")
        case .error(let error):
            let detail = error.data.map { $0.stringValue ?? $0["details"]?.stringValue ?? $0.jsonText }
            await say("error \(error.code): \(error.message)" + (detail.map { ": \($0)" } ?? ""))
        case .abandoned: await say("cancelled")
        }
    }
}
