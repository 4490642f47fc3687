import ACP
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Decoding of JSON request bodies and encoding of JSON responses, with errors that name the
/// offending field: malformed JSON, a wrong type, a missing field or a repeated key is a 400.
/// Keys the server does not know are ignored (a client one version newer may send them) and
/// logged once per request at debug level.
enum JSONBody {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// Where ignored keys are reported (created on first use, after logging is set up).
    private static let logger = Logger(label: "sandbox-agent")

    /// Decodes the request body as `T`, refusing bodies over `limit` bytes (413) and keys that
    /// appear twice in one object (400). An empty body is `whenEmpty` when given, else a 400.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, limit: Int, whenEmpty: T? = nil
    ) async throws -> T {
        var request = request
        let buffer = try await collect(&request, limit: limit)
        let data = Data(buffer.readableBytesView)
        if data.isEmpty, let whenEmpty { return whenEmpty }
        guard !data.isEmpty else { throw APIError.invalidRequest("the request body is empty; expected a JSON object") }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError.invalidRequest("the request body is not valid JSON: \(underlyingMessage(error))")
        }
        guard object is [String: Any] else {
            throw APIError.invalidRequest("the request body must be a JSON object")
        }
        if let key = DuplicateKeyScanner.firstDuplicate(in: data) {
            throw APIError.invalidRequest("duplicate key '\(key)': a JSON object may name each key once")
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.invalidRequest(describe(error))
        }
        logIgnoredKeys(of: T.self, in: data, request: request)
        return value
    }

    /// One debug line naming the route and the keys `T` ignored; nothing is computed unless
    /// debug logging is on.
    private static func logIgnoredKeys<T: Decodable>(of type: T.Type, in data: Data, request: Request) {
        guard logger.logLevel <= .debug, let body = try? JSONDecoder().decode(JSONValue.self, from: data) else { return }
        let ignored = UnknownKeys.find(T.self, in: body)
        guard !ignored.isEmpty else { return }
        logger.debug(
            "ignored unknown request fields",
            metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "fields": "\(ignored.joined(separator: ","))"])
    }

    /// The whole request body; a body over `limit` bytes is a 413, a body that is not declared as
    /// JSON (`Content-Type: application/json` or `…+json`) a 415. Browsers send cross-site form
    /// posts as `text/plain` without asking first, so a JSON route must not read those.
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit, what: "the JSON body")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: limit, what: "the JSON body")
        }
        if buffer.readableBytes > 0, !isJSON(mediaType: request.headers[.contentType]) {
            throw APIError.unsupportedMediaType(
                "the body must be sent with Content-Type application/json, got \(request.headers[.contentType] ?? "none")")
        }
        return buffer
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or a `+json` type, any parameters.
    static func isJSON(mediaType: String?) -> Bool {
        guard let mediaType else { return false }
        let essence = mediaType.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return essence == "application/json" || (essence.hasPrefix("application/") && essence.hasSuffix("+json"))
    }

    /// A 200 (or `status`) response with `value` as JSON.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `value` as JSON text, for SSE `data:` lines (the encoder writes no raw newlines).
    static func string<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// `text` as a JSON string literal, quotes included.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// A sentence naming the field and the rule a decoding error broke.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the body" : "'" + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            return "field \(path(context.codingPath)) must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field \(path(context.codingPath)) must be \(describe(type)), not null"
        case .dataCorrupted(let context):
            return "field \(path(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "the body does not match the expected shape"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt64.Type, is UInt16.Type: "an integer"
        case is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        case is [String: String].Type: "an object of strings"
        default: "of type \(type)"
        }
    }

    private static func underlyingMessage(_ error: any Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
    }
}
