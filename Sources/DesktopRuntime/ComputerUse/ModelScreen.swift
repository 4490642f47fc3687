public import SandboxAgentAPI

/// The screen as a model sees it: the size its screenshots are scaled to, and the exact mapping of
/// the coordinates it sends back to screen pixels.
///
/// By default a large screen is scaled to the standard size of its aspect ratio that Anthropic's
/// computer-use reference recommends (XGA 1024×768 for 4:3, WXGA 1280×800 for 16:10, FWXGA
/// 1366×768 for 16:9), or to fit 1280×800 otherwise; a screen already that small is not scaled.
public struct ModelScreen: Sendable, Equatable, Codable {
    public var screenWidth: Int
    public var screenHeight: Int
    /// The size the model sees.
    public var width: Int
    public var height: Int

    static let standardSizes = [(1024, 768), (1280, 800), (1366, 768)]

    /// The model size for a screen, or the one a client asked for (validated).
    public static func fitting(screenWidth: Int, screenHeight: Int, width: Int? = nil, height: Int? = nil) throws(DesktopError) -> ModelScreen {
        if width != nil || height != nil {
            guard let width, let height else { throw .invalid(width == nil ? "width" : "height", "must be given with the other") }
            guard (1...screenWidth).contains(width) else { throw .invalid("width", "must be between 1 and the screen width \(screenWidth)") }
            guard (1...screenHeight).contains(height) else { throw .invalid("height", "must be between 1 and the screen height \(screenHeight)") }
            return ModelScreen(screenWidth: screenWidth, screenHeight: screenHeight, width: width, height: height)
        }
        let ratio = Double(screenWidth) / Double(screenHeight)
        if let standard = standardSizes.first(where: { abs(Double($0.0) / Double($0.1) - ratio) < 0.02 && $0.0 < screenWidth }) {
            return ModelScreen(screenWidth: screenWidth, screenHeight: screenHeight, width: standard.0, height: standard.1)
        }
        let scale = min(1, 1280 / Double(screenWidth), 800 / Double(screenHeight))
        return ModelScreen(
            screenWidth: screenWidth, screenHeight: screenHeight,
            width: max(1, Int((Double(screenWidth) * scale).rounded())), height: max(1, Int((Double(screenHeight) * scale).rounded())))
    }

    /// The screen pixel for a model coordinate; `field` names it in the error when it is off the model's screen.
    public func toScreen(x: Int, y: Int, field: String) throws(DesktopError) -> ScreenPoint {
        guard (0..<width).contains(x), (0..<height).contains(y) else {
            throw .invalid(field, "(\(x), \(y)) is outside the \(width)x\(height) screen the model sees")
        }
        return ScreenPoint(x: Self.map(x, from: width, to: screenWidth), y: Self.map(y, from: height, to: screenHeight))
    }

    /// The model coordinate of a screen pixel.
    public func toModel(_ position: MousePosition) -> (x: Int, y: Int) {
        (Self.map(position.x, from: screenWidth, to: width), Self.map(position.y, from: screenHeight, to: height))
    }

    /// Pixel centres map onto pixel centres: `(v + 0.5) · to / from − 0.5`, rounded and clamped.
    static func map(_ value: Int, from: Int, to: Int) -> Int {
        guard from != to else { return value }
        let mapped = ((Double(value) + 0.5) * Double(to) / Double(from) - 0.5).rounded()
        return min(max(Int(mapped), 0), to - 1)
    }

    /// A screenshot the model's size (PNG unless asked otherwise).
    func screenshotOptions(format: ImageFormat = .png, region: ScreenRegion? = nil) -> ScreenshotOptions {
        guard let region else { return ScreenshotOptions(format: format, width: width, height: height) }
        let scale = min(1, Double(width) / Double(region.width), Double(height) / Double(region.height))
        return ScreenshotOptions(format: format, scale: scale < 1 ? max(0.1, scale) : nil, region: region)
    }
}
