import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

extension TestClientProtocol {
    /// One request, its response returned.
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// `object` (anything `JSONSerialization` takes) sent as an `application/json` body.
    func json(_ method: HTTPRequest.Method, _ uri: String, _ object: Any, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        let body = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// `text` sent as an `application/json` body, as is (for malformed and hand-written bodies).
    func json(_ method: HTTPRequest.Method, _ uri: String, text: String) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: text))
    }
}

extension TestResponse {
    /// The body as a JSON object (empty when it is none).
    func object() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// The `code` at the end of a ProblemDetails `type`; nil for other bodies.
    var problemCode: String? {
        guard headers[.contentType] == "application/problem+json" else { return nil }
        return ((try? object())?["type"] as? String)?.split(separator: ":").last.map(String.init)
    }
}
