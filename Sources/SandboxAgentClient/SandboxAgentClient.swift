public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// An async, typed client of the sandbox-agent HTTP API.
///
/// Every method sends one request and throws ``SandboxAgentClientError`` when the server answers
/// with an error status or cannot be reached.
public struct SandboxAgentClient: Sendable {
    /// Base URL of the server, for example `http://127.0.0.1:2468`.
    public let endpoint: URL
    /// Bearer token sent as `Authorization: Bearer <token>`, when set.
    public let token: String?
    /// The HTTP client the requests go through.
    public let httpClient: HTTPClient

    /// Creates a client of the server at `endpoint`.
    ///
    /// - Parameters:
    ///   - endpoint: Base URL of the server; defaults to `http://127.0.0.1:2468`.
    ///   - token: Bearer token, when the server was started with one.
    ///   - httpClient: The HTTP client to use; defaults to the process-wide `HTTPClient.shared`.
    public init(
        endpoint: URL = URL(string: "http://127.0.0.1:2468")!,
        token: String? = nil,
        httpClient: HTTPClient = .shared
    ) {
        self.endpoint = endpoint
        self.token = token
        self.httpClient = httpClient
    }

    /// `GET /v1/health`: checks the server is alive and returns its version.
    public func health() async throws -> HealthResponse {
        try await decode(send(.GET, "/v1/health"))
    }
}

// MARK: - Request plumbing shared by every method

/// A request body together with its content type.
struct RequestBody {
    var contentType: String
    var body: HTTPClientRequest.Body

    /// `value` encoded as JSON.
    static func json(_ value: some Encodable) throws -> RequestBody {
        let data = try JSONEncoder().encode(value)
        return RequestBody(contentType: "application/json", body: .bytes(ByteBuffer(bytes: data)))
    }
}

extension SandboxAgentClient {
    /// Sends one request and returns the response once its status is 2xx; the body is not read yet.
    ///
    /// Non-2xx answers are thrown as ``SandboxAgentClientError`` with the decoded problem details.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: KeyValuePairs<String, String?> = [:],
        headers: HTTPHeaders = [:],
        body: RequestBody? = nil
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers = headers
        if let token {
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: body.contentType)
            request.body = body.body
        }
        // No deadline: runs and followed logs may legitimately take minutes; connecting still times out.
        let response = try await transportErrors {
            try await httpClient.execute(request, deadline: .distantFuture)
        }
        guard (200..<300).contains(response.status.code) else {
            let body = try? await transportErrors {
                try await response.body.collect(upTo: SandboxAgentClientError.maxBodyBytes)
            }
            throw SandboxAgentClientError(response: response, body: body)
        }
        return response
    }

    /// Reads the whole body of `response` and decodes it as JSON.
    func decode<Value: Decodable>(_ response: HTTPClientResponse, as type: Value.Type = Value.self) async throws -> Value {
        let buffer = try await collect(response)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(buffer.readableBytesView))
        } catch {
            throw SandboxAgentClientError(invalidResponse: error, status: Int(response.status.code))
        }
    }

    /// Reads the whole body of `response` into memory.
    func collect(_ response: HTTPClientResponse) async throws -> ByteBuffer {
        try await transportErrors { try await response.body.collect(upTo: .max) }
    }

    /// Calls `body` with each buffer of the response body as it arrives.
    func forEachChunk(of response: HTTPClientResponse, _ body: (ByteBuffer) async throws -> Void) async throws {
        var iterator = response.body.makeAsyncIterator()
        while let chunk = try await transportErrors({ try await iterator.next() }) {
            try await body(chunk)
        }
    }

    /// Runs `operation`, turning network failures into ``SandboxAgentClientError/Code/transport``.
    func transportErrors<Value>(_ operation: () async throws -> Value) async throws -> Value {
        do {
            return try await operation()
        } catch let error as SandboxAgentClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SandboxAgentClientError(transport: error, endpoint: endpoint)
        }
    }

    /// The absolute URL of `path` under the endpoint, with the non-nil `query` items percent-encoded.
    func url(_ path: String, query: KeyValuePairs<String, String?>) -> String {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let items = query.compactMap { key, value in value.map { "\(Self.escape(key))=\(Self.escape($0))" } }
        return items.isEmpty ? base + path : base + path + "?" + items.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters, for query values and path segments.
    static func escape(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: unreserved) ?? component
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}
