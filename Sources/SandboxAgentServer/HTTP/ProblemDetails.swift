import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentAPI

extension ProblemDetails {
    /// The body for `error`, with its extension fields.
    init(_ error: APIError, instance: String?) {
        self.init(
            type: "urn:sandbox-agent:error:\(error.code)", title: error.title, status: error.status.code, detail: error.detail,
            instance: instance, extensions: error.extensions, listExtensions: error.listExtensions)
    }

    /// The `application/problem+json` response for `error`.
    static func response(for error: APIError, instance: String?, headers: HTTPFields = [:]) -> Response {
        let body = (try? JSONEncoder().encode(ProblemDetails(error, instance: instance))) ?? Data()
        var headers = headers
        headers[.contentType] = "application/problem+json"
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
