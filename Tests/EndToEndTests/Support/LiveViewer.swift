import Foundation
import Testing

/// A live-view client for tests (`GET /v1/desktop/stream/ws`): parses the messages and paints the
/// JPEGs, palettes and fills of each update onto its own copy of the image, so tests can check pixels.
struct LiveViewer {
    /// One operation of an update: a decoded JPEG or palette, or a solid fill, at (x, y) in image pixels.
    struct Rect {
        /// "jpeg", "palette" or "fill".
        let kind: String
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        /// The JPEG or palette, decoded (nil for a fill).
        let image: DecodedImage?
        /// The fill's colour as 0xRRGGBB (nil for a JPEG or palette).
        let fill: Int?
    }

    /// One binary update: its JSON header and its operations.
    struct Update {
        let header: [String: Any]
        var seq: Int { header["seq"] as? Int ?? 0 }
        var full: Bool { header["full"] as? Bool ?? false }
        let rects: [Rect]
    }

    let socket: RawWebSocket

    init(_ url: String, paused: Bool = false, receiveBuffer: Int32? = nil) throws {
        socket = try RawWebSocket(url, paused: paused, receiveBuffer: receiveBuffer)
    }

    /// The text messages so far, parsed.
    var messages: [[String: Any]] {
        socket.received.frames.compactMap { frame in
            guard case .text(let text) = frame else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
    }

    /// The binary updates so far.
    var updates: [Update] {
        get throws {
            let ready = messages.first { $0["type"] as? String == "ready" }
            let tables = try #require(Data(base64Encoded: ready?["jpegTables"] as? String ?? ""), "the ready message's jpegTables")
            return try socket.received.frames.compactMap { frame in
                guard case .binary(let bytes) = frame else { return nil }
                return try Self.parse(bytes, tables: tables)
            }
        }
    }

    /// The close frame's code once the server sent one.
    var closeCode: UInt16? {
        for case .close(let code) in socket.received.frames { return code ?? 0 }
        return nil
    }

    /// How many binary updates arrived (without decoding them).
    var updateCount: Int {
        socket.received.frames.filter { if case .binary = $0 { true } else { false } }.count
    }

    static func parse(_ bytes: [UInt8], tables: Data) throws -> Update {
        guard bytes.count >= 4 else { throw TestFailure("update shorter than its length prefix") }
        let length = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard bytes.count >= 4 + length,
            let header = try JSONSerialization.jsonObject(with: Data(bytes[4..<4 + length])) as? [String: Any]
        else { throw TestFailure("bad update header") }
        var offset = 4 + length
        var rects: [Rect] = []
        for case let fields as [Any] in header["rects"] as? [Any] ?? [] {
            guard fields.count == 6, let kind = fields[0] as? String, let place = Array(fields[1...4]) as? [Int] else { throw TestFailure("bad rect \(fields)") }
            switch kind {
            case "jpeg":
                let count = fields[5] as? Int ?? 0
                guard offset + count <= bytes.count, count > 2 else { throw TestFailure("JPEG bytes past the end of the update") }
                // SOI, the tables of the ready message, then the JPEG after its SOI.
                let jpeg = Data(bytes[offset..<offset + 2]) + tables + Data(bytes[offset + 2..<offset + count])
                rects.append(Rect(kind: kind, x: place[0], y: place[1], width: place[2], height: place[3], image: try DecodedImage(jpeg), fill: nil))
                offset += count
            case "palette":
                let count = fields[5] as? Int ?? 0
                guard offset + count <= bytes.count else { throw TestFailure("palette bytes past the end of the update") }
                let image = try DecodedImage(palette: bytes[offset..<offset + count], width: place[2], height: place[3])
                rects.append(Rect(kind: kind, x: place[0], y: place[1], width: place[2], height: place[3], image: image, fill: nil))
                offset += count
            case "fill":
                let color = try #require(Int((fields[5] as? String ?? "").dropFirst(), radix: 16), "fill colour \(fields[5])")
                rects.append(Rect(kind: kind, x: place[0], y: place[1], width: place[2], height: place[3], image: nil, fill: color))
            default:
                throw TestFailure("unknown rect kind \(kind)")
            }
        }
        guard offset == bytes.count else { throw TestFailure("\(bytes.count - offset) bytes after the last JPEG or palette") }
        return Update(header: header, rects: rects)
    }

    /// Waits until `condition` holds for the viewer (`timeout` at most).
    @discardableResult
    func waitFor<T>(_ what: String, timeout: Duration = .seconds(30), _ condition: (LiveViewer) throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = try condition(self) { return value }
            if ContinuousClock.now > deadline || socket.received.ended {
                throw TestFailure("live view: no \(what); messages: \(messages.suffix(5)), updates: \(updateCount)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for a stretch of `quiet` without any update (the screen is still), `timeout` at most.
    func waitForQuiet(_ quiet: Duration, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var count = updateCount
        var since = ContinuousClock.now
        while ContinuousClock.now - since < quiet {
            guard ContinuousClock.now < deadline else { throw TestFailure("live view: updates kept coming for \(timeout) on a still screen") }
            try await Task.sleep(for: .milliseconds(20))
            if updateCount != count {
                count = updateCount
                since = ContinuousClock.now
            }
        }
    }
}

/// The image a viewer shows: every update's operations painted in order (RGB).
struct ViewerCanvas {
    private(set) var width = 0
    private(set) var height = 0
    private var rgb: [UInt8] = []

    mutating func apply(_ update: LiveViewer.Update) {
        let width = update.header["width"] as? Int ?? 0, height = update.header["height"] as? Int ?? 0
        if width != self.width || height != self.height {
            self.width = width
            self.height = height
            rgb = [UInt8](repeating: 0, count: width * height * 3)
        }
        for rect in update.rects {
            for row in 0..<rect.height where rect.y + row < height {
                let count = min(rect.width, width - rect.x), target = ((rect.y + row) * width + rect.x) * 3
                if let image = rect.image {
                    let source = row * image.width * 3
                    rgb.replaceSubrange(target..<target + count * 3, with: image.rgb[source..<source + count * 3])
                } else if let color = rect.fill {
                    for column in 0..<count {
                        rgb[target + column * 3] = UInt8(color >> 16 & 0xFF)
                        rgb[target + column * 3 + 1] = UInt8(color >> 8 & 0xFF)
                        rgb[target + column * 3 + 2] = UInt8(color & 0xFF)
                    }
                }
            }
        }
    }

    /// Whether the pixel at (x, y) is within `tolerance` of 0xRRGGBB on every channel.
    func pixel(_ x: Int, _ y: Int, isNear color: Int, tolerance: Int = 40) -> Bool {
        let index = (y * width + x) * 3
        let actual = [Int(rgb[index]), Int(rgb[index + 1]), Int(rgb[index + 2])]
        return zip(actual, [(color >> 16) & 0xFF, (color >> 8) & 0xFF, color & 0xFF]).allSatisfy { abs($0 - $1) <= tolerance }
    }
}

extension DecodedImage {
    /// A `palette` operation's bytes (docs/api.md, "Live view"): the number of colours N, N times
    /// R, G, B, then each pixel's index in 1, 2 or 4 bits, most significant first, rows byte-aligned.
    init(palette bytes: ArraySlice<UInt8>, width: Int, height: Int) throws {
        let bytes = Array(bytes)
        guard let count = bytes.first.map(Int.init), (2...16).contains(count), bytes.count >= 1 + count * 3 else {
            throw TestFailure("bad palette header \(bytes.prefix(4))")
        }
        let bits = count <= 2 ? 1 : count <= 4 ? 2 : 4
        let rowBytes = (width * bits + 7) / 8, start = 1 + count * 3
        guard bytes.count == start + rowBytes * height else {
            throw TestFailure("palette of \(bytes.count) bytes for \(width)x\(height) at \(bits) bits")
        }
        var rgb: [UInt8] = []
        rgb.reserveCapacity(width * height * 3)
        for row in 0..<height {
            for column in 0..<width {
                let bit = column * bits, byte = bytes[start + row * rowBytes + bit / 8]
                let index = Int(byte >> (8 - bits - bit % 8)) & (1 << bits - 1)
                guard index < count else { throw TestFailure("palette index \(index) of \(count) colours") }
                rgb += bytes[1 + index * 3..<4 + index * 3]
            }
        }
        self.init(width: width, height: height, rgb: rgb)
    }
}
