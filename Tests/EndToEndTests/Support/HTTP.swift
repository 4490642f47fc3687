import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A raw HTTP exchange, for tests that check status codes, headers and bodies byte for byte.
struct HTTPResult: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(text)")
        }
        return object
    }

    /// The ProblemDetails `type` without its URN prefix, e.g. `not_found`.
    var problemCode: String? {
        guard headers.first(name: "content-type") == "application/problem+json",
            let type = (try? json())?["type"] as? String
        else { return nil }
        return type.replacingOccurrences(of: "urn:sandbox-agent:error:", with: "")
    }
}

enum HTTP {
    static func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    static func json(
        _ method: HTTPMethod, _ url: String, _ object: Any, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPResult {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(method, url, headers: headers + [("Content-Type", "application/json")], body: body, timeout: timeout)
    }
}
