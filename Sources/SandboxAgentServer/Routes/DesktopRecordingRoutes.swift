import DesktopRuntime
import Foundation
import HTTPTypes
import Hummingbird
import SandboxAgentAPI

/// `/v1/desktop/recording/*` and `/v1/desktop/recordings*`: upstream's recording routes over
/// `DesktopRecordings`; the download honours `Range` so players can seek.
struct DesktopRecordingRoutes {
    let recordings: DesktopRecordings
    let jsonLimit: Int
    private let fileIO = FileIO()

    init(recordings: DesktopRecordings, jsonLimit: Int) {
        self.recordings = recordings
        self.jsonLimit = jsonLimit
    }

    func register(on routes: DesktopRouteTable) {
        routes.on(.post, "/v1/desktop/recording/start") { request, _ in
            let start = try await JSONBody.decode(DesktopRecordingStartRequest.self, from: request, limit: jsonLimit, whenEmpty: .init())
            return try JSONBody.response(try await recordings.start(start))
        }
        routes.on(.post, "/v1/desktop/recording/stop") { _, _ in try JSONBody.response(try await recordings.stop()) }
        routes.on(.get, "/v1/desktop/recordings") { _, _ in try JSONBody.response(await recordings.list()) }
        routes.on(.get, "/v1/desktop/recordings/:id") { _, context in
            try JSONBody.response(try await recordings.recording(try context.recordingID()))
        }
        routes.on(.get, "/v1/desktop/recordings/:id/download") { request, context in
            let (info, path) = try await recordings.video(try context.recordingID())
            let size = Int(info.bytes)
            var headers: HTTPFields = [.contentType: "video/mp4", .acceptRanges: "bytes"]
            headers[.contentDisposition] = "attachment; filename=\"\(info.fileName)\""
            guard let range = try ByteRange.parse(request.headers[.range], size: size) else {
                headers[.contentLength] = "\(size)"
                return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: path, context: context))
            }
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = "\(range.count)"
            return Response(status: .partialContent, headers: headers, body: try await fileIO.loadFile(path: path, range: range, context: context))
        }
        routes.on(.delete, "/v1/desktop/recordings/:id") { _, context in
            try await recordings.delete(try context.recordingID())
            return Response(status: .noContent)
        }
    }
}

extension APIRequestContext {
    /// The `{id}` of a recording route (`rec_N`).
    func recordingID() throws -> String {
        guard let id = parameters.get("id"), id.hasPrefix("rec_"), Int(id.dropFirst(4)) != nil else {
            throw APIError.notFound("no recording \(parameters.get("id") ?? "")")
        }
        return id
    }
}
