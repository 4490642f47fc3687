/// The image one viewer shows, as exact pixels (what its updates were encoded from), so the next
/// update is the difference against it. Kept in its own memory and patched in place: holding the
/// screen capture's frame instead would make every capture copy the whole screen.
///
/// `@unchecked Sendable`: a canvas belongs to one viewer's loop, which awaits each
/// `LiveViewEncoder.advance` (the only code that reads or writes `image`, on NIO's pool) before it
/// calls the next one; so at most one thread touches `image` at a time, and each await orders the
/// accesses.
public final class LiveViewCanvas: @unchecked Sendable {
    public let settings: LiveViewSettings
    private(set) var image: Frame?

    public init(settings: LiveViewSettings) {
        self.settings = settings
    }

    /// The screen generation the canvas shows; nil before the first update.
    public var generation: UInt64? { image?.generation }

    /// Applies `update`, copying its pixels from `source` (the image it was encoded from).
    func apply(_ update: LiveViewUpdate, from source: Frame) {
        guard !update.full, var shown = image.take() else {
            image = source.pixels.withUnsafeBufferPointer {
                Frame(width: source.width, height: source.height, generation: source.generation, copying: $0.baseAddress!, stride: source.stride)
            }
            return
        }
        source.pixels.withUnsafeBufferPointer { pixels in
            for operation in update.operations {
                switch operation {
                case .jpeg(let region, _), .fill(let region, _), .palette(let region, _):
                    shown.update(region, from: pixels.baseAddress! + region.y * source.stride + region.x * 4, stride: source.stride, generation: source.generation)
                }
            }
        }
        shown.retag(source.generation)
        image = shown
    }
}
