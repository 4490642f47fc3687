import CDesktopCodec
import NIOCore
import NIOPosix
import SandboxAgentAPI

/// Turns a captured frame into the image a plan asks for: crop, cursor overlay, scale, encode.
/// Pure computation in C (reentrant), run off the desktop executor on NIO's blocking pool.
enum ScreenshotEncoder {
    static func encode(_ frame: Frame, plan: ScreenshotPlan, cursor: CursorImage?) async throws(DesktopError) -> ByteBuffer {
        let result: Result<ByteBuffer, DesktopError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { encodeNow(frame, plan: plan, cursor: cursor) }
        } catch {
            throw DesktopError(.screenshotFailed, "the encoder pool is shut down")
        }
        return try result.get()
    }

    /// A JPEG of `plan` (native size, no cursor) and its rows, to pass back for the next one. Given
    /// the rows of an earlier JPEG of the same plan and the screen rows changed since then, only the
    /// MCU rows those touch are encoded, when they are at most half; otherwise the whole image is.
    static func encodeJPEG(
        _ frame: Frame, plan: ScreenshotPlan, reusing previous: JPEGRows?, changedRows: Range<Int>?
    ) async throws(DesktopError) -> (data: ByteBuffer, rows: JPEGRows?) {
        let result: Result<(data: ByteBuffer, rows: JPEGRows?), DesktopError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive {
                encodeJPEGNow(frame, plan: plan, reusing: previous, changedRows: changedRows)
            }
        } catch {
            throw DesktopError(.screenshotFailed, "the encoder pool is shut down")
        }
        return try result.get()
    }

    static func encodeJPEGNow(
        _ frame: Frame, plan: ScreenshotPlan, reusing previous: JPEGRows?, changedRows: Range<Int>?
    ) -> Result<(data: ByteBuffer, rows: JPEGRows?), DesktopError> {
        if let error = sizeChanged(frame, plan) { return .failure(error) }
        let region = plan.region
        return frame.pixels.withUnsafeBufferPointer { buffer in
            let origin = buffer.baseAddress! + region.y * frame.stride + region.x * 4
            func view(rows: Range<Int>) -> sa_bgrx_view {
                sa_bgrx_view(pixels: origin + rows.lowerBound * frame.stride, width: Int32(region.width), height: Int32(rows.count), stride: frame.stride)
            }
            if var rows = previous, let changedRows {
                let top = max(changedRows.lowerBound - region.y, 0), bottom = min(changedRows.upperBound - region.y, region.height)
                guard top < bottom else { return .success((rows.encoded(), rows)) }
                let first = top / JPEGRows.pixelRows, end = (bottom + JPEGRows.pixelRows - 1) / JPEGRows.pixelRows
                if (end - first) * 2 <= rows.count {
                    let strip = encode(view(rows: first * JPEGRows.pixelRows..<min(end * JPEGRows.pixelRows, region.height)), plan: plan)
                    if case .success(let bytes) = strip, let stripRows = bytes.withUnsafeReadableBytes({ JPEGRows($0) }),
                        stripRows.count == end - first, rows.replace(from: first, with: stripRows)
                    {
                        return .success((rows.encoded(), rows))
                    }
                }
            }
            return encode(view(rows: 0..<region.height), plan: plan).map { data in
                (data, data.withUnsafeReadableBytes { JPEGRows($0) })
            }
        }
    }

    /// An error when the plan's region no longer fits the frame (the screen was resized in between).
    private static func sizeChanged(_ frame: Frame, _ plan: ScreenshotPlan) -> DesktopError? {
        let region = plan.region
        guard region.x + region.width > frame.width || region.y + region.height > frame.height else { return nil }
        return DesktopError(.screenshotFailed, "the screen changed size during the capture; retry")
    }

    static func encodeNow(_ frame: Frame, plan: ScreenshotPlan, cursor: CursorImage?) -> Result<ByteBuffer, DesktopError> {
        if let error = sizeChanged(frame, plan) { return .failure(error) }
        let region = plan.region
        if let cursor {
            // Composite on a copy of the region only.
            var pixels = [UInt8](repeating: 0, count: region.width * region.height * 4)
            frame.pixels.withUnsafeBufferPointer { source in
                pixels.withUnsafeMutableBufferPointer { target in
                    for row in 0..<region.height {
                        let from = source.baseAddress! + (region.y + row) * frame.stride + region.x * 4
                        (target.baseAddress! + row * region.width * 4).update(from: from, count: region.width * 4)
                    }
                    cursor.pixels.withUnsafeBufferPointer { argb in
                        sa_composite_cursor(
                            target.baseAddress!, Int32(region.width), Int32(region.height), region.width * 4,
                            argb.baseAddress!, Int32(cursor.width), Int32(cursor.height),
                            Int32(cursor.x - cursor.hotspotX - region.x), Int32(cursor.y - cursor.hotspotY - region.y))
                    }
                }
            }
            return pixels.withUnsafeBufferPointer { buffer in
                scaleAndEncode(
                    sa_bgrx_view(pixels: buffer.baseAddress!, width: Int32(region.width), height: Int32(region.height), stride: region.width * 4),
                    plan: plan)
            }
        }
        return frame.pixels.withUnsafeBufferPointer { buffer in
            let origin = buffer.baseAddress! + region.y * frame.stride + region.x * 4
            return scaleAndEncode(
                sa_bgrx_view(pixels: origin, width: Int32(region.width), height: Int32(region.height), stride: frame.stride),
                plan: plan)
        }
    }

    private static func scaleAndEncode(_ view: sa_bgrx_view, plan: ScreenshotPlan) -> Result<ByteBuffer, DesktopError> {
        guard plan.outputWidth != Int(view.width) || plan.outputHeight != Int(view.height) else {
            return encode(view, plan: plan)
        }
        var scaled = [UInt8](repeating: 0, count: plan.outputWidth * plan.outputHeight * 4)
        let status = scaled.withUnsafeMutableBufferPointer { target in
            sa_scale_bgrx(view, target.baseAddress!, Int32(plan.outputWidth), Int32(plan.outputHeight))
        }
        guard status == 0 else { return .failure(DesktopError(.screenshotFailed, "scaling to \(plan.outputWidth)x\(plan.outputHeight) failed")) }
        return scaled.withUnsafeBufferPointer { buffer in
            encode(
                sa_bgrx_view(pixels: buffer.baseAddress!, width: Int32(plan.outputWidth), height: Int32(plan.outputHeight), stride: plan.outputWidth * 4),
                plan: plan)
        }
    }

    private static func encode(_ view: sa_bgrx_view, plan: ScreenshotPlan) -> Result<ByteBuffer, DesktopError> {
        run("\(plan.format.rawValue) encoding") { output, message in
            switch plan.format {
            case .png: sa_png_encode_bgrx(view, SA_PNG_DEFAULT_LEVEL, &output, &message)
            case .jpeg: sa_jpeg_encode_bgrx(view, Int32(plan.quality), 0, &output, &message)
            case .webp: sa_webp_encode_bgrx(view, Int32(plan.quality), &output, &message)
            }
        }
    }

    /// Runs a CDesktopCodec encoder and takes its output, or its message as the error of `what`.
    static func run(_ what: String, _ encoder: (inout sa_buffer, inout [CChar]) -> Int32) -> Result<ByteBuffer, DesktopError> {
        var output = sa_buffer(data: nil, size: 0)
        var message = [CChar](repeating: 0, count: 256)
        let status = encoder(&output, &message)
        defer { sa_buffer_free(&output) }
        guard status == 0, let data = output.data else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(DesktopError(.screenshotFailed, "\(what) failed: \(text)"))
        }
        // The one copy out of the C encoder's buffer; the HTTP response and the cache share it.
        return .success(ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: output.size)))
    }
}
