import DesktopRuntime
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentAPI

/// `GET /v1/desktop/screenshot` and `/screenshot/region`: image bytes with headers that give the
/// screen size, the captured region, the image size and the scale factors.
struct DesktopScreenshotRoutes {
    let manager: DesktopManager
    let jsonLimit: Int

    func register(on routes: DesktopRouteTable) {
        routes.screenshot("/v1/desktop/screenshot") { request, _ in
            let options = try Self.options(request.query, region: nil, widthName: "width", heightName: "height")
            return try await manager.activeDesktop().screenshot(options)
        }
        routes.screenshot("/v1/desktop/screenshot/region") { request, _ in
            let query = request.query
            guard let x = try query.signedInt("x") else { throw DesktopError.invalid("x", "is required") }
            guard let y = try query.signedInt("y") else { throw DesktopError.invalid("y", "is required") }
            guard let width = try query.signedInt("width") else { throw DesktopError.invalid("width", "is required") }
            guard let height = try query.signedInt("height") else { throw DesktopError.invalid("height", "is required") }
            let region = ScreenRegion(x: x, y: y, width: width, height: height)
            return try await manager.activeDesktop().screenshot(
                Self.options(query, region: region, widthName: "outputWidth", heightName: "outputHeight"))
        }
    }

    /// The options of the query; `show_cursor` is accepted as an alias (upstream's docs use it).
    static func options(_ query: QueryParameters, region: ScreenRegion?, widthName: String, heightName: String) throws -> ScreenshotOptions {
        let format = try query.enumeration("format", as: ImageFormat.self) ?? .png
        let showCursor = try query.bool("showCursor") ?? query.bool("show_cursor") ?? false
        return ScreenshotOptions(
            format: format, quality: try query.signedInt("quality"), scale: try query.double("scale"),
            width: try query.signedInt(widthName), height: try query.signedInt(heightName), showCursor: showCursor, region: region)
    }
}
