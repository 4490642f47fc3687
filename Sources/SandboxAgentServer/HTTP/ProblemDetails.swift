import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The body of every error response (RFC 9457), with the extension fields flattened in.
struct ProblemDetails: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var instance: String?
    var extensions: [String: String]
    var listExtensions: [String: [String]]

    init(_ error: APIError, instance: String?) {
        type = "urn:sandbox-agent:error:\(error.code)"
        title = error.title
        status = error.status.code
        detail = error.detail
        self.instance = instance
        extensions = error.extensions
        listExtensions = error.listExtensions
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in extensions { try container.encode(value, forKey: Key(stringValue: key)) }
        for (key, value) in listExtensions { try container.encode(value, forKey: Key(stringValue: key)) }
        try container.encode(type, forKey: Key(stringValue: "type"))
        try container.encode(title, forKey: Key(stringValue: "title"))
        try container.encode(status, forKey: Key(stringValue: "status"))
        try container.encode(detail, forKey: Key(stringValue: "detail"))
        try container.encodeIfPresent(instance, forKey: Key(stringValue: "instance"))
    }

    /// The `application/problem+json` response for `error`.
    static func response(for error: APIError, instance: String?, headers: HTTPFields = [:]) -> Response {
        let body = (try? JSONEncoder().encode(ProblemDetails(error, instance: instance))) ?? Data()
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
