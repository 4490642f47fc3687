public import SandboxAgentAPI

/// A rectangle of the screen in screen pixels.
public struct ScreenRegion: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// What a screenshot request asks for: format, quality, output size, region and cursor.
///
/// `scale` (0.1–1.0, as upstream) and `width`/`height` (target size; one of them keeps the aspect
/// ratio, both set each axis independently) are alternatives; without them the image has the
/// region's size.
public struct ScreenshotOptions: Sendable, Hashable, Codable {
    public var format: ImageFormat
    /// 1–100, JPEG and WebP only; default 85.
    public var quality: Int?
    public var scale: Double?
    public var width: Int?
    public var height: Int?
    /// Draw the real cursor image (XFixes) into the screenshot.
    public var showCursor: Bool
    /// Capture only this part of the screen (at native resolution unless scaled).
    public var region: ScreenRegion?

    public static let defaultQuality = 85
    /// The largest output dimension accepted.
    public static let maximumDimension = 16384
    /// An image may have at most this many times the screen's pixels: enough to upscale the whole
    /// screen 2x per axis, and it bounds the memory and time one request costs (the scaled frame
    /// and its encoding) by what the operator chose as screen size.
    public static let maximumPixelsPerScreenPixel = 4
    /// An image may have at most this many pixels whatever the screen: those of the largest screen
    /// (8192x8192, 67,108,864), so the largest desktop can be captured at its native size and
    /// nothing bigger. It bounds the server's peak memory for one screenshot (docs/desktop.md).
    public static let maximumOutputPixels = 8192 * 8192

    public init(
        format: ImageFormat = .png, quality: Int? = nil, scale: Double? = nil, width: Int? = nil, height: Int? = nil,
        showCursor: Bool = false, region: ScreenRegion? = nil
    ) {
        self.format = format
        self.quality = quality
        self.scale = scale
        self.width = width
        self.height = height
        self.showCursor = showCursor
        self.region = region
    }

    /// Checks every field against a screen of this size and computes the region and output size.
    public func plan(screenWidth: Int, screenHeight: Int) throws(DesktopError) -> ScreenshotPlan {
        if let quality, !(1...100).contains(quality) { throw .invalid("quality", "must be between 1 and 100") }
        if quality != nil, format == .png { throw .invalid("quality", "applies to jpeg and webp only") }
        let source = try checkedRegion(screenWidth: screenWidth, screenHeight: screenHeight)
        let (outputWidth, outputHeight) = try outputSize(for: source)
        let limit = Self.maximumPixelsPerScreenPixel * screenWidth * screenHeight
        let field = region == nil ? (width != nil ? "width" : "height") : (width != nil ? "outputWidth" : "outputHeight")
        if outputWidth * outputHeight > limit {
            throw .invalid(
                field,
                "gives a \(outputWidth)x\(outputHeight) image, more than \(Self.maximumPixelsPerScreenPixel)x the pixels of the \(screenWidth)x\(screenHeight) screen (\(limit))")
        }
        if outputWidth * outputHeight > Self.maximumOutputPixels {
            throw .invalid(
                field,
                "gives a \(outputWidth)x\(outputHeight) image, more than the \(Self.maximumOutputPixels) pixels (8192x8192) any screenshot may have")
        }
        return ScreenshotPlan(
            format: format, quality: quality ?? Self.defaultQuality, region: source,
            outputWidth: outputWidth, outputHeight: outputHeight, showCursor: showCursor,
            screenWidth: screenWidth, screenHeight: screenHeight)
    }

    private func checkedRegion(screenWidth: Int, screenHeight: Int) throws(DesktopError) -> ScreenRegion {
        guard let region else { return ScreenRegion(x: 0, y: 0, width: screenWidth, height: screenHeight) }
        if region.x < 0 { throw .invalid("x", "must be >= 0") }
        if region.y < 0 { throw .invalid("y", "must be >= 0") }
        if region.width <= 0 { throw .invalid("width", "must be > 0") }
        if region.height <= 0 { throw .invalid("height", "must be > 0") }
        // Each on its own first: the sums below cannot overflow, and a value far off names itself.
        if region.x >= screenWidth { throw .invalid("x", "must be less than the screen width \(screenWidth)") }
        if region.y >= screenHeight { throw .invalid("y", "must be less than the screen height \(screenHeight)") }
        if region.width > screenWidth { throw .invalid("width", "must be at most the screen width \(screenWidth)") }
        if region.height > screenHeight { throw .invalid("height", "must be at most the screen height \(screenHeight)") }
        if region.x + region.width > screenWidth || region.y + region.height > screenHeight {
            throw .invalid(
                "region",
                "\(region.width)x\(region.height)+\(region.x)+\(region.y) lies outside the \(screenWidth)x\(screenHeight) screen")
        }
        return region
    }

    private func outputSize(for source: ScreenRegion) throws(DesktopError) -> (Int, Int) {
        let (widthField, heightField) = region == nil ? ("width", "height") : ("outputWidth", "outputHeight")
        if let scale {
            if width != nil || height != nil { throw .invalid("scale", "cannot be combined with \(widthField)/\(heightField)") }
            guard scale.isFinite, (0.1...1.0).contains(scale) else { throw .invalid("scale", "must be between 0.1 and 1.0") }
            return (max(1, Int((Double(source.width) * scale).rounded())), max(1, Int((Double(source.height) * scale).rounded())))
        }
        for (name, value) in [(widthField, width), (heightField, height)] {
            if let value, !(1...Self.maximumDimension).contains(value) {
                throw .invalid(name, "must be between 1 and \(Self.maximumDimension)")
            }
        }
        switch (width, height) {
        case let (width?, height?):
            return (width, height)
        case let (width?, nil):
            return (width, max(1, Int((Double(source.height) * Double(width) / Double(source.width)).rounded())))
        case let (nil, height?):
            return (max(1, Int((Double(source.width) * Double(height) / Double(source.height)).rounded())), height)
        case (nil, nil):
            return (source.width, source.height)
        }
    }
}

/// A validated screenshot: which screen pixels go into an image of which size.
public struct ScreenshotPlan: Sendable, Hashable {
    public var format: ImageFormat
    public var quality: Int
    public var region: ScreenRegion
    public var outputWidth: Int
    public var outputHeight: Int
    public var showCursor: Bool
    public var screenWidth: Int
    public var screenHeight: Int

    /// Image pixels per screen pixel, horizontally. A screen x is `region.x + imageX / scaleX`.
    public var scaleX: Double { Double(outputWidth) / Double(region.width) }
    /// Image pixels per screen pixel, vertically.
    public var scaleY: Double { Double(outputHeight) / Double(region.height) }
}
