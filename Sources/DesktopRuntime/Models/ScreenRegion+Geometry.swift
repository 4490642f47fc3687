extension ScreenRegion {
    /// The smallest region holding both (an empty one adds nothing).
    func union(_ other: ScreenRegion) -> ScreenRegion {
        if other.isEmpty { return self }
        if isEmpty { return other }
        let left = min(x, other.x), top = min(y, other.y)
        let right = max(x + width, other.x + other.width), bottom = max(y + height, other.y + other.height)
        return ScreenRegion(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The screen rows the region covers.
    var rows: Range<Int> { y..<y + height }

    /// Whether the region covers no pixel.
    var isEmpty: Bool { width <= 0 || height <= 0 }
}
