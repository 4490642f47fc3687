public import HTTPTypes

/// An error the API reports as `application/problem+json` ProblemDetails.
///
/// `code` becomes the `type` URN (`urn:sandbox-agent:error:<code>`); `detail` says what was
/// wrong with which field or path; `extensions` add machine-readable context.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    public var extensions: [String: String]
    /// Extension fields whose values are lists (`missingDependencies`).
    public var listExtensions: [String: [String]] = [:]

    public init(_ status: HTTPResponse.Status, code: String, title: String? = nil, detail: String, extensions: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.extensions = extensions
    }

    public var description: String { "\(status.code) \(code): \(detail)" }

    /// 400 `invalid_request`.
    public static func invalidRequest(_ detail: String) -> APIError {
        APIError(.badRequest, code: "invalid_request", title: "Invalid request", detail: detail)
    }

    /// 404 `not_found`.
    public static func notFound(_ detail: String) -> APIError {
        APIError(.notFound, code: "not_found", title: "Not found", detail: detail)
    }

    /// 413 `payload_too_large`.
    public static func payloadTooLarge(limit: Int, what: String) -> APIError {
        APIError(
            .contentTooLarge, code: "payload_too_large", title: "Payload too large",
            detail: "\(what) is larger than the limit of \(limit) bytes", extensions: ["limit": "\(limit)"])
    }

    /// 415 `unsupported_media_type`.
    public static func unsupportedMediaType(_ detail: String) -> APIError {
        APIError(.unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type", detail: detail)
    }
}
