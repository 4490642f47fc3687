public import ACP

/// One MCP tool of the desktop server: its name, description and JSON schema of its arguments.
public struct DesktopTool: Sendable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    var definition: JSONValue {
        ["name": .string(name), "description": .string(description), "inputSchema": inputSchema]
    }

    /// `{"type": "object", "properties": …, "required": …, "additionalProperties": false}`.
    static func schema(_ properties: [String: JSONValue] = [:], required: [String] = []) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map(JSONValue.string)), "additionalProperties": false]
    }

    static let integer: JSONValue = ["type": "integer"]
    static let string: JSONValue = ["type": "string"]
    static let point: [String: JSONValue] = [
        "x": ["type": "integer", "description": "Pixels from the left of the screenshot"],
        "y": ["type": "integer", "description": "Pixels from the top of the screenshot"],
    ]
}

extension DesktopTool {
    /// Every tool, in the order `tools/list` gives them.
    static let all: [DesktopTool] = [
        DesktopTool(
            name: "screenshot", description: "Take a screenshot of the desktop. Every coordinate the other tools take is in this image's pixels.",
            inputSchema: schema()),
        DesktopTool(
            name: "click", description: "Click at a point of the screenshot (then returns a new screenshot).",
            inputSchema: schema(point.merging(["button": ["type": "string", "enum": ["left", "right", "middle"]], "clickCount": ["type": "integer", "minimum": 1, "maximum": 3]]) { $1 }, required: ["x", "y"])),
        DesktopTool(name: "double_click", description: "Double-click at a point of the screenshot.", inputSchema: schema(point, required: ["x", "y"])),
        DesktopTool(name: "move", description: "Move the pointer to a point of the screenshot.", inputSchema: schema(point, required: ["x", "y"])),
        DesktopTool(
            name: "drag", description: "Press the left button at the start point, move to the end point, release.",
            inputSchema: schema(["startX": integer, "startY": integer, "endX": integer, "endY": integer], required: ["startX", "startY", "endX", "endY"])),
        DesktopTool(
            name: "scroll", description: "Scroll the wheel at a point: direction up, down, left or right, amount in wheel clicks (default 3).",
            inputSchema: schema(point.merging(["direction": ["type": "string", "enum": ["up", "down", "left", "right"]], "amount": ["type": "integer", "minimum": 1, "maximum": 100]]) { $1 }, required: ["x", "y", "direction"])),
        DesktopTool(name: "type", description: "Type text (any Unicode) into the focused window.", inputSchema: schema(["text": string], required: ["text"])),
        DesktopTool(
            name: "key", description: "Press a key or chord, e.g. Return, ctrl+s, alt+Tab; several separated by spaces.",
            inputSchema: schema(["key": string], required: ["key"])),
        DesktopTool(
            name: "hold_key", description: "Hold a key down for a while (at most 10 s).",
            inputSchema: schema(["key": string, "durationMs": ["type": "integer", "minimum": 0, "maximum": 10000]], required: ["key", "durationMs"])),
        DesktopTool(name: "cursor_position", description: "Where the pointer is, in screenshot pixels.", inputSchema: schema()),
        DesktopTool(name: "windows", description: "List the top-level windows (id, title, geometry, pid).", inputSchema: schema()),
        DesktopTool(name: "focus_window", description: "Raise and focus a window by id.", inputSchema: schema(["id": string], required: ["id"])),
        DesktopTool(
            name: "launch", description: "Start a program on the desktop; with wait, until its window appears.",
            inputSchema: schema(["app": string, "args": ["type": "array", "items": string], "wait": ["type": "boolean"]], required: ["app"])),
        DesktopTool(name: "open", description: "Open a file or URL with the desktop's default application (xdg-open).", inputSchema: schema(["target": string], required: ["target"])),
        DesktopTool(name: "clipboard_get", description: "Read the clipboard as text.", inputSchema: schema()),
        DesktopTool(name: "clipboard_set", description: "Put text on the clipboard.", inputSchema: schema(["text": string], required: ["text"])),
        DesktopTool(
            name: "wait", description: "Wait until the screen stops changing (quietMs unchanged, at most timeoutMs), then take a screenshot.",
            inputSchema: schema(["quietMs": ["type": "integer", "minimum": 0, "maximum": 10000], "timeoutMs": ["type": "integer", "minimum": 0, "maximum": 30000]])),
        DesktopTool(
            name: "computer", description: "Anthropic's computer tool: takes its input verbatim (action, coordinate, text, …).",
            inputSchema: ["type": "object", "properties": ["action": string], "required": ["action"]]),
    ]
}
