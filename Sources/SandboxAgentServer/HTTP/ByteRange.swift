import Hummingbird

/// One `Range: bytes=…` of a request, as an inclusive range of a file of `size` bytes:
/// `bytes=A-B`, `bytes=A-` or `bytes=-N`. Other units and multiple ranges are ignored (the whole
/// file is sent, as HTTP allows); a range past the end is a 416.
enum ByteRange {
    /// Nil for the whole file.
    static func parse(_ header: String?, size: Int) throws -> ClosedRange<Int>? {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let unsatisfiable = APIError(.rangeNotSatisfiable, code: "range_not_satisfiable", detail: "the range \(header) is outside the \(size) bytes")
        switch (Int(spec[0]), Int(spec[1])) {
        case (let start?, let end?) where start <= end:
            guard start < size else { throw unsatisfiable }
            return start...min(end, size - 1)
        case (let start?, nil) where spec[1].isEmpty:
            guard start < size else { throw unsatisfiable }
            return start...(size - 1)
        case (nil, let suffix?) where spec[0].isEmpty:
            guard suffix > 0, size > 0 else { throw unsatisfiable }
            return max(0, size - suffix)...(size - 1)
        default:
            return nil
        }
    }
}
