import Foundation
import Glibc
import TestThreads

/// An SSE request on a plain socket with a tiny receive buffer that reads nothing until asked:
/// a client that stalls. `readToEnd` then takes everything the server sent, until it closes the
/// stream (`Connection: close`) or a deadline passes.
final class StalledSSEReader: Sendable {
    private let fd: Int32

    init(_ url: String) throws {
        guard let components = URLComponents(string: url), let port = components.port else { throw TestFailure("bad URL \(url)") }
        var target = components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to \(url)") }
        let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n".utf8)
        guard Glibc.send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { throw TestFailure("cannot send") }
    }

    deinit { close(fd) }

    /// The event ids received, in order, and whether the server ended the stream before `timeout`.
    func readToEnd(timeout: Duration) async throws -> (ids: [Int64], ended: Bool) {
        try await onOwnThread { try self.receiveToEnd(timeout: timeout) }
    }

    /// `readToEnd`, blocking in recv.
    private func receiveToEnd(timeout: Duration) throws -> (ids: [Int64], ended: Bool) {
        var wait = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let end = ContinuousClock.now + timeout
        var ended = false
        while ContinuousClock.now < end {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 {
                ended = true
                break
            }
            if count > 0 { bytes += buffer[..<count] } else if errno != EAGAIN && errno != EINTR { break }
        }
        return (try Self.ids(inChunkedResponse: bytes), ended)
    }

    /// Undoes the chunked transfer encoding, then collects the `id:` lines.
    private static func ids(inChunkedResponse bytes: [UInt8]) throws -> [Int64] {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let head = bytes.firstRange(of: separator) else { throw TestFailure("no response head") }
        var body: [UInt8] = []
        var index = head.upperBound
        while index < bytes.count, let lineEnd = bytes[index...].firstRange(of: [13, 10]) {
            guard let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) else {
                throw TestFailure("bad chunk size")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { break }  // a chunk cut short by the deadline
            body += bytes[start..<start + size]
            index = start + size + 2
        }
        return String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { line in
            line.hasPrefix("id: ") ? Int64(line.dropFirst(4)) : nil
        }
    }
}
