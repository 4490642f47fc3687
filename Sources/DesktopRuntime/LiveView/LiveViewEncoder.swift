import CDesktopCodec
import NIOCore
import NIOPosix

/// Turns screen frames into live-view updates: scale, find where the frame differs from what the
/// viewer shows (`sa_changed_rects`), send solid rectangles as fills, rectangles of up to 16 colours
/// (text, flat interface drawing) as palettes and the rest as JPEG. Pure
/// computation, run off the desktop executor on NIO's blocking pool, so a viewer never delays
/// input or the API's screenshots.
public enum LiveViewEncoder {
    /// Changes whose JPEG area covers more than this fraction of the image are sent as one whole image.
    static let wholeImageFraction = 0.5
    /// More changed rectangles than this are sent as one whole image.
    static let maximumRectangles = 2048

    /// Brings `canvas` to `frame` and returns the update that does the same for the viewer; nil
    /// when nothing changed. `changed` (on the screen), when known, bounds where the frame can
    /// differ from the canvas. An update another viewer at the same image and settings already got
    /// is reused from `shared` instead of being encoded again.
    public static func advance(
        _ canvas: LiveViewCanvas, to frame: Frame, changed: ScreenRegion?, shared: LiveViewUpdates
    ) async throws(DesktopError) -> LiveViewUpdate? {
        guard canvas.generation != frame.generation else { return nil }
        let result: Result<LiveViewUpdate?, DesktopError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { advanceNow(canvas, to: frame, changed: changed, shared: shared) }
        } catch {
            throw DesktopError(.screenshotFailed, "the encoder pool is shut down")
        }
        return try result.get()
    }

    static func advanceNow(_ canvas: LiveViewCanvas, to frame: Frame, changed: ScreenRegion?, shared: LiveViewUpdates) -> Result<LiveViewUpdate?, DesktopError> {
        let settings = canvas.settings
        let image: Frame
        switch scaled(frame, by: settings.scale) {
        case .success(let scaled): image = scaled
        case .failure(let error): return .failure(error)
        }
        let key = LiveViewUpdates.Key(settings: settings, from: canvas.generation, to: frame.generation)
        let update: LiveViewUpdate
        if let known = shared[key] {
            update = known
        } else {
            let area = changed.map { scaledArea($0, by: settings.scale, within: image.bounds) }
            switch encode(image, over: canvas.image, within: area, quality: settings.quality) {
            case .success(let encoded): update = encoded
            case .failure(let error): return .failure(error)
            }
            shared[key] = update
        }
        canvas.apply(update, from: image)
        return .success(update.operations.isEmpty ? nil : update)
    }

    /// The update from `shown` (nil on connect) to `image`.
    private static func encode(_ image: Frame, over shown: Frame?, within area: ScreenRegion?, quality: Int) -> Result<LiveViewUpdate, DesktopError> {
        let whole = LiveViewUpdate(width: image.width, height: image.height, operations: [], full: true)
        guard let shown, shown.width == image.width, shown.height == image.height, let rectangles = changedRectangles(from: shown, to: image, within: area)
        else { return jpegs([image.bounds], of: image, quality: quality, into: whole) }
        let jpegArea = rectangles.reduce(0) { $0 + ($1.solid == 0 ? Int($1.width * $1.height) : 0) }
        guard Double(jpegArea) <= Double(image.width * image.height) * wholeImageFraction else {
            return jpegs([image.bounds], of: image, quality: quality, into: whole)
        }
        var update = LiveViewUpdate(width: image.width, height: image.height, operations: [], full: false)
        for rectangle in rectangles {
            let region = ScreenRegion(x: Int(rectangle.x), y: Int(rectangle.y), width: Int(rectangle.width), height: Int(rectangle.height))
            if rectangle.solid != 0 {
                update.operations.append(.fill(region, color: rectangle.color))
            } else if let palette = palette(region, of: image) {
                update.operations.append(.palette(region, palette))
            } else {
                switch jpegs([region], of: image, quality: quality, into: update) {
                case .success(let more): update = more
                case .failure(let error): return .failure(error)
                }
            }
        }
        return .success(update)
    }

    /// The rectangles where `new` differs from `old` within `area`; nil when there are too many.
    private static func changedRectangles(from old: Frame, to new: Frame, within area: ScreenRegion?) -> [sa_changed_rect]? {
        let area = area ?? new.bounds
        var rectangles = [sa_changed_rect](repeating: sa_changed_rect(), count: maximumRectangles)
        let count = old.pixels.withUnsafeBufferPointer { before in
            new.pixels.withUnsafeBufferPointer { after in
                sa_changed_rects(
                    sa_bgrx_view(pixels: before.baseAddress!, width: Int32(old.width), height: Int32(old.height), stride: old.stride),
                    sa_bgrx_view(pixels: after.baseAddress!, width: Int32(new.width), height: Int32(new.height), stride: new.stride),
                    Int32(area.x), Int32(area.y), Int32(area.x + area.width), Int32(area.y + area.height), &rectangles, Int32(maximumRectangles))
            }
        }
        guard count >= 0 else { return nil }
        return Array(rectangles.prefix(Int(count)))
    }

    /// The `.palette` bytes of `region` when it has at most `SA_PALETTE_CAPACITY` colours.
    private static func palette(_ region: ScreenRegion, of image: Frame) -> ByteBuffer? {
        var colors = [UInt32](repeating: 0, count: Int(SA_PALETTE_CAPACITY))
        var packed = sa_buffer()
        defer { sa_buffer_free(&packed) }
        let count = image.pixels.withUnsafeBufferPointer { buffer in
            sa_palette_pack(
                sa_bgrx_view(
                    pixels: buffer.baseAddress! + region.y * image.stride + region.x * 4, width: Int32(region.width),
                    height: Int32(region.height), stride: image.stride),
                &colors, SA_PALETTE_CAPACITY, &packed)
        }
        guard count >= 2 else { return nil }
        var bytes = ByteBufferAllocator().buffer(capacity: 1 + Int(count) * 3 + packed.size)
        bytes.writeInteger(UInt8(count))
        for color in colors.prefix(Int(count)) {
            bytes.writeMultipleIntegers(UInt8(truncatingIfNeeded: color >> 16), UInt8(truncatingIfNeeded: color >> 8), UInt8(truncatingIfNeeded: color))
        }
        bytes.writeBytes(UnsafeRawBufferPointer(start: packed.data, count: packed.size))
        return bytes
    }

    private static func jpegs(_ regions: [ScreenRegion], of image: Frame, quality: Int, into update: LiveViewUpdate) -> Result<LiveViewUpdate, DesktopError> {
        var update = update
        for region in regions {
            // A whole image is encoded in strips on several threads; a rectangle on this one.
            let parts: Int32 = region == image.bounds ? 0 : 1
            let encoded = image.pixels.withUnsafeBufferPointer { buffer in
                let view = sa_bgrx_view(
                    pixels: buffer.baseAddress! + region.y * image.stride + region.x * 4, width: Int32(region.width), height: Int32(region.height),
                    stride: image.stride)
                return ScreenshotEncoder.run("live view JPEG encoding") { output, message in
                    sa_jpeg_encode_bgrx(view, Int32(quality), parts, &output, &message)
                }
            }
            switch encoded {
            case .success(let jpeg): update.operations.append(.jpeg(region, JPEGTables.split(jpeg).rest))
            case .failure(let error): return .failure(error)
            }
        }
        return .success(update)
    }

    /// `area` of the screen on the image scaled by `scale` (`bounds`): area averaging mixes
    /// neighbouring pixels, so widened by one scaled pixel on each side.
    static func scaledArea(_ area: ScreenRegion, by scale: Double, within bounds: ScreenRegion) -> ScreenRegion {
        guard !area.isEmpty else { return area }
        guard scale != 1 else { return area }
        let left = max(0, Int((Double(area.x) * scale).rounded(.down)) - 1)
        let top = max(0, Int((Double(area.y) * scale).rounded(.down)) - 1)
        let right = min(bounds.width, Int((Double(area.x + area.width) * scale).rounded(.up)) + 1)
        let bottom = min(bounds.height, Int((Double(area.y + area.height) * scale).rounded(.up)) + 1)
        return ScreenRegion(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// `frame` itself at scale 1, else a copy scaled to the viewer's size.
    private static func scaled(_ frame: Frame, by scale: Double) -> Result<Frame, DesktopError> {
        guard scale != 1 else { return .success(frame) }
        let (width, height) = LiveViewSettings(quality: 0, scale: scale).imageSize(screenWidth: frame.width, screenHeight: frame.height)
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
}
