import Foundation
import Glibc
import Synchronization

/// A minimal WebSocket client over a plain socket, for tests: handshake, masked text frames out,
/// frames in (read on a dedicated thread). Small enough to trust, and it reads the bytes a server
/// sends right behind its `101` exactly as they come.
final class RawWebSocket: Sendable {
    enum Frame: Sendable, Equatable {
        case text(String)
        case binary([UInt8])
        case close(code: UInt16?)
    }

    private let fd: Int32
    private let frames = Mutex<[Frame]>([])
    private let ended = Mutex(false)
    private let paused: Mutex<Bool>

    /// Connects to `ws://127.0.0.1:PORT/path` and completes the handshake (101 expected). A
    /// `paused` client reads nothing until `resume()` (a viewer that stops reading), and
    /// `receiveBuffer` shrinks its socket's receive buffer so the server notices sooner.
    init(_ url: String, paused: Bool = false, receiveBuffer: Int32? = nil) throws {
        self.paused = Mutex(paused)
        guard let components = URLComponents(string: url), let port = components.port else { throw TestFailure("bad URL \(url)") }
        var target = components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        if var size = receiveBuffer { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TestFailure("cannot connect to \(url)")
        }
        let request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try write(Array(request.utf8))
        Thread.detachNewThread { [self] in readLoop(fd) }
    }

    deinit { close(fd) }

    /// Every frame received so far; `ended` once the server closed the socket.
    var received: (frames: [Frame], ended: Bool) {
        (frames.withLock { $0 }, ended.withLock { $0 })
    }

    /// Starts reading after `init(paused: true)`.
    func resume() { paused.withLock { $0 = false } }

    /// Sends a masked text frame.
    func send(text: String) throws {
        try send(Array(text.utf8), opcode: 0x1)
    }

    /// Sends a masked frame (a final one) with `opcode`.
    private func send(_ payload: [UInt8], opcode: UInt8) throws {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try write(frame)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw TestFailure("WebSocket write failed: errno \(errno)") }
            offset += written
        }
    }

    private func readLoop(_ fd: Int32) {
        var buffer: [UInt8] = []
        var handshakeDone = false
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            while paused.withLock({ $0 }) { usleep(5000) }
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            buffer += chunk[0..<count]
            if !handshakeDone {
                guard let end = Self.find([13, 10, 13, 10], in: buffer) else { continue }
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                guard head.hasPrefix("HTTP/1.1 101") else {
                    frames.withLock { $0.append(.close(code: nil)) }
                    break
                }
                buffer.removeFirst(end + 4)
                handshakeDone = true
            }
            while let (frame, used) = Self.parseFrame(buffer) {
                let isPing = buffer[0] & 0x0F == 0x9
                buffer.removeFirst(used)
                // The server pings every 30 s and drops clients that never answer: answer like a browser.
                if isPing, case .binary(let payload) = frame {
                    try? send(payload, opcode: 0xA)
                    continue
                }
                frames.withLock { $0.append(frame) }
            }
        }
        ended.withLock { $0 = true }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<index + needle.count]) == needle {
            return index
        }
        return nil
    }

    /// One unmasked server frame at the start of `buffer`, and how many bytes it used.
    private static func parseFrame(_ buffer: [UInt8]) -> (Frame, Int)? {
        guard buffer.count >= 2 else { return nil }
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            offset = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard buffer.count >= offset + length else { return nil }
        let payload = Array(buffer[offset..<offset + length])
        switch opcode {
        case 0x1: return (.text(String(decoding: payload, as: UTF8.self)), offset + length)
        case 0x2, 0x9: return (.binary(payload), offset + length)  // a ping (0x9) is answered by the read loop
        case 0x8: return (.close(code: payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil), offset + length)
        default: return (.binary([]), offset + length)
        }
    }
}
