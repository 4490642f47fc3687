import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Error of a ``SandboxAgentClient`` call: an error status from the server, a network failure or
/// a response that could not be decoded.
///
/// Its `description` reads well on a terminal, for example `404 not_found: no process with id proc_9`.
public struct SandboxAgentClientError: Error, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server answered with a non-2xx status (see ``status``, ``problem`` and ``body``).
        public static let http = Code("http")
        /// The server could not be reached or the connection failed mid-response.
        public static let transport = Code("transport")
        /// The server answered 2xx, but the body is not what the API documents.
        public static let invalidResponse = Code("invalid_response")
    }

    /// The kind of failure.
    public var code: Code
    /// HTTP status of the response; nil when no response arrived (``Code/transport``).
    public var status: Int?
    /// The decoded body when the server answered with `application/problem+json`.
    public var problem: ProblemDetails?
    /// The body text of an error response that is not problem details, when there was one.
    public var body: String?
    /// The network or decoding error behind a ``Code/transport`` or ``Code/invalidResponse``.
    public var underlyingError: (any Error)?
    /// Endpoint that could not be reached (``Code/transport``).
    public var endpoint: URL?

    /// Most bytes of an error body that are read.
    static let maxBodyBytes = 64 * 1024

    /// An error status, decoding `body` as problem details when the content type says so.
    init(response: HTTPClientResponse, body: ByteBuffer?) {
        self.code = .http
        self.status = Int(response.status.code)
        let text = body.map { String(buffer: $0) } ?? ""
        let contentType = response.headers.first(name: "Content-Type") ?? ""
        if contentType.lowercased().hasPrefix("application/problem+json"),
            let problem = try? JSONDecoder().decode(ProblemDetails.self, from: Data(text.utf8))
        {
            self.problem = problem
        } else {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            self.body = trimmed.isEmpty ? nil : trimmed
        }
    }

    /// The server at `endpoint` could not be reached.
    init(transport error: any Error, endpoint: URL) {
        self.code = .transport
        self.underlyingError = error
        self.endpoint = endpoint
    }

    /// A 2xx body that does not decode.
    init(invalidResponse error: any Error, status: Int?) {
        self.code = .invalidResponse
        self.status = status
        self.underlyingError = error
    }

    public var description: String {
        switch code {
        case .transport:
            let target = endpoint?.absoluteString ?? "the server"
            return "cannot reach \(target): \(underlyingError.map(Self.describe) ?? "unknown error")"
        case .invalidResponse:
            return "invalid response from the server: \(underlyingError.map(Self.describe) ?? "unknown error")"
        default:
            let status = status ?? 0
            if let problem {
                return "\(status) \(problem.code): \(problem.detail)"
            }
            let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
            return body.map { "\(status) \(reason): \($0)" } ?? "\(status) \(reason)"
        }
    }

    /// A one-line description of a network or decoding error.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as DecodingError:
            switch error {
            case .dataCorrupted(let context), .keyNotFound(_, let context),
                .typeMismatch(_, let context), .valueNotFound(_, let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
            @unknown default:
                return "\(error)"
            }
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        default:
            return "\(error)"
        }
    }
}
