import ACP
import DesktopRuntime
import Foundation
import Hummingbird
import NIOCore

/// `/v1/desktop/computer-use/anthropic` and `/openai`: a model's computer-tool action in its own
/// schema, run on the desktop, answered with what goes back to the model (the tool result with a
/// settled screenshot at the model's size). `GET` gives the tool definition to declare to the
/// model; `?width=&height=` choose the model's screen size (default: ``ModelScreen/fitting``).
struct ComputerUseRoutes {
    let manager: DesktopManager
    let jsonLimit: Int

    func register(on routes: DesktopRouteTable) {
        routes.on(.get, "/v1/desktop/computer-use/anthropic") { request, _ in
            let screen = try await modelScreen(request.query)
            return try JSONBody.response(AnthropicTool(displayWidthPx: screen.width, displayHeightPx: screen.height))
        }
        routes.on(.post, "/v1/desktop/computer-use/anthropic") { request, _ in
            let input = try await object(request)
            let screen = try await modelScreen(request.query)
            let outcome = try await manager.activeDesktop().perform(try AnthropicComputerAction.step(input, screen: screen), screen: screen)
            return try JSONBody.response(AnthropicToolResult(outcome))
        }
        routes.on(.get, "/v1/desktop/computer-use/openai") { request, _ in
            let screen = try await modelScreen(request.query)
            return try JSONBody.response(OpenAITool(displayWidth: screen.width, displayHeight: screen.height))
        }
        routes.on(.post, "/v1/desktop/computer-use/openai") { request, _ in
            let body = try await object(request)
            // A whole `computer_call` item, or just its `action`.
            let isCall = body["type"]?.objectValue == nil && body["action"]?.objectValue != nil
            guard let action = isCall ? body["action"]?.objectValue : body else { throw DesktopError.invalid("action", "must be an object") }
            let callID = body["call_id"]?.stringValue
            let screen = try await modelScreen(request.query)
            let outcome = try await manager.activeDesktop().perform(try OpenAIComputerAction.step(action, screen: screen), screen: screen)
            return try JSONBody.response(OpenAIComputerCallOutput(callID: callID, outcome))
        }
    }

    private func modelScreen(_ query: QueryParameters) async throws -> ModelScreen {
        let (width, height) = try await manager.activeDesktop().screenSize()
        return try ModelScreen.fitting(
            screenWidth: width, screenHeight: height, width: try query.signedInt("width"), height: try query.signedInt("height"))
    }

    /// The body as a JSON object (the model's input, verbatim).
    private func object(_ request: Request) async throws -> [String: JSONValue] {
        var request = request
        let buffer = try await JSONBody.collect(&request, limit: jsonLimit)
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView)))?.objectValue else {
            throw APIError.invalidRequest("the request body must be a JSON object: the model's action input")
        }
        if let key = DuplicateKeyScanner.firstDuplicate(in: buffer.readableBytesView) {
            throw APIError.invalidRequest("duplicate key '\(key)': a JSON object may name each key once")
        }
        return object
    }
}

/// Anthropic's computer tool definition for this screen.
struct AnthropicTool: Encodable {
    var type = "computer_20250124"
    var name = "computer"
    var displayWidthPx: Int
    var displayHeightPx: Int

    enum CodingKeys: String, CodingKey {
        case type, name
        case displayWidthPx = "display_width_px"
        case displayHeightPx = "display_height_px"
    }
}

/// The `tool_result` content for Anthropic: a screenshot image block, or the pointer position.
struct AnthropicToolResult: Encodable {
    struct Block: Encodable {
        struct Source: Encodable {
            var type = "base64"
            var mediaType: String
            var data: String
            enum CodingKeys: String, CodingKey {
                case type, data
                case mediaType = "media_type"
            }
        }

        var type: String
        var text: String?
        var source: Source?
    }

    var content: [Block]

    init(_ outcome: ComputerStepOutcome) {
        if let cursor = outcome.cursor {
            content = [Block(type: "text", text: "X=\(cursor.x),Y=\(cursor.y)")]
        } else if let shot = outcome.screenshot {
            content = [Block(type: "image", source: .init(mediaType: shot.contentType, data: shot.base64))]
        } else {
            content = []
        }
    }
}

/// OpenAI's computer tool definition for this screen.
struct OpenAITool: Encodable {
    var type = "computer_use_preview"
    var displayWidth: Int
    var displayHeight: Int
    var environment = "linux"

    enum CodingKeys: String, CodingKey {
        case type, environment
        case displayWidth = "display_width"
        case displayHeight = "display_height"
    }
}

/// The `computer_call_output` item for OpenAI.
struct OpenAIComputerCallOutput: Encodable {
    struct Output: Encodable {
        var type = "computer_screenshot"
        var imageURL: String
        enum CodingKeys: String, CodingKey {
            case type
            case imageURL = "image_url"
        }
    }

    var type = "computer_call_output"
    var callID: String?
    var output: Output

    enum CodingKeys: String, CodingKey {
        case type, output
        case callID = "call_id"
    }

    init(callID: String?, _ outcome: ComputerStepOutcome) {
        self.callID = callID
        let data = outcome.screenshot?.base64 ?? ""
        output = Output(imageURL: "data:\(outcome.screenshot?.contentType ?? "image/png");base64,\(data)")
    }
}
