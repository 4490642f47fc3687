public import ACP
import DesktopRuntime
public import NIOCore
import Foundation

/// What a tool call produced: MCP content blocks, whether it failed, and a summary for the
/// session's `_sandboxagent/desktop/action` event.
public struct DesktopToolResult: Sendable {
    public var content: [JSONValue]
    public var isError: Bool
    /// The screenshot returned, without its bytes: `{contentType, width, height, bytes}`.
    public var screenshot: JSONValue?
    /// The screenshot's encoded image, to keep for the session's transcript.
    public var image: ByteBuffer?

    /// The MCP `tools/call` result.
    public var json: JSONValue {
        ["content": .array(content), "isError": .bool(isError)]
    }

    static func text(_ text: String, isError: Bool = false) -> DesktopToolResult {
        DesktopToolResult(content: [["type": "text", "text": .string(text)]], isError: isError)
    }

    /// A text line, then the image.
    static func image(_ shot: Screenshot, caption: String) -> DesktopToolResult {
        return DesktopToolResult(
            content: [
                ["type": "text", "text": .string(caption)],
                ["type": "image", "mimeType": .string(shot.contentType), "data": .string(shot.base64)],
            ],
            isError: false,
            screenshot: [
                "contentType": .string(shot.contentType), "width": .int(Int64(shot.plan.outputWidth)),
                "height": .int(Int64(shot.plan.outputHeight)), "bytes": .int(Int64(shot.data.readableBytes)),
            ],
            image: shot.data)
    }
}
