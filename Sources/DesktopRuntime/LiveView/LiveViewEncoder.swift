import CDesktopCodec
public import NIOCore
import NIOPosix

/// How one viewer watches the live view: JPEG quality and the image's scale against the screen.
public struct LiveViewSettings: Sendable, Hashable {
    /// 1...100.
    public var quality: Int
    /// 0.1...1: the image is this fraction of the screen's size (area-averaged when smaller).
    public var scale: Double

    public init(quality: Int, scale: Double) {
        self.quality = quality
        self.scale = scale
    }
}

/// One JPEG of a live-view update and where it goes, in image pixels.
public struct LiveViewTile: Sendable {
    public var region: ScreenRegion
    public var jpeg: ByteBuffer
}

/// What a viewer needs to go from the image it shows to the screen as it is now.
public struct LiveViewUpdate: Sendable {
    /// The image the viewer shows once the update is applied; pass it back as `shown` next time.
    public var image: Frame
    /// The changed regions; empty when nothing changed.
    public var tiles: [LiveViewTile]
    /// Whether the update is the whole image (the first one, after a resize, or a large change).
    public var full: Bool
}

/// Turns screen frames into live-view updates: scale, find the changed tiles against what the
/// viewer shows, encode them as JPEG. Pure computation, run off the desktop executor on NIO's
/// blocking pool, so a viewer never delays input or the API's screenshots.
public enum LiveViewEncoder {
    /// Changes covering more than this fraction of the image are sent as one whole image.
    static let wholeImageFraction = 0.5

    /// The update from `shown` (nil on connect) to `frame`.
    public static func update(to frame: Frame, from shown: Frame?, settings: LiveViewSettings) async throws(DesktopError) -> LiveViewUpdate {
        if let shown, shown.generation == frame.generation, settings.scale == 1, shown.width == frame.width, shown.height == frame.height {
            return LiveViewUpdate(image: shown, tiles: [], full: false)
        }
        let result: Result<LiveViewUpdate, DesktopError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { updateNow(to: frame, from: shown, settings: settings) }
        } catch {
            throw DesktopError(.screenshotFailed, "the encoder pool is shut down")
        }
        return try result.get()
    }

    static func updateNow(to frame: Frame, from shown: Frame?, settings: LiveViewSettings) -> Result<LiveViewUpdate, DesktopError> {
        let image: Frame
        switch scaled(frame, by: settings.scale) {
        case .success(let scaled): image = scaled
        case .failure(let error): return .failure(error)
        }
        var regions = [image.bounds]
        var full = true
        if let shown, shown.width == image.width, shown.height == image.height {
            let changed = ChangedTiles.regions(from: shown, to: image)
            let area = changed.reduce(0) { $0 + $1.width * $1.height }
            if Double(area) <= Double(image.width * image.height) * wholeImageFraction {
                regions = changed
                full = false
            }
        }
        var tiles: [LiveViewTile] = []
        for region in regions {
            switch encode(region, of: image, quality: settings.quality) {
            case .success(let jpeg): tiles.append(LiveViewTile(region: region, jpeg: jpeg))
            case .failure(let error): return .failure(error)
            }
        }
        return .success(LiveViewUpdate(image: image, tiles: tiles, full: full))
    }

    /// `frame` itself at scale 1, else a copy scaled to the viewer's size.
    private static func scaled(_ frame: Frame, by scale: Double) -> Result<Frame, DesktopError> {
        guard scale != 1 else { return .success(frame) }
        let width = max(1, Int((Double(frame.width) * scale).rounded())), height = max(1, Int((Double(frame.height) * scale).rounded()))
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let status = frame.pixels.withUnsafeBufferPointer { source in
            pixels.withUnsafeMutableBufferPointer { target in
                sa_scale_bgrx(
                    sa_bgrx_view(pixels: source.baseAddress!, width: Int32(frame.width), height: Int32(frame.height), stride: frame.stride),
                    target.baseAddress!, Int32(width), Int32(height))
            }
        }
        guard status == 0 else { return .failure(DesktopError(.screenshotFailed, "scaling the live view to \(width)x\(height) failed")) }
        return .success(pixels.withUnsafeBufferPointer { Frame(width: width, height: height, generation: frame.generation, copying: $0.baseAddress!, stride: width * 4) })
    }

    private static func encode(_ region: ScreenRegion, of image: Frame, quality: Int) -> Result<ByteBuffer, DesktopError> {
        // A whole image is encoded in strips on several threads; a tile on this one.
        let parts: Int32 = region == image.bounds ? 0 : 1
        return image.pixels.withUnsafeBufferPointer { buffer in
            let view = sa_bgrx_view(
                pixels: buffer.baseAddress! + region.y * image.stride + region.x * 4, width: Int32(region.width), height: Int32(region.height),
                stride: image.stride)
            return ScreenshotEncoder.run("live view JPEG encoding") { output, message in
                sa_jpeg_encode_bgrx(view, Int32(quality), parts, &output, &message)
            }
        }
    }
}
