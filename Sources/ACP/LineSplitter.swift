/// Splits a byte stream into newline-terminated lines (NDJSON framing): tolerates CRLF, replaces
/// invalid UTF-8, and refuses lines over `maxLineBytes` without losing sync — the rest of an
/// oversized line is skipped up to its newline and reported once.
public struct LineSplitter: Sendable {
    /// What one `push` produced, in stream order.
    public enum Piece: Sendable, Equatable {
        case line(String)
        /// A line longer than the limit was dropped; `bytes` is its length.
        case oversized(bytes: Int)
    }

    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var skipping = false
    private var skipped = 0

    public init(maxLineBytes: Int = 64 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds bytes; returns the complete lines (without their newline) and oversize reports.
    public mutating func push(_ bytes: some Collection<UInt8>) -> [Piece] {
        var pieces: [Piece] = []
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            append(bytes[start..<newline])
            finishLine(into: &pieces)
            start = bytes.index(after: newline)
        }
        append(bytes[start...])
        return pieces
    }

    /// At end of stream: the unterminated last line, if any.
    public mutating func finish() -> [Piece] {
        var pieces: [Piece] = []
        if !pending.isEmpty || skipping { finishLine(into: &pieces) }
        return pieces
    }

    private mutating func append(_ slice: some Collection<UInt8>) {
        guard !slice.isEmpty else { return }
        if skipping {
            skipped += slice.count
            return
        }
        if pending.count + slice.count > maxLineBytes {
            skipping = true
            skipped = pending.count + slice.count
            pending.removeAll(keepingCapacity: false)
            return
        }
        pending.append(contentsOf: slice)
    }

    private mutating func finishLine(into pieces: inout [Piece]) {
        if skipping {
            pieces.append(.oversized(bytes: skipped))
            skipping = false
            skipped = 0
            return
        }
        if pending.last == 0x0D { pending.removeLast() }
        if !pending.isEmpty {
            pieces.append(.line(String(decoding: pending, as: UTF8.self)))
        }
        pending.removeAll(keepingCapacity: pending.count < 1 << 20)
    }
}
